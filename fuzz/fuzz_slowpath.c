// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_slowpath.c - libFuzzer/AFL++ target over whole programs: any bytes
 * decode to a layout, operations and choice answers (text that parses runs
 * too; text that does not is no program, as for pafuzz).  A finding aborts
 * with a line that starts with the verdict and signature, through frames
 * named for the verdict (finding.c), so the crash file is the reproducer
 * (`pafuzz replay CRASH --trace`).
 */
#include <stdio.h>
#include <stdlib.h>
#include "finding.h"
#include "known.h"
#include "runner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct runner *r;

/* Every model is built before the first input: a run then only resets one. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	/* a bad schedule must not leave a job fuzzing without the faults it was given */
	if (runner_check_env(err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	if (known_init())
		exit(1);	/* a suppression file that cannot be read must not be half-used */
	r = runner_new();
	runner_trace_hash(r, false);	/* verdicts only: the trace hash is for replays */
	runner_prepare(r, 99);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p;
	struct run_result res;
	char err[64];

	if (!r) {
		r = runner_new();
		runner_trace_hash(r, false);
	}
	/* pafuzz's own rule, so that every crash file replays as it ran here */
	if (prog_from_bytes(data, size, NULL, &p, err, sizeof(err)))
		return -1;
	/*
	 * This target fuzzes v4.2.  An input naming patch variants (a `patch`
	 * trailer the mutations can write) would run another kernel and report
	 * its findings, the revert variants' historic bugs among them, as v4.2's:
	 * refused unrun.  Variants are hunted by the diff target.
	 */
	if (p.patches)
		return -1;
	if (runner_run(r, &p, NULL, &res))
		return 0;
	if (fuzz_is_finding(&p, &res)) {
		if (known_finding(res.sig, data, size))
			return 0;	/* recorded once, kept apart */
		if (seen_finding(res.sig, data, size))
			return 0;	/* met before: its first input is kept */
		fuzz_report_finding("slowpath", &res);
	}
	return 0;
}
