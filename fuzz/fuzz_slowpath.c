// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_slowpath.c - libFuzzer/AFL++ target over whole programs: any bytes
 * decode to a layout, operations and choice answers.  A finding aborts with
 * a line that starts with the verdict and signature, so the crash file is
 * the reproducer (`pafuzz replay CRASH --trace`).
 */
#include <stdio.h>
#include <stdlib.h>
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

	if (!r) {
		r = runner_new();
		runner_trace_hash(r, false);
	}
	prog_decode(data, size, &p);
	if (runner_run(r, &p, NULL, &res))
		return 0;
	if (run_is_finding(&res) || (p.warnings_fatal && res.verdict == V_WARNING)) {
		if (known_finding(res.sig, data, size))
			return 0;	/* recorded once, kept apart */
		if (seen_finding(res.sig, data, size))
			return 0;	/* met before: its first input is kept */
		fprintf(stderr, "pafuzz: %s %s (op %d)\n%s\n", verdict_name[res.verdict], res.sig,
			res.op, res.detail);
		abort();
	}
	return 0;
}
