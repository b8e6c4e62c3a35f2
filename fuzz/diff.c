// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - differential runs: v4.2 against a patch variant (see diff.h),
 * and what `pafuzz diff` prints (its options are parsed in cli.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/internal.h"
#include "diff.h"

uint32_t diff_all_patches(void)
{
	uint32_t bits = 0;

	/* the forward patches: a revert variant is run only when named */
	for (int i = 0; i < NR_PATCHES; i++)
		if (!patch_table[i].revert)
			bits |= 1u << i;
	return bits;
}

int diff_parse_patches(const char *list, uint32_t *out, char *err, size_t len)
{
	char buf[256], *save = NULL;
	uint32_t bits = 0;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int id = !strcmp(t, "all") ? -2 : patch_by_name(t);
		const struct patch_unmodelled *u = id == -1 ? patch_unmodelled_by_name(t) : NULL;

		if (u)
			return snprintf(err, len, "patch '%s' (%s, %s) is not modelled: %s", t,
					u->commit, u->version, u->why), -1;
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

const struct run_result *diff_side(const struct run_result *base, const struct run_result *patched)
{
	/* the side with a finding names the difference; else the side that is not ok */
	return run_is_finding(patched) ? patched : run_is_finding(base) ? base :
	       patched->verdict != V_OK ? patched : base;
}

void diff_signature(const struct run_result *base, const struct run_result *patched, char *sig,
		    size_t len)
{
	const struct run_result *side = diff_side(base, patched);

	sig[0] = 0;
	if (diff_class(base) == diff_class(patched))
		return;
	/* at most 191 characters, as a run's own signature: a longer one is cut */
	if (snprintf(sig, len < 192 ? len : 192, "diff:%s>%s@%s", verdict_name[diff_class(base)],
		     verdict_name[diff_class(patched)], sig_rest(side)) < 0)
		sig[0] = 0;
}

/* ---- pafuzz diff ------------------------------------------------------------------ */

/* A recorded line: "OP    LABEL... " (RECORDED_HEAD characters), then the event. */
#define RECORDED_HEAD	35

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
		snprintf(out, sizeof(out), "%5u %-*.*s %s", e->op, RECORDED_HEAD - 7, RECORDED_HEAD - 7,
			 seed_label_name[e->label], buf);
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

int diff_report(struct runner *r, const struct prog *p, const char *file, uint32_t patches,
		bool trace, char *err, size_t len)
{
	static struct prog q;
	struct run_result base, patched;
	struct recorded rb = { 0 }, rp = { 0 };
	char sig[192], names[256];
	size_t part;
	int rc;

	q = *p;
	q.patches = 0;
	runner_force_oracles(r, true);
	rc = run_recorded(r, &q, &base, &rb);
	q.patches = patches;
	if (!rc)
		rc = run_recorded(r, &q, &patched, &rp);
	runner_force_oracles(r, false);
	if (rc) {
		snprintf(err, len, "%s", base.detail[0] ? base.detail : patched.detail);
		recorded_free(&rb);
		recorded_free(&rp);
		return -1;
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
		printf("    - v4.2:    %s\n", part < rb.n ? rb.line[part] + RECORDED_HEAD : "(the run ended)");
		printf("    + patched: %s\n", part < rp.n ? rp.line[part] + RECORDED_HEAD : "(the run ended)");
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
	recorded_free(&rb);
	recorded_free(&rp);
	return sig[0] ? 1 : 0;
}
