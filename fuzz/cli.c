// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - the pafuzz command: run, replay, convert, minimize, explain,
 * layouts, choices, fuzz.  Exit status: 0 all ok, 1 a finding (or an expect line
 * not met), 2 a harness error (bad input, bad usage).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../fault/fault.h"
#include "diff.h"
#include "runner.h"

static int usage(FILE *f)
{
	fprintf(f,
		"usage: pafuzz COMMAND [ARGS]\n"
		"  run FILE...            one verdict line per program (binary or text);\n"
		"                         programs with expect lines pass when one matches\n"
		"  replay FILE [--trace|--zones]  the run's verdict, signature and trace hash;\n"
		"                         --trace prints every decision, kernel style\n"
		"  convert IN OUT         binary <-> text (the output form is the other one;\n"
		"                         --text/--binary force it)\n"
		"  minimize FILE [-o OUT] shrink operations and answers while the signature stays\n"
		"  explain FILE           the verdict's report: for a livelock, each round's\n"
		"                         progress and why, and the injected answers it needs\n"
		"  faults                 the fault points, one line each\n"
		"  layouts                the memory layouts a program may name\n"
		"  choices                the choice points and their outcomes\n"
		"  diff FILE [--patch P] [--trace]  v4.2 against a patch variant: both verdicts,\n"
		"                         where the traces part; exit 1 when the verdicts differ\n"
		"  patches                the patch variants a program may name, with their commits\n"
		"  fuzz [OPTIONS]         a fuzz job: make fuzz with --engine, --duration,\n"
		"                         --target, --jobs, --workdir, --fault (see fuzz --help)\n"
		"run, replay and explain take --fault SPEC (also PAFUZZ_FAULTS=\"SPEC;SPEC\"), e.g.\n"
		"  --fault compact.migrate:probability=30,times=5,min-order=2\n"
		"COMMAND --help says more about each.\n");
	return f == stderr ? 2 : 0;
}

static bool want_help(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* Takes --fault SPEC pairs out of argv into the runner; returns the new argc, or -1. */
static int take_faults(struct runner *r, int argc, char **argv)
{
	int n = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--fault") && i + 1 < argc) {
			char err[256];

			if (runner_add_fault(r, argv[++i], err, sizeof(err))) {
				fprintf(stderr, "pafuzz: %s\n", err);
				return -1;
			}
			continue;
		}
		argv[n++] = argv[i];
	}
	return n;
}

static bool finding(const struct prog *p, const struct run_result *res)
{
	return run_is_finding(res) || (p->warnings_fatal && res->verdict == V_WARNING);
}

static int cmd_run(int argc, char **argv)
{
	struct runner *r = runner_new();
	int rc = 0;
	bool steps = false;

	argc = take_faults(r, argc, argv);
	if (argc < 0) {
		runner_free(r);
		return 2;
	}
	{
		int n = 2;

		for (int i = 2; i < argc; i++) {	/* take --steps out of the file list */
			if (!strcmp(argv[i], "--steps"))
				steps = true;
			else
				argv[n++] = argv[i];
		}
		argc = n;
	}

	if (want_help(argc, argv) || argc < 3) {
		printf("pafuzz run [--steps] FILE...\n  Runs each program and prints: FILE: VERDICT SIGNATURE "
		       "trace=HASH\n  (--steps: then steps=LABEL,... for every seed step the run reached).\n  A program with expect lines passes when its verdict and "
		       "signature prefix match one\n  of them.  Exit 0: all ok (or as expected), "
		       "1: a finding or an unmet expect line,\n  2: a harness error.\n");
		runner_free(r);
		return argc < 3 && !want_help(argc, argv) ? 2 : 0;
	}
	for (int i = 2; i < argc; i++) {
		struct prog p;
		struct run_result res;
		char err[512], why[512];

		if (prog_load(argv[i], &p, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			rc = 2;
			continue;
		}
		if (runner_run(r, &p, NULL, &res)) {
			fprintf(stderr, "%s: %s\n", argv[i], res.detail);
			rc = 2;
			continue;
		}
		printf("%s: %s %s trace=%016llx%s%s", argv[i], verdict_name[res.verdict], res.sig,
		       (unsigned long long)res.trace_hash, res.nr_fired ? " faults=" : "", res.faults);
		if (steps) {
			const char *sep = " steps=";

			for (int b = 0; b < NR_SEED_LABELS; b++)
				if (res.steps & (1u << b)) {
					printf("%s%s", sep, seed_label_name[b]);
					sep = ",";
				}
		}
		printf("\n");
		if (p.nr_expect || p.has_trace_pin) {
			if (!runner_expect_met(&p, &res, why, sizeof(why))) {
				printf("%s: expect not met: %s\n", argv[i], why);
				if (rc < 1)
					rc = 1;
			}
		} else if (finding(&p, &res) && rc < 1) {
			rc = 1;
		}
	}
	runner_free(r);
	return rc;
}

static int cmd_replay(int argc, char **argv)
{
	struct runner *r;
	struct prog p;
	struct run_result res;
	char err[512];
	bool trace = false, zones = false;
	const char *file = NULL;

	if (want_help(argc, argv)) {
		printf("pafuzz replay FILE [--trace|--zones]\n  Runs one program and prints its verdict, "
		       "signature, trace hash and report.\n  --trace first prints every event: the "
		       "operation, the seed label, and the kernel-named\n  tracepoint or message "
		       "(mm_page_alloc, mm_vmscan_direct_reclaim_begin, \"Killed process\", ...),\n"
		       "  every choice asked and its answer.\n  --zones first prints a table for plots: "
		       "each zone's watermarks, then per event its\n  operation, label, class "
		       "(reclaim, compaction, oom, kswapd, fail) and each zone's free pages.\n");
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--trace"))
			trace = true;
		else if (!strcmp(argv[i], "--zones"))
			trace = zones = true;
		else if (!strcmp(argv[i], "--fault"))
			i++;
		else
			file = argv[i];
	}
	if (!file)
		return fprintf(stderr, "pafuzz replay: expected a FILE\n"), 2;
	if (prog_load(file, &p, err, sizeof(err)))
		return fprintf(stderr, "%s\n", err), 2;
	r = runner_new();
	if (take_faults(r, argc, argv) < 0) {
		runner_free(r);
		return 2;
	}
	runner_trace_zones(r, zones);
	if (runner_run(r, &p, trace ? stdout : NULL, &res)) {
		fprintf(stderr, "%s: %s\n", file, res.detail);
		runner_free(r);
		return 2;
	}
	printf("verdict: %s\nsignature: %s\ntrace hash: %016llx (%lu events, %lu choices)\n",
	       verdict_name[res.verdict], res.sig, (unsigned long long)res.trace_hash,
	       res.nr_events, res.nr_choices);
	if (res.nr_fired)
		printf("injected faults that fired: %s\n", res.faults);
	if (res.detail[0])
		printf("report:\n%s\n", res.detail);
	runner_free(r);
	return finding(&p, &res) ? 1 : 0;
}

static int cmd_convert(int argc, char **argv)
{
	struct prog p;
	char err[512];
	const char *in = NULL, *out = NULL;
	int force = 0;
	FILE *f;
	bool in_text;

	if (want_help(argc, argv)) {
		printf("pafuzz convert [--text|--binary] IN OUT\n  Turns a binary program into text "
		       "or a text program into binary (OUT '-' is stdout).\n");
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--text"))
			force = 1;
		else if (!strcmp(argv[i], "--binary"))
			force = 2;
		else if (!in)
			in = argv[i];
		else
			out = argv[i];
	}
	if (!in || !out)
		return fprintf(stderr, "pafuzz convert: expected IN and OUT\n"), 2;
	if (prog_load(in, &p, err, sizeof(err)))
		return fprintf(stderr, "%s\n", err), 2;
	f = fopen(in, "rb");
	in_text = false;
	if (f) {
		char head[7] = { 0 };

		in_text = fread(head, 1, 6, f) >= 1 && (!strcmp(head, "pafuzz") || head[0] == '#');
		fclose(f);
	}
	f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!f)
		return fprintf(stderr, "%s: %s\n", out, strerror(errno)), 2;
	if (force == 1 || (!force && !in_text)) {
		size_t n = prog_print(&p, NULL, 0);
		char *buf = malloc(n + 1);

		prog_print(&p, buf, n + 1);
		fputs(buf, f);
		free(buf);
	} else {
		uint8_t buf[8192];
		size_t n = prog_encode(&p, buf, sizeof(buf));

		fwrite(buf, 1, n, f);
	}
	if (f != stdout)
		fclose(f);
	return 0;
}

/* Delta debugging, greedy: drop ops, then answers, while the signature holds. */
/*
 * Drops the expect lines of p that run res does not meet, and the trace pin
 * if res does not meet it or no expect line is left of those there were (a
 * pin alone would pass any verdict); returns how many lines went.
 */
static int drop_unmet_expects(struct prog *p, const struct run_result *res)
{
	int kept = 0, dropped = 0, had = p->nr_expect;

	for (int i = 0; i < p->nr_expect; i++) {
		if (runner_expect_line_met(&p->expect[i], res))
			p->expect[kept++] = p->expect[i];
		else
			dropped++;
	}
	p->nr_expect = kept;
	if (p->has_trace_pin && (p->trace_pin != res->trace_hash || (had && !kept))) {
		p->has_trace_pin = false;
		dropped++;
	}
	return dropped;
}

static int cmd_minimize(int argc, char **argv)
{
	struct runner *r;
	struct prog p, best;
	struct run_result res;
	char err[512], sig[192];
	const char *in = NULL, *out = NULL;
	bool progress = true;
	int dropped;

	if (want_help(argc, argv)) {
		printf("pafuzz minimize FILE [-o OUT]\n  Removes operations and answers one at a time "
		       "while the verdict and signature\n  stay the same, until no single removal "
		       "keeps them; writes the text form to OUT\n  (default FILE.min.pz).  Expect "
		       "lines and a trace pin the result does not meet are dropped.\n");
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else
			in = argv[i];
	}
	if (!in)
		return fprintf(stderr, "pafuzz minimize: expected a FILE\n"), 2;
	if (prog_load(in, &p, err, sizeof(err)))
		return fprintf(stderr, "%s\n", err), 2;
	r = runner_new();
	runner_run(r, &p, NULL, &res);
	snprintf(sig, sizeof(sig), "%s", res.sig);
	best = p;
	while (progress) {
		progress = false;
		for (int i = best.nr_ops - 1; i >= 0; i--) {
			struct prog c = best;

			memmove(&c.ops[i], &c.ops[i + 1], sizeof(c.ops[0]) * (size_t)(c.nr_ops - i - 1));
			c.nr_ops--;
			/* frees and references to later objects keep their numbering valid */
			runner_run(r, &c, NULL, &res);
			if (!strcmp(res.sig, sig)) {
				best = c;
				progress = true;
			}
		}
		for (int i = best.nr_answers - 1; i >= 0; i--) {
			struct prog c = best;

			memmove(&c.answers[i], &c.answers[i + 1], (size_t)(c.nr_answers - i - 1));
			c.nr_answers--;
			if (c.repeat > c.nr_answers)
				c.repeat = (uint8_t)c.nr_answers;
			runner_run(r, &c, NULL, &res);
			if (!strcmp(res.sig, sig)) {
				best = c;
				progress = true;
			}
		}
	}
	/*
	 * The input's expect lines and trace pin describe the input's run: keep
	 * those the minimized program still meets, drop (and name) the rest, so
	 * that `pafuzz run` on the result reports the finding, not a stale expect.
	 */
	runner_run(r, &best, NULL, &res);
	dropped = drop_unmet_expects(&best, &res);
	{
		char path[1024];
		FILE *f;
		size_t n = prog_print(&best, NULL, 0);
		char *buf = malloc(n + 1);

		if (!out) {
			snprintf(path, sizeof(path), "%s.min.pz", in);
			out = path;
		}
		f = fopen(out, "w");
		if (!f || !buf)
			return fprintf(stderr, "%s: %s\n", out, strerror(errno)), 2;
		prog_print(&best, buf, n + 1);
		fprintf(f, "# minimized from %s: %s\n", in, sig);
		fputs(buf, f);
		fclose(f);
		free(buf);
		printf("%s: %d ops, %d answers (from %d, %d): %s\n", out, best.nr_ops,
		       best.nr_answers, p.nr_ops, p.nr_answers, sig);
		if (dropped)
			printf("%s: dropped %d expect or trace line%s the minimized run does not meet\n",
			       out, dropped, dropped == 1 ? "" : "s");
	}
	runner_free(r);
	return 0;
}

static int cmd_explain(int argc, char **argv)
{
	struct runner *r;
	struct prog p;
	struct run_result res;
	char err[512];

	if (want_help(argc, argv) || argc < 3) {
		printf("pafuzz explain FILE\n  Prints the verdict with its full report: for a "
		       "livelock or retry-storm, each round of\n  the cycle with the progress it "
		       "reported and why, and which injected answers the\n  cycle depends on; and "
		       "for each explicit answer, whether the verdict still holds\n  without it "
		       "(answer ablation).\n");
		return argc < 3 && !want_help(argc, argv) ? 2 : 0;
	}
	r = runner_new();
	argc = take_faults(r, argc, argv);
	if (argc < 3 || prog_load(argv[2], &p, err, sizeof(err))) {
		if (argc >= 3)
			fprintf(stderr, "%s\n", err);
		runner_free(r);
		return 2;
	}
	runner_run(r, &p, NULL, &res);
	printf("verdict: %s\nsignature: %s\n%s\n", verdict_name[res.verdict], res.sig, res.detail);
	if (res.nr_fired) {
		char sig[192];
		int n = res.nr_fired;

		snprintf(sig, sizeof(sig), "%s", res.sig);
		printf("fault ablation (each fired fault suppressed in turn: %s):\n", res.faults);
		for (int k = 0; k < n && k < 32; k++) {
			struct run_result rr;
			const char *name;

			runner_run(r, &p, NULL, &rr);	/* the same run again: faults fire the same */
			name = runner_skip_fault(r, &rr, k);
			runner_run(r, &p, NULL, &rr);
			printf("  fault %d (%s): %s\n", k, name ? name : "?",
			       strcmp(rr.sig, sig) ? "needed (verdict changes without it)" : "not needed");
			runner_skip_fault(r, &rr, -1);
		}
	}
	if (p.nr_answers) {
		char sig[192];

		snprintf(sig, sizeof(sig), "%s", res.sig);
		printf("answer ablation (each explicit answer replaced by the fair default):\n");
		for (int i = 0; i < p.nr_answers; i++) {
			struct prog c = p;
			struct run_result rr;

			memmove(&c.answers[i], &c.answers[i + 1], (size_t)(c.nr_answers - i - 1));
			c.nr_answers--;
			if (c.repeat > c.nr_answers)
				c.repeat = (uint8_t)c.nr_answers;
			runner_run(r, &c, NULL, &rr);
			printf("  answer %d (%u): %s\n", i, p.answers[i],
			       strcmp(rr.sig, sig) ? "needed" : "not needed");
		}
	}
	runner_free(r);
	return 0;
}

static bool all_digits(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return false;
	return true;
}

/*
 * pafuzz fuzz: the fuzz job is `make fuzz` (engines, triage, report); this
 * checks the options, then runs make in the checkout pafuzz was built in.
 */
static int cmd_fuzz(int argc, char **argv)
{
	static char faults[1024], root[4096], a_engine[64], a_dur[64], a_target[64], a_jobs[64],
		a_fz[4200];
	const char *engine = "libfuzzer", *target = "slowpath", *dur = "180", *jobs = "1",
		   *fz = "build/fuzz";
	char *mk[12], *slash;
	int n = 0;

	if (want_help(argc, argv)) {
		printf("pafuzz fuzz [--engine libfuzzer|afl|both] [--duration SECONDS]\n"
		       "            [--target slowpath|buddy|text] [--jobs N] [--workdir DIR]\n"
		       "            [--fault SPEC]...\n"
		       "  Runs a fuzz job (make fuzz in the checkout): the engines on the shipped\n"
		       "  corpus, then triage and the report in DIR (default build/fuzz, relative to\n"
		       "  the checkout).  Fault schedules apply to every run (PAFUZZ_FAULTS).  Stop it\n"
		       "  any time, even with kill -9; the same command continues it.\n");
		return 0;
	}
	for (int i = 2; i < argc; i += 2) {	/* option, value */
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			fprintf(stderr, "pafuzz fuzz: %s needs a value\n", argv[i]);
			return 2;
		}
		if (!strcmp(argv[i], "--engine") && (!strcmp(v, "libfuzzer") || !strcmp(v, "afl") ||
						     !strcmp(v, "both")))
			engine = v;
		else if (!strcmp(argv[i], "--target") && (!strcmp(v, "slowpath") ||
							 !strcmp(v, "buddy") || !strcmp(v, "text")))
			target = v;
		else if (!strcmp(argv[i], "--duration") && all_digits(v) && strlen(v) < 9)
			dur = v;
		else if (!strcmp(argv[i], "--jobs") && all_digits(v) && strlen(v) < 4 && atoi(v) > 0)
			jobs = v;
		else if (!strcmp(argv[i], "--workdir") && v[0] && v[0] != '/' && !strstr(v, "..") &&
			 strlen(v) < 4096)
			fz = v;
		else if (!strcmp(argv[i], "--fault")) {
			struct fault_sched sched;
			char err[256];

			if (fault_parse(v, &sched, err, sizeof(err))) {
				fprintf(stderr, "pafuzz fuzz: %s\n", err);
				return 2;
			}
			if (strlen(faults) + strlen(v) + 2 >= sizeof(faults)) {
				fprintf(stderr, "pafuzz fuzz: too many --fault schedules\n");
				return 2;
			}
			if (faults[0])
				strcat(faults, ";");
			strcat(faults, v);
		} else {
			fprintf(stderr, "pafuzz fuzz: bad option or value: %s %s (see pafuzz fuzz --help)\n",
				argv[i], v);
			return 2;
		}
	}
	/* the checkout: pafuzz lives in ROOT/build/<variant>/pafuzz */
	snprintf(root, sizeof(root), "%s", argv[0]);
	slash = strstr(root, "/build/");
	if (slash)
		*slash = 0;
	else if (!strncmp(root, "build/", 6))
		snprintf(root, sizeof(root), ".");
	else {
		fprintf(stderr, "pafuzz fuzz: run the pafuzz of a checkout (ROOT/build/<variant>/pafuzz)\n");
		return 2;
	}
	if (faults[0] && setenv("PAFUZZ_FAULTS", faults, 1))
		return 2;
	snprintf(a_engine, sizeof(a_engine), "ENGINE=%s", engine);
	snprintf(a_dur, sizeof(a_dur), "DURATION=%s", dur);
	snprintf(a_target, sizeof(a_target), "TARGET=%s", target);
	snprintf(a_jobs, sizeof(a_jobs), "JOBS=%s", jobs);
	snprintf(a_fz, sizeof(a_fz), "FZ=%s", fz);
	mk[n++] = "make";
	mk[n++] = "--no-print-directory";
	mk[n++] = "-C";
	mk[n++] = root;
	mk[n++] = "fuzz";
	mk[n++] = a_engine;
	mk[n++] = a_dur;
	mk[n++] = a_target;
	mk[n++] = a_jobs;
	mk[n++] = a_fz;
	mk[n] = NULL;
	fflush(stdout);
	execvp("make", mk);
	fprintf(stderr, "pafuzz fuzz: cannot run make: %s\n", strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(argc < 2 ? stderr : stdout);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc, argv);
	if (!strcmp(argv[1], "convert"))
		return cmd_convert(argc, argv);
	if (!strcmp(argv[1], "minimize"))
		return cmd_minimize(argc, argv);
	if (!strcmp(argv[1], "explain"))
		return cmd_explain(argc, argv);
	if (!strcmp(argv[1], "diff"))
		return cmd_diff(argc, argv);
	if (!strcmp(argv[1], "patches"))
		return cmd_patches(argc, argv);
	if (!strcmp(argv[1], "fuzz"))
		return cmd_fuzz(argc, argv);
	if (!strcmp(argv[1], "faults")) {
		fault_list(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "layouts")) {
		for (int i = 0; i < nr_prog_layouts; i++)
			printf("%-10s %s\n", prog_layouts[i].name, prog_layouts[i].what);
		return 0;
	}
	if (!strcmp(argv[1], "choices")) {
		for (int i = 1; i < NR_CHOICE_IDS; i++) {
			printf("%-18s %s; outcomes:", choice_table[i].name, choice_table[i].what);
			for (unsigned k = 0; k < choice_table[i].nr && k < 12; k++)
				printf(" %s", choice_outcome_name((enum choice_id)i, k));
			printf(" (default %s)\n", choice_outcome_name((enum choice_id)i, 0));
		}
		return 0;
	}
	fprintf(stderr, "pafuzz: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
