// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - differential runs: v4.2 against a patch variant (see diff.h),
 * and the commands `pafuzz diff` and `pafuzz patches`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/internal.h"
#include "diff.h"

uint32_t diff_all_patches(void)
{
	return (1u << NR_PATCHES) - 1;
}

int diff_parse_patches(const char *list, uint32_t *out, char *err, size_t len)
{
	char buf[256], *save = NULL;
	uint32_t bits = 0;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int id = !strcmp(t, "all") ? -2 : patch_by_name(t);

		if (id == -1)
			return snprintf(err, len, "unknown patch '%s' (pafuzz patches lists them)", t), -1;
		bits |= id == -2 ? diff_all_patches() : 1u << id;
	}
	if (!bits)
		return snprintf(err, len, "expected patch names, got '%s'", list), -1;
	for (int i = 0; i < NR_PATCHES; i++)
		if ((bits >> i) & 1u)
			bits |= patch_table[i].needs;
	*out = bits;
	return 0;
}

int diff_patches_of(const struct prog *p, uint32_t *out, char *err, size_t len)
{
	const char *env = getenv("PAFUZZ_PATCHES");

	if (p->patches) {
		*out = p->patches;
		return 0;
	}
	if (env && *env) {
		char e[192];

		if (diff_parse_patches(env, out, e, sizeof(e)))
			return snprintf(err, len, "PAFUZZ_PATCHES: %s", e), -1;
		return 0;
	}
	*out = diff_all_patches();
	return 0;
}

void diff_patch_names(uint32_t patches, char *buf, size_t len)
{
	size_t pos = 0;

	buf[0] = 0;
	for (int i = 0; i < NR_PATCHES && pos < len; i++)
		if ((patches >> i) & 1u)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? "," : "",
						patch_table[i].name);
	if (!patches)
		snprintf(buf, len, "none");
}

int diff_run(struct runner *r, const struct prog *p, uint32_t patches, struct run_result *base,
	     struct run_result *patched)
{
	static struct prog q;
	int rc;

	q = *p;
	q.patches = 0;
	runner_force_oracles(r, true);
	rc = runner_run(r, &q, NULL, base);
	if (!rc) {
		q.patches = patches;
		rc = runner_run(r, &q, NULL, patched);
	}
	runner_force_oracles(r, false);
	return rc;
}

/* A signature without its leading verdict name ("livelock@retry:..." -> "retry:..."). */
static const char *sig_rest(const struct run_result *res)
{
	const char *name = verdict_name[res->verdict];
	size_t n = strlen(name);

	if (!strncmp(res->sig, name, n) && (res->sig[n] == '@' || res->sig[n] == ':'))
		return res->sig + n + 1;
	return res->sig;
}

/*
 * The verdict a diff compares: a WARN the kernel would print (not fatal
 * here) leaves a run ok, so two runs that part ways do not differ merely
 * by which incidental warning each printed first.
 */
static enum verdict_kind diff_class(const struct run_result *res)
{
	return res->verdict == V_WARNING ? V_OK : res->verdict;
}

void diff_signature(const struct run_result *base, const struct run_result *patched, char *sig,
		    size_t len)
{
	/* the side with a finding names the difference; else the side that is not ok */
	const struct run_result *side = run_is_finding(patched) ? patched :
					run_is_finding(base) ? base :
					patched->verdict != V_OK ? patched : base;

	sig[0] = 0;
	if (diff_class(base) == diff_class(patched))
		return;
	snprintf(sig, len < 192 ? len : 192, "diff:%s>%s@%s", verdict_name[diff_class(base)],
		 verdict_name[diff_class(patched)], sig_rest(side));
}

/*
 * Delta debugging of a difference: drops operations, positional and named
 * answers and fault lines one at a time while the diff signature stays, until
 * no single removal keeps it.  The result names its patches, so it replays
 * without PAFUZZ_PATCHES.
 */
static void diff_minimize(struct runner *r, struct prog *best, uint32_t patches, const char *sig)
{
	struct run_result a, b;
	char s[192];
	bool progress = true;

	while (progress) {
		progress = false;
		for (int i = best->nr_ops - 1; i >= 0; i--) {
			struct prog c = *best;

			memmove(&c.ops[i], &c.ops[i + 1], sizeof(c.ops[0]) * (size_t)(c.nr_ops - i - 1));
			c.nr_ops--;
			if (!diff_run(r, &c, patches, &a, &b) &&
			    (diff_signature(&a, &b, s, sizeof(s)), !strcmp(s, sig))) {
				*best = c;
				progress = true;
			}
		}
		for (int i = best->nr_answers - 1; i >= 0; i--) {
			struct prog c = *best;

			memmove(&c.answers[i], &c.answers[i + 1], (size_t)(c.nr_answers - i - 1));
			c.nr_answers--;
			if (c.repeat > c.nr_answers)
				c.repeat = (uint8_t)c.nr_answers;
			if (!diff_run(r, &c, patches, &a, &b) &&
			    (diff_signature(&a, &b, s, sizeof(s)), !strcmp(s, sig))) {
				*best = c;
				progress = true;
			}
		}
		for (int i = best->nr_named - 1; i >= 0; i--) {
			struct prog c = *best;

			memmove(&c.named[i], &c.named[i + 1], sizeof(c.named[0]) * (size_t)(c.nr_named - i - 1));
			c.nr_named--;
			if (!diff_run(r, &c, patches, &a, &b) &&
			    (diff_signature(&a, &b, s, sizeof(s)), !strcmp(s, sig))) {
				*best = c;
				progress = true;
			}
		}
		for (int i = best->nr_faults - 1; i >= 0; i--) {
			struct prog c = *best;

			memmove(&c.faults[i], &c.faults[i + 1], sizeof(c.faults[0]) * (size_t)(c.nr_faults - i - 1));
			c.nr_faults--;
			if (!diff_run(r, &c, patches, &a, &b) &&
			    (diff_signature(&a, &b, s, sizeof(s)), !strcmp(s, sig))) {
				*best = c;
				progress = true;
			}
		}
	}
	best->patches = patches;
	best->nr_expect = 0;
	best->has_trace_pin = false;
}

static int write_minimized(const struct prog *p, const char *in, const char *out, const char *sig)
{
	size_t n = prog_print(p, NULL, 0);
	char *buf = malloc(n + 1);
	FILE *f = fopen(out, "w");

	if (!f || !buf) {
		fprintf(stderr, "pafuzz diff: %s: cannot write\n", out);
		free(buf);
		if (f)
			fclose(f);
		return 2;
	}
	prog_print(p, buf, n + 1);
	fprintf(f, "# minimized from %s: %s\n", in, sig);
	fputs(buf, f);
	free(buf);
	if (fclose(f))
		return fprintf(stderr, "pafuzz diff: %s: cannot write\n", out), 2;
	printf("%s: %d ops, %d answers, %d named, %d faults: %s\n", out, p->nr_ops, p->nr_answers,
	       p->nr_named, p->nr_faults, sig);
	return 0;
}

/* ---- pafuzz diff ------------------------------------------------------------------ */

struct recorded {
	size_t n;
	struct trace_event *ev;
	char **line;
};

/* Runs q recording its trace, and formats every event while the model still holds the run. */
static int run_recorded(struct runner *r, const struct prog *q, struct run_result *res,
			struct recorded *rec)
{
	FILE *sink = fopen("/dev/null", "w");
	struct model *m;
	int rc;

	if (!sink)
		return snprintf(res->detail, sizeof(res->detail), "cannot open /dev/null"), -1;
	rc = runner_run(r, q, sink, res);
	fclose(sink);
	m = runner_model(r);
	if (rc || !m)
		return -1;
	rec->n = m->trace.nr_ev;
	rec->ev = malloc(sizeof(*rec->ev) * (rec->n ? rec->n : 1));
	rec->line = malloc(sizeof(char *) * (rec->n ? rec->n : 1));
	if (!rec->ev || !rec->line)
		return snprintf(res->detail, sizeof(res->detail), "out of memory"), -1;
	memcpy(rec->ev, m->trace.ev, sizeof(*rec->ev) * rec->n);
	for (size_t i = 0; i < rec->n; i++) {
		char buf[512], out[600];
		const struct trace_event *e = &rec->ev[i];

		trace_format(m, e, buf, sizeof(buf));
		snprintf(out, sizeof(out), "%5u %-28s %s", e->op, seed_label_name[e->label], buf);
		rec->line[i] = strdup(out);
		if (!rec->line[i])
			return snprintf(res->detail, sizeof(res->detail), "out of memory"), -1;
	}
	return 0;
}

static void recorded_free(struct recorded *rec)
{
	for (size_t i = 0; rec->line && i < rec->n; i++)
		free(rec->line[i]);
	free(rec->line);
	free(rec->ev);
	memset(rec, 0, sizeof(*rec));
}

static bool same_event(const struct trace_event *a, const struct trace_event *b)
{
	if (a->id != b->id || a->label != b->label || a->op != b->op || a->nargs != b->nargs)
		return false;
	for (int k = 0; k < a->nargs && k < TRACE_MAX_ARGS; k++)
		if (a->a[k] != b->a[k])
			return false;
	return true;
}

int cmd_diff(int argc, char **argv)
{
	struct runner *r;
	struct prog p, q;
	struct run_result base, patched;
	struct recorded rb = { 0 }, rp = { 0 };
	uint32_t patches = 0;
	bool trace = false, explicit = false, minimize = false;
	const char *file = NULL, *out = NULL;
	char err[512], sig[192], names[256];
	size_t part;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("pafuzz diff FILE [--patch P[,P...]]... [--trace]\n"
			       "  Runs the program on v4.2 and on the patch variant (the --patch names;\n"
			       "  else the program's `patch` line; else PAFUZZ_PATCHES; else every patch),\n"
			       "  both judged by the same oracles (premature-oom and over-kill included)\n"
			       "  and given the same answers for the same choice ids (choices only patches\n"
			       "  ask take their named answers or fair defaults).  Prints both verdicts and\n"
			       "  signatures, the difference's signature (diff:V0>V1@...), and the first\n"
			       "  event where the traces part: operation, slowpath step, and the two events.\n"
			       "  --trace prints both traces from that event on, v4.2 (-) and patched (+)\n"
			       "  in turn.  --minimize [-o OUT] shrinks the program while the difference\n"
			       "  (its diff: signature) stays and writes it with its patch line (default\n"
			       "  FILE.min.pz).  Exit 1 when the verdicts differ, 0 when they agree, 2 on\n"
			       "  bad input.  A warning that is not fatal counts as ok here.\n");
			return 0;
		}
		if (!strcmp(argv[i], "--trace")) {
			trace = true;
		} else if (!strcmp(argv[i], "--minimize")) {
			minimize = true;
		} else if (!strcmp(argv[i], "-o")) {
			if (i + 1 >= argc)
				return fprintf(stderr, "pafuzz diff: -o needs a file name\n"), 2;
			out = argv[++i];
		} else if (!strcmp(argv[i], "--patch")) {
			uint32_t bits;

			if (i + 1 >= argc)
				return fprintf(stderr, "pafuzz diff: --patch needs patch names\n"), 2;
			if (diff_parse_patches(argv[++i], &bits, err, sizeof(err)))
				return fprintf(stderr, "pafuzz diff: --patch: %s\n", err), 2;
			patches |= bits;
			explicit = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return fprintf(stderr, "pafuzz diff: unknown option '%s'\n", argv[i]), 2;
		} else if (file) {
			return fprintf(stderr, "pafuzz diff: one FILE at a time ('%s' and '%s')\n", file,
				       argv[i]), 2;
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return fprintf(stderr, "pafuzz diff: expected a FILE (pafuzz diff --help)\n"), 2;
	if (prog_load(file, &p, err, sizeof(err)))
		return fprintf(stderr, "%s\n", err), 2;
	if (!explicit && diff_patches_of(&p, &patches, err, sizeof(err)))
		return fprintf(stderr, "pafuzz diff: %s\n", err), 2;
	r = runner_new();
	if (minimize) {
		char path[1024];

		if (diff_run(r, &p, patches, &base, &patched)) {
			fprintf(stderr, "%s: %s\n", file, base.detail[0] ? base.detail : patched.detail);
			runner_free(r);
			return 2;
		}
		diff_signature(&base, &patched, sig, sizeof(sig));
		if (!sig[0]) {
			fprintf(stderr, "pafuzz diff: %s: the verdicts agree (%s): nothing to minimize\n",
				file, verdict_name[base.verdict]);
			runner_free(r);
			return 2;
		}
		q = p;
		diff_minimize(r, &q, patches, sig);
		if (!out) {
			snprintf(path, sizeof(path), "%s.min.pz", file);
			out = path;
		}
		rc = write_minimized(&q, file, out, sig);
		runner_free(r);
		return rc ? rc : 1;
	}
	q = p;
	q.patches = 0;
	runner_force_oracles(r, true);
	rc = run_recorded(r, &q, &base, &rb);
	q.patches = patches;
	if (!rc)
		rc = run_recorded(r, &q, &patched, &rp);
	if (rc) {
		fprintf(stderr, "%s: %s\n", file, rc ? (base.detail[0] ? base.detail : patched.detail) : "");
		recorded_free(&rb);
		recorded_free(&rp);
		runner_free(r);
		return 2;
	}
	diff_patch_names(patches, names, sizeof(names));
	diff_signature(&base, &patched, sig, sizeof(sig));
	printf("%s: %s\n", file, sig[0] ? sig : "same verdict");
	printf("  v4.2:    %-13s %s trace=%016llx\n", verdict_name[base.verdict], base.sig,
	       (unsigned long long)base.trace_hash);
	printf("  patched: %-13s %s trace=%016llx\n", verdict_name[patched.verdict], patched.sig,
	       (unsigned long long)patched.trace_hash);
	printf("  patches: %s\n", names);
	for (part = 0; part < rb.n && part < rp.n; part++)
		if (!same_event(&rb.ev[part], &rp.ev[part]))
			break;
	if (part == rb.n && part == rp.n) {
		printf("  the traces are the same (%zu events)\n", part);
	} else {
		const struct trace_event *e = part < rb.n ? &rb.ev[part] : &rp.ev[part];

		printf("  the traces part at event %zu: op %u, slowpath step %s\n", part, e->op,
		       seed_label_name[e->label]);
		printf("    - v4.2:    %s\n", part < rb.n ? rb.line[part] + 35 : "(the run ended)");
		printf("    + patched: %s\n", part < rp.n ? rp.line[part] + 35 : "(the run ended)");
		if (base.verdict != patched.verdict) {
			if (base.detail[0])
				printf("  v4.2 report:\n%s\n", base.detail);
			if (patched.detail[0])
				printf("  patched report:\n%s\n", patched.detail);
		}
	}
	if (trace && !(part == rb.n && part == rp.n)) {
		printf("  both traces from event %zu (- v4.2, + patched):\n", part);
		for (size_t i = part; i < rb.n || i < rp.n; i++) {
			if (i < rb.n)
				printf("- %s\n", rb.line[i]);
			if (i < rp.n)
				printf("+ %s\n", rp.line[i]);
		}
	}
	rc = sig[0] ? 1 : 0;
	recorded_free(&rb);
	recorded_free(&rp);
	runner_free(r);
	return rc;
}

int cmd_patches(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%-26s %-13s %-8s %s\n", "patch", "commit", "version", "what it changes in the v4.2 model");
	for (int i = 0; i < NR_PATCHES; i++) {
		const struct patch_info *pi = &patch_table[i];
		char needs[128];

		diff_patch_names(pi->needs, needs, sizeof(needs));
		printf("%-26s %-13s %-8s %s (\"%s\")%s%s\n", pi->name, pi->commit, pi->version, pi->what,
		       pi->title, pi->needs ? "; needs " : "", pi->needs ? needs : "");
	}
	return 0;
}
