// SPDX-License-Identifier: GPL-2.0
/*
 * determinism.c - does an input take the same path on every execution,
 * whatever ran before it in the process?  (make determinism-check)
 *
 * Linked with the slowpath fuzz target's own objects, as the fuzzing build
 * compiles them, in place of libFuzzer: it runs every input given through
 * LLVMFuzzerTestOneInput in one process, first in the order given and then
 * in the reverse order, and after each execution takes the input's coverage
 * the way the engines see it: every edge counter that moved, with its count
 * in AFL++'s and libFuzzer's buckets (1, 2, 3, 4-7, 8-15, 16-31, 32-127,
 * 128+).  An input whose coverage differs between the two passes depends on
 * what ran before it: AFL++ counts it against stability and libFuzzer may
 * keep or drop it for the wrong reason.  The first such input is named with
 * the first edge that differs (its pc, for llvm-symbolizer), and the exit
 * status is 1.  Every finding is treated as known (PAFUZZ_SUPPRESS is set to
 * a pattern that matches all), so nothing stops the passes.
 *
 * usage: determinism FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "prog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* from the sanitizer runtime the fuzzing build links: a pc as "function file:line" */
void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out, size_t len);

/* ---- what the engines would read: the inline 8-bit counters and their pcs ---- */

static uint8_t *counters;
static size_t nr_counters;
static const uintptr_t *pcs;	/* pairs: pc, flags; one pair per counter */

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);
void __sanitizer_cov_pcs_init(const uintptr_t *start, const uintptr_t *stop);

/* one module here (the target is linked statically): keep its arrays */
void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop)
{
	if (!counters) {
		counters = start;
		nr_counters = (size_t)(stop - start);
	}
}

void __sanitizer_cov_pcs_init(const uintptr_t *start, const uintptr_t *stop)
{
	(void)stop;
	if (!pcs)
		pcs = start;
}

/* comparison tracing feeds libFuzzer's mutations only: nothing to keep here */
void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b);
void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b);
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b);
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b);
void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b);
void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b);
void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b);
void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b);
void __sanitizer_cov_trace_switch(uint64_t v, uint64_t *cases);
void __sanitizer_cov_trace_pc_indir(uintptr_t callee);
void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) { (void)a; (void)b; }
void __sanitizer_cov_trace_switch(uint64_t v, uint64_t *cases) { (void)v; (void)cases; }
void __sanitizer_cov_trace_pc_indir(uintptr_t callee) { (void)callee; }

#define MAX_SHOWN 8

/* ---- the passes ------------------------------------------------------------------- */

static uint8_t bucket(uint8_t c)
{
	return c == 0 ? 0 : c == 1 ? 1 : c == 2 ? 2 : c == 3 ? 3 : c < 8 ? 4 : c < 16 ? 5 :
	       c < 32 ? 6 : c < 128 ? 7 : 8;
}

struct input {
	const char *path;
	uint8_t *data;
	size_t len;
	uint8_t *cov;		/* the bucketed counters of its first pass */
};

static void run_one(const struct input *in, uint8_t *out)
{
	memset(counters, 0, nr_counters);
	LLVMFuzzerTestOneInput(in->data, in->len);
	for (size_t k = 0; k < nr_counters; k++)
		out[k] = bucket(counters[k]);
}

int main(int argc, char **argv)
{
	static const char pattern[] = "*\n";
	char suppress[] = "/tmp/pafuzz-determinism-XXXXXX";
	struct input *in;
	uint8_t *cov;
	char err[512];
	int n = 0, bad = 0, fd;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: determinism FILE...\n");
		return 2;
	}
	fd = mkstemp(suppress);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || fputs(pattern, f) < 0 || fclose(f)) {
		perror("determinism: the suppression file");
		return 2;
	}
	setenv("PAFUZZ_SUPPRESS", suppress, 1);
	unsetenv("PAFUZZ_SEEN_DIR");
	unsetenv("PAFUZZ_KNOWN_DIR");
	LLVMFuzzerInitialize(&argc, &argv);
	unlink(suppress);
	if (!counters || !nr_counters) {
		fprintf(stderr, "determinism: the target has no coverage counters (not a fuzzing build)\n");
		return 2;
	}
	in = calloc((size_t)argc, sizeof(*in));
	cov = malloc(nr_counters);
	if (!in || !cov)
		return 2;
	for (int i = 1; i < argc; i++) {
		in[n].path = argv[i];
		if (prog_read_file(argv[i], &in[n].data, &in[n].len, err, sizeof(err))) {
			fprintf(stderr, "determinism: %s\n", err);
			return 2;
		}
		in[n].cov = malloc(nr_counters);
		if (!in[n].cov)
			return 2;
		n++;
	}
	for (int i = 0; i < n; i++)
		run_one(&in[i], in[i].cov);
	for (int i = n - 1; i >= 0; i--) {
		size_t k;

		run_one(&in[i], cov);
		if (!memcmp(cov, in[i].cov, nr_counters))
			continue;
		for (k = 0; k < nr_counters && cov[k] == in[i].cov[k]; k++)
			;
		if (!bad++) {
			int shown = 0;

			printf("determinism: %s: its coverage depends on what ran before it; the edges "
			       "that differ (the first %d):\n", in[i].path, MAX_SHOWN);
			for (; k < nr_counters && shown < MAX_SHOWN; k++) {
				char where[512] = "?";

				if (cov[k] == in[i].cov[k])
					continue;
				if (pcs)
					__sanitizer_symbolize_pc((void *)pcs[2 * k], "%F %L", where,
								 sizeof(where));
				printf("determinism:   counter %zu%s: bucket %u in the first pass, %u in "
				       "the second\n", k, where, in[i].cov[k], cov[k]);
				shown++;
			}
		}
	}
	printf("determinism: %d input(s), %zu edge counters, run twice in one process (given "
	       "order, then reversed): %d with coverage that depends on what ran before\n",
	       n, nr_counters, bad);
	for (int i = 0; i < n; i++) {
		free(in[i].data);
		free(in[i].cov);
	}
	free(in);
	free(cov);
	return bad ? 1 : 0;
}
