// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_diff.c - the differential target: every input runs on v4.2 and on a
 * patch variant (the input's own `patch` trailer, else PAFUZZ_PATCHES, else
 * every patch), both judged by the oracles spec/patches.md adds.  A finding
 * is a verdict difference, signed by the pair ("diff:livelock>ok@...",
 * "diff:ok>premature-oom@...") and aborted through frames named for the pair
 * (finding.c).  Known differences (PAFUZZ_SUPPRESS, e.g. a fix that works)
 * are recorded once and fuzzed past, as in the other targets.  Inputs are
 * read by pafuzz's own rule, as slowpath reads them; replay a crash file
 * with `pafuzz diff CRASH --trace` under the same PAFUZZ_PATCHES.
 *
 * The runs keep no trace hash: a difference is one of verdicts, and pafuzz
 * diff, which prints where the traces part, records both traces itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include "diff.h"
#include "finding.h"
#include "known.h"
#include "mutate.h"
#include "runner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed);
/* weak: AFL++'s libFuzzer driver may not provide it (and does not call us then) */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max) __attribute__((weak));

/*
 * A patch changes decisions at boundaries (an order, a gfp flag): half the
 * mutations change one field of one operation (fuzz/mutate.c), the other half
 * are libFuzzer's own byte mutations.
 */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned seed)
{
	size_t n = seed & 1 ? prog_mutate_op(data, size, max, seed >> 1) : 0;

	if (!n && LLVMFuzzerMutate)
		n = LLVMFuzzerMutate(data, size, max);
	return n;
}

static struct runner *r;

static struct runner *new_runner(void)
{
	struct runner *nr = runner_new();

	if (nr)
		runner_trace_hash(nr, false);	/* verdicts only (see above) */
	return nr;
}

/* Every model is built before the first input: a run then only resets one. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct prog none;
	uint32_t patches;
	char err[256];

	(void)argc;
	(void)argv;
	fuzz_target_init();
	/* a bad PAFUZZ_PATCHES must stop the job, not fuzz the wrong variant */
	if (diff_patches_of(&none, &patches, err, sizeof(err))) {
		fprintf(stderr, "fuzz_diff: %s\n", err);
		exit(1);
	}
	r = new_runner();
	runner_prepare(r, 99);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p;
	struct run_result base, patched;
	uint32_t patches;
	char sig[192], err[256];

	if (!r)
		r = new_runner();
	/* pafuzz's own rule, so that every crash file replays as it ran here */
	if (prog_from_bytes(data, size, NULL, &p, err, sizeof(err)))
		return -1;
	if (diff_patches_of(&p, &patches, err, sizeof(err)))
		return 0;
	if (diff_run(r, &p, patches, &base, &patched))
		return 0;
	diff_signature(&base, &patched, sig, sizeof(sig));
	if (sig[0] && !known_finding(sig, data, size) && !seen_finding(sig, data, size))
		fuzz_report_diff(sig, patches, &base, &patched);
	/* known findings are recorded once and kept apart; a seen one kept its first input */
	return fuzz_keep(&base, &patched);
}
