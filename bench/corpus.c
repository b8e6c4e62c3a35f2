// SPDX-License-Identifier: GPL-2.0
/*
 * corpus.c - the cost of a corpus's inputs in one build, for `make bench`
 * (scripts/corpus.pl runs it in each build and over the evolved corpus): every
 * file of a directory decoded and run in one process, as the slowpath fuzz
 * target runs them (pafuzz's input rule, one runner, models built ahead),
 * each timed.  Prints rows in bench_core's form and one JSON line.  Clocks
 * are read here only, never in core/.
 *
 * usage: bench_corpus KEY LABEL DIR [--trace] [--passes K] [--layouts]
 *   KEY names the build in the JSON fields, LABEL in the rows; --trace keeps
 *   the trace hash on (pafuzz run's way; the fuzz targets turn it off);
 *   --layouts adds the cost per memory layout, as the verdict classes have it
 *   (a grown corpus spends most of its time on a few inputs of the large
 *   layouts, which the average per input hides).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../fuzz/runner.h"

#define MAX_INPUTS 100000

struct input {
	char *name;
	uint8_t *data;
	size_t len;
	int verdict;
	int layout;		/* p.layout: below 256 */
	double best_ns;		/* the fastest of the passes */
};

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->name, ((const struct input *)b)->name);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The row of one class of inputs (a verdict, a layout): how many, their share of the time, the cost of one. */
static void class_row(const char *label, const char *name, int cnt, double sum, double total)
{
	char what[160];

	if (!cnt)
		return;
	snprintf(what, sizeof(what), "%s:   %s (%d inputs, %.0f%% of the time), per input", label, name,
		 cnt, 100 * sum / total);
	printf("%-70s %12.2f %-6s\n", what, sum / cnt / 1000, "us");
}

int main(int argc, char **argv)
{
	static struct input in[MAX_INPUTS];
	static struct prog p, empty;
	const char *key, *label, *dir;
	bool trace = false, layouts = false;
	int passes = 3, n = 0, refused = 0;
	double pass_ns[16], decode_ns = 0, reset_ns = 0, total = 0;
	struct run_result res;
	struct runner *r;
	struct dirent *de;
	char err[512];
	DIR *d;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_corpus KEY LABEL DIR [--trace] [--passes K] [--layouts]\n");
		return 2;
	}
	key = argv[1];
	label = argv[2];
	dir = argv[3];
	for (int i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--trace"))
			trace = true;
		else if (!strcmp(argv[i], "--layouts"))
			layouts = true;
		else if (!strcmp(argv[i], "--passes") && i + 1 < argc)
			passes = atoi(argv[++i]);
		else {
			fprintf(stderr, "bench_corpus: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (passes < 1 || passes > 16) {
		fprintf(stderr, "bench_corpus: --passes wants 1..16\n");
		return 2;
	}
	d = opendir(dir);
	if (!d) {
		perror(dir);
		return 2;
	}
	while ((de = readdir(d)) && n < MAX_INPUTS) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (prog_read_file(path, &in[n].data, &in[n].len, err, sizeof(err))) {
			fprintf(stderr, "bench_corpus: %s\n", err);
			continue;
		}
		in[n].name = strdup(de->d_name);
		n++;
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "bench_corpus: no inputs in %s\n", dir);
		return 2;
	}
	qsort(in, (size_t)n, sizeof(in[0]), by_name);

	r = runner_new();
	runner_trace_hash(r, trace);
	runner_prepare(r, 99);
	/* a first pass builds what the inputs need (the 1 GiB model) and records verdicts */
	for (int i = 0; i < n; i++) {
		in[i].best_ns = 1e18;
		in[i].verdict = -1;
		if (prog_from_bytes(in[i].data, in[i].len, NULL, &p, err, sizeof(err))) {
			refused++;
			continue;
		}
		runner_run(r, &p, NULL, &res);
		in[i].verdict = (int)res.verdict;
		in[i].layout = p.layout;
	}
	for (int k = 0; k < passes; k++) {
		double t0 = now_ns();

		for (int i = 0; i < n; i++) {
			double a = now_ns(), b;

			if (prog_from_bytes(in[i].data, in[i].len, NULL, &p, err, sizeof(err)))
				continue;
			b = now_ns();
			runner_run(r, &p, NULL, &res);
			if (k == 0)
				decode_ns += b - a;
			if (now_ns() - a < in[i].best_ns)
				in[i].best_ns = now_ns() - a;
		}
		pass_ns[k] = now_ns() - t0;
	}
	/*
	 * What a run costs before its first operation and after its last: the
	 * same layout and CPUs with no operation (reset, task setup, teardown,
	 * verdict), once per input.
	 */
	for (int i = 0; i < n; i++) {
		double a;

		if (in[i].verdict < 0 ||
		    prog_from_bytes(in[i].data, in[i].len, NULL, &p, err, sizeof(err)))
			continue;
		empty = p;
		empty.nr_ops = 0;
		empty.nr_faults = 0;
		a = now_ns();
		runner_run(r, &empty, NULL, &res);
		reset_ns += now_ns() - a;
	}
	qsort(pass_ns, (size_t)passes, sizeof(double), cmp_double);
	for (int i = 0; i < n; i++)
		if (in[i].verdict >= 0)
			total += in[i].best_ns;

	{
		int runs = n - refused, v_cnt[NR_VERDICTS] = { 0 }, l_cnt[256] = { 0 };
		double med = pass_ns[passes / 2], v_sum[NR_VERDICTS] = { 0 }, l_sum[256] = { 0 };
		char what[160];

		snprintf(what, sizeof(what), "%s: inputs/s in one process (%d inputs)", label, runs);
		printf("%-70s %12.1f %-6s\n", what, runs / (med / 1e9), "in/s");
		snprintf(what, sizeof(what), "%s:   decode per input", label);
		printf("%-70s %12.2f %-6s\n", what, decode_ns / runs / 1000, "us");
		snprintf(what, sizeof(what), "%s:   reset, setup, teardown per input", label);
		printf("%-70s %12.2f %-6s\n", what, reset_ns / runs / 1000, "us");
		for (int i = 0; i < n; i++)
			if (in[i].verdict >= 0) {
				v_sum[in[i].verdict] += in[i].best_ns;
				v_cnt[in[i].verdict]++;
				l_sum[in[i].layout] += in[i].best_ns;
				l_cnt[in[i].layout]++;
			}
		for (int v = 0; v < NR_VERDICTS; v++)
			class_row(label, verdict_name[v], v_cnt[v], v_sum[v], total);
		for (int l = 0; layouts && l < nr_prog_layouts; l++) {
			char name[64];

			snprintf(name, sizeof(name), "layout %s", prog_layouts[l].name);
			class_row(label, name, l_cnt[l], l_sum[l], total);
		}
		printf("{\"corpus_%s_inputs\":%d,\"corpus_%s_inputs_s\":%.1f,\"corpus_%s_decode_us\":%.3f,"
		       "\"corpus_%s_reset_us\":%.3f,\"corpus_%s_run_us\":%.3f",
		       key, runs, key, runs / (med / 1e9), key, decode_ns / runs / 1000, key,
		       reset_ns / runs / 1000, key, total / runs / 1000);
		for (int v = 0; v < NR_VERDICTS; v++)
			if (v_cnt[v])
				printf(",\"corpus_%s_%s_us\":%.3f", key, verdict_name[v],
				       v_sum[v] / v_cnt[v] / 1000);
		printf("}\n");
	}
	for (int i = 0; i < n; i++) {
		free(in[i].data);
		free(in[i].name);
	}
	runner_free(r);
	return 0;
}
