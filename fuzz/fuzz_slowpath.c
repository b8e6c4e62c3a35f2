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
	(void)argc;
	(void)argv;
	fuzz_target_init();
	r = runner_new();
	runner_trace_hash(r, false);	/* verdicts only: the trace hash is for replays */
	runner_prepare(r, 99);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p;
	struct run_result res;

	if (!r) {
		r = runner_new();
		runner_trace_hash(r, false);
	}
	if (!fuzz_v42_program(data, size, &p))
		return -1;
	if (runner_run(r, &p, NULL, &res))
		return 0;
	if (fuzz_is_finding(&p, &res) && !known_finding(res.sig, data, size) &&
	    !seen_finding(res.sig, data, size))
		fuzz_report_finding("slowpath", &res);
	/* known findings are recorded once and kept apart; a seen one kept its first input */
	return fuzz_keep(&res, NULL);
}
