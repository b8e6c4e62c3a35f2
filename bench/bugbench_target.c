// SPDX-License-Identifier: GPL-2.0
/*
 * bugbench_target.c - the bug benchmark's target (bench/bugbench.pl): every input
 * runs on a planted-bug build of the model and on the reference build linked
 * into the same binary (its symbols renamed ref_*).  A finding is an input
 * whose verdict or signature differs between the two: what a user of pafuzz
 * would see the planted bug do.  PAFUZZ_DEFAULTS=1 drops the program's
 * answers and fault lines (the "no choice injection" baseline).
 * PAFUZZ_HUNT="A*B" hunts one of the seed's own findings instead: an input
 * finds it when the planted build's signature contains A, then B, ... in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../fuzz/known.h"
#include "../fuzz/runner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the reference build, renamed */
struct runner *ref_runner_new(void);
int ref_runner_run(struct runner *r, const struct prog *p, FILE *trace, struct run_result *res);
void ref_prog_decode(const uint8_t *data, size_t len, struct prog *p);

static struct runner *mut, *ref;
static bool defaults_only;
static const char *hunt;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *d = getenv("PAFUZZ_DEFAULTS");

	(void)argc;
	(void)argv;
	defaults_only = d && d[0] == '1';
	hunt = getenv("PAFUZZ_HUNT");
	if (hunt && !hunt[0])
		hunt = NULL;
	mut = runner_new();
	ref = ref_runner_new();
	return 0;
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
	prog_decode(data, size, &p);
	if (hunt) {
		strip(&p);
		if (!runner_run(mut, &p, NULL, &a) && sig_match(hunt, a.sig)) {
			fprintf(stderr, "pafuzz-diff: hunted %s: %s %s\n", hunt,
				verdict_name[a.verdict], a.sig);
			fflush(stderr);
			abort();
		}
		return 0;
	}
	ref_prog_decode(data, size, &q);
	strip(&p);
	strip(&q);
	if (ref_runner_run(ref, &q, NULL, &b) || runner_run(mut, &p, NULL, &a))
		return 0;
	if (a.verdict != b.verdict || strcmp(a.sig, b.sig)) {
		fprintf(stderr, "pafuzz-diff: planted build %s %s; reference %s %s\n",
			verdict_name[a.verdict], a.sig, verdict_name[b.verdict], b.sig);
		fflush(stderr);
		abort();
	}
	return 0;
}
