// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_buddy.c - the fast target: only allocation, free, fill and drain
 * operations, atomic masks (no slowpath loops), the small layouts.  It
 * exercises the buddy, the per-cpu lists and the fast path under the
 * whole-model checks.
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
	runner_prepare(r, 2);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p;
	struct run_result res;
	int n = 0;

	if (!r) {
		r = runner_new();
		runner_trace_hash(r, false);
	}
	prog_decode(data, size, &p);
	p.layout = (uint8_t)(p.layout % 3);	/* default, tiny, small */
	for (int i = 0; i < p.nr_ops; i++) {
		struct prog_op o = p.ops[i];

		if (o.kind != OP_ALLOC && o.kind != OP_FREE && o.kind != OP_DRAIN && o.kind != OP_FILL)
			continue;
		if (o.kind == OP_ALLOC)
			o.gfp = (o.gfp & ~(__GFP_WAIT | __GFP_NOFAIL)) | __GFP_NOWARN;
		p.ops[n++] = o;
	}
	p.nr_ops = n;
	p.nr_expect = 0;
	p.nr_faults = 0;
	if (runner_run(r, &p, NULL, &res))
		return 0;
	if (run_is_finding(&res)) {
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
