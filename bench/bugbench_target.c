// SPDX-License-Identifier: GPL-2.0
/*
 * bugbench_target.c - the bug benchmark's target (scripts/bugbench.pl): every input
 * runs on a planted-bug build of the model and on the reference build linked
 * into the same binary (its symbols renamed ref_*).  A finding is an input
 * whose verdict or signature differs between the two: what a user of pafuzz
 * would see the planted bug do.  PAFUZZ_DEFAULTS=1 drops the program's
 * answers and fault lines (the "no choice injection" baseline).
 * PAFUZZ_HUNT="A*B" hunts one of the seed's own findings instead: an input
 * finds it when the planted build's signature contains A, then B, ... in order.
 * A hunt pattern that starts "diff:" hunts a difference the patch variants
 * make (PAFUZZ_PATCHES, fuzz/diff.h): the input runs on v4.2 and the variant
 * (PAFUZZ_PATCHES when set, even if the input names patches of its own), and
 * the pattern is matched against the difference's signature.
 *
 * Magma's "triggered" beside "detected": an input triggers the bug when the
 * two builds agree on the verdict but their traces differ (the planted change
 * ran and changed behaviour, no oracle saw it).  With PAFUZZ_TRIGGER_FILE set,
 * the first such input of a process appends "<wall-clock seconds> <execs>" to
 * that file; scripts/bugbench.pl reads it.  The clock only timestamps the
 * measurement, it decides nothing.
 *
 * PAFUZZ_ONLY=ref (or mut) runs the reference (or the planted) build alone
 * and prints "pafuzz-only: VERDICT SIGNATURE": bugbench.pl runs an input that
 * timed a trial out on each, so that a slow input is not counted as a find
 * unless the two builds' verdicts differ or only the planted build hangs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../fuzz/diff.h"
#include "../fuzz/finding.h"
#include "../fuzz/known.h"
#include "../fuzz/mutate.h"
#include "../fuzz/runner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed);
/* weak: the random driver and AFL++'s driver have no libFuzzer mutator */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max) __attribute__((weak));

/* the reference build, renamed */
struct runner *ref_runner_new(void);
int ref_runner_run(struct runner *r, const struct prog *p, FILE *trace, struct run_result *res);
void ref_prog_decode(const uint8_t *data, size_t len, struct prog *p);
void ref_runner_prepare(struct runner *r, int max_layout);

static struct runner *mut, *ref;
static bool defaults_only, ref_only, mut_only;
static const char *hunt, *trigger_file;
static unsigned long nr_execs;
static bool triggered;

static void note_trigger(void)
{
	struct timespec ts;
	char line[64];
	int fd, n;

	triggered = true;
	if (!trigger_file)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "%lld.%03ld %lu\n", (long long)ts.tv_sec,
		     ts.tv_nsec / 1000000, nr_execs);
	fd = open(trigger_file, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n)
		perror("pafuzz-diff: trigger file");
	close(fd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *d = getenv("PAFUZZ_DEFAULTS");

	(void)argc;
	(void)argv;
	defaults_only = d && d[0] == '1';
	d = getenv("PAFUZZ_ONLY");
	ref_only = d && !strcmp(d, "ref");
	mut_only = d && !strcmp(d, "mut");
	hunt = getenv("PAFUZZ_HUNT");
	if (hunt && !hunt[0])
		hunt = NULL;
	trigger_file = getenv("PAFUZZ_TRIGGER_FILE");
	if (trigger_file && !trigger_file[0])
		trigger_file = NULL;
	mut = runner_new();
	ref = ref_runner_new();
	/*
	 * every layout's model built now, as make fuzz's targets do: a model built
	 * on an input's first use gave that run a path of its own through model
	 * creation (AFL++ measured the target 93% stable)
	 */
	runner_prepare(mut, 99);
	ref_runner_prepare(ref, 99);
	return 0;
}

/*
 * A diff hunt mutates as the diff target does (fuzz/fuzz_diff.c): half the time
 * one field of one operation; every other row keeps libFuzzer's own mutations.
 */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed)
{
	const char *h = getenv("PAFUZZ_HUNT");
	size_t n = 0;

	if (h && !strncmp(h, "diff:", 5) && (seed & 1))
		n = prog_mutate_op(data, size, max, seed >> 1);
	if (!n && LLVMFuzzerMutate)
		n = LLVMFuzzerMutate(data, size, max);
	return n;
}

static void strip(struct prog *p)
{
	if (!defaults_only)
		return;
	p->nr_answers = 0;
	p->repeat = 0;
	p->nr_named = 0;
	p->nr_faults = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p, q;
	static struct run_result a, b;

	if (!mut)
		LLVMFuzzerInitialize(NULL, NULL);
	nr_execs++;
	prog_decode(data, size, &p);
	if (hunt && !strncmp(hunt, "diff:", 5)) {
		uint32_t patches;
		char sig[192], err[192];

		strip(&p);
		/*
		 * the row's variant (PAFUZZ_PATCHES), whatever patch line a
		 * mutation gave the input: a difference another variant makes is
		 * not this row's bug
		 */
		if (getenv("PAFUZZ_PATCHES"))
			p.patches = 0;
		if (diff_patches_of(&p, &patches, err, sizeof(err)) ||
		    diff_run(mut, &p, patches, &a, &b))
			return 0;
		diff_signature(&a, &b, sig, sizeof(sig));
		if (sig[0] && sig_match(hunt, sig)) {
			fprintf(stderr, "pafuzz-diff: hunted %s: %s\n", hunt, sig);
			fflush(stderr);
			abort();
		}
		return fuzz_keep(&a, &b);	/* as make fuzz's targets answer */
	}
	if (hunt) {
		strip(&p);
		if (!runner_run(mut, &p, NULL, &a) && sig_match(hunt, a.sig)) {
			fprintf(stderr, "pafuzz-diff: hunted %s: %s %s\n", hunt,
				verdict_name[a.verdict], a.sig);
			fflush(stderr);
			abort();
		}
		return fuzz_keep(&a, NULL);
	}
	ref_prog_decode(data, size, &q);
	strip(&p);
	strip(&q);
	if (ref_only || mut_only) {
		struct run_result *r = ref_only ? &b : &a;

		if (ref_only ? ref_runner_run(ref, &q, NULL, &b) : runner_run(mut, &p, NULL, &a))
			return 0;
		fprintf(stderr, "pafuzz-only: %s %s\n", verdict_name[r->verdict], r->sig);
		return 0;
	}
	if (ref_runner_run(ref, &q, NULL, &b) || runner_run(mut, &p, NULL, &a))
		return 0;
	if (a.verdict != b.verdict || strcmp(a.sig, b.sig)) {
		fprintf(stderr, "pafuzz-diff: planted build %s %s; reference %s %s\n",
			verdict_name[a.verdict], a.sig, verdict_name[b.verdict], b.sig);
		fflush(stderr);
		abort();
	}
	if (!triggered && a.trace_hash != b.trace_hash)
		note_trigger();
	return fuzz_keep(&a, NULL);
}
