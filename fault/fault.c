// SPDX-License-Identifier: GPL-2.0
/*
 * fault.c - the fault catalogue, the schedule parser and should_fail (see fault.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../core/internal.h"
#include "fault.h"

const struct fault_point fault_points[] = {
	{ "alloc.entry", CHOICE_FAIL_ALLOC_PAGE, 1, NULL,
	  "should_fail_alloc_page: fail the allocation at entry (fail_page_alloc)" },
	{ "compact.migrate", CHOICE_MIGRATE_PAGE, 1, "eagain=1,ebusy=2",
	  "migration of a page fails (-EAGAIN: retried up to 10 passes; -EBUSY: for good)" },
	{ "compact.contended", CHOICE_COMPACT_CONTENDED, 1, "lock=1,sched=2",
	  "async compaction meets zone/lru lock contention or need_resched" },
	{ "compact.defer", CHOICE_COMPACT_DEFER, 1, NULL,
	  "compaction_deferred says deferred regardless of the counters" },
	{ "reclaim.writeback", CHOICE_WRITEBACK, 1, "fail=1,stall=2",
	  "writeback of a page fails or stays pending (stall)" },
	{ "reclaim.swap_write", CHOICE_SWAP_WRITE, 1, NULL, "the swap write of a page fails" },
	{ "reclaim.referenced", CHOICE_PAGE_REFERENCED, 1, NULL,
	  "page_referenced finds the page young (another CPU touched it)" },
	{ "reclaim.isolated", CHOICE_TOO_MANY_ISOLATED, 1, NULL,
	  "too_many_isolated: other reclaimers hold isolated pages" },
	{ "oom.lock", CHOICE_OOM_LOCK_BUSY, 1, NULL, "mutex_trylock(&oom_lock) finds it held" },
	{ "oom.victim_stuck", CHOICE_OOM_VICTIM_EXIT, 1, NULL,
	  "the OOM victim does not get to run and exit" },
	{ "kswapd.stall", CHOICE_KSWAPD_RUN, 1, NULL, "a woken kswapd does not run" },
	{ "pcp.drain", CHOICE_PCP_DRAIN, 1, NULL,
	  "drain_all_pages does not reach the other CPUs" },
	{ "page.bad", CHOICE_PAGE_BAD, 1, NULL,
	  "check_new_page finds the page corrupted (bad_page, quarantined)" },
	{ "cpuset.change", CHOICE_CPUSET_CHANGED, 1, NULL,
	  "the cpuset changes during the allocation (retry_cpuset)" },
};
const int nr_fault_points = (int)(sizeof(fault_points) / sizeof(fault_points[0]));

static const char *const keys =
	"probability, interval, times, space, verbose, nth, min-order, ignore-gfp-wait, "
	"ignore-gfp-highmem, gfp, task, mode, seed";

static uint64_t next_rng(uint64_t *x)
{
	/* splitmix64 */
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int num(const char *point, const char *key, const char *v, long lo, long hi, long *out,
	       char *err, size_t len)
{
	char *end;

	errno = 0;
	*out = strtol(v, &end, 0);
	if (!*v || *end || errno || *out < lo || *out > hi) {
		snprintf(err, len, "fault %s: key '%s': expected a number %ld..%ld, got '%s'", point, key,
			 lo, hi, v);
		return -1;
	}
	return 0;
}

int fault_parse(const char *spec, struct fault_sched *s, char *err, size_t len)
{
	char buf[256], *colon, *kv, *save = NULL;
	const char *point;
	uint64_t h = 0xcbf29ce484222325ull;

	snprintf(buf, sizeof(buf), "%s", spec);
	memset(s, 0, sizeof(*s));
	s->point = -1;
	s->probability = 100;
	s->interval = 1;
	s->times = 1;
	s->min_order = -1;
	s->task = -1;
	colon = strchr(buf, ':');
	if (colon)
		*colon = 0;
	point = buf;
	for (int i = 0; i < nr_fault_points; i++)
		if (!strcmp(point, fault_points[i].name))
			s->point = i;
	if (s->point < 0) {
		snprintf(err, len, "fault '%s': unknown fault point (see `pafuzz faults`)", point);
		return -1;
	}
	s->outcome = fault_points[s->point].outcome;
	for (kv = colon ? strtok_r(colon + 1, ",", &save) : NULL; kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		const char *v = eq ? eq + 1 : "1";
		long n;

		if (eq)
			*eq = 0;
		if (!strcmp(kv, "probability")) {
			if (num(point, kv, v, 0, 100, &n, err, len))
				return -1;
			s->probability = (int)n;
		} else if (!strcmp(kv, "interval")) {
			if (num(point, kv, v, 1, 1000000, &n, err, len))
				return -1;
			s->interval = (unsigned)n;
		} else if (!strcmp(kv, "times")) {
			if (num(point, kv, v, -1, 1000000, &n, err, len))
				return -1;
			s->times = n;
		} else if (!strcmp(kv, "space")) {
			if (num(point, kv, v, 0, 100000000, &n, err, len))
				return -1;
			s->space = n;
		} else if (!strcmp(kv, "nth")) {
			if (num(point, kv, v, 1, 100000000, &n, err, len))
				return -1;
			s->nth = (unsigned long)n;
		} else if (!strcmp(kv, "min-order")) {
			if (num(point, kv, v, 0, 31, &n, err, len))
				return -1;
			s->min_order = (int)n;
		} else if (!strcmp(kv, "task")) {
			if (num(point, kv, v, 0, 15, &n, err, len))
				return -1;
			s->task = (int)n;
		} else if (!strcmp(kv, "seed")) {
			if (num(point, kv, v, 0, 0x7fffffff, &n, err, len))
				return -1;
			s->seed = (uint64_t)n;
		} else if (!strcmp(kv, "verbose") || !strcmp(kv, "ignore-gfp-wait") ||
			   !strcmp(kv, "ignore-gfp-highmem")) {
			if (num(point, kv, v, 0, 2, &n, err, len))
				return -1;
			if (kv[0] == 'v')
				s->verbose = n != 0;
			else if (!strcmp(kv, "ignore-gfp-wait"))
				s->ignore_gfp_wait = n != 0;
			else
				s->ignore_gfp_highmem = n != 0;
		} else if (!strcmp(kv, "gfp")) {
			const char *bad;
			char g[160];

			/* gfp=GFP_NOFS+__GFP_NOFAIL: '+' joins flags inside a comma list */
			snprintf(g, sizeof(g), "%s", v);
			for (char *c = g; *c; c++)
				if (*c == '+')
					*c = '|';
			if (gfp_parse(g, &s->gfp, &bad) || *bad) {
				snprintf(err, len, "fault %s: key 'gfp': expected a gfp mask like "
					 "GFP_NOFS+__GFP_NOFAIL, got '%s'", point, v);
				return -1;
			}
		} else if (!strcmp(kv, "mode")) {
			const char *modes = fault_points[s->point].modes;
			bool found = false;

			for (const char *mo = modes; mo && *mo && !found;) {
				size_t k = strcspn(mo, "=");

				if (strlen(v) == k && !strncmp(mo, v, k)) {
					s->outcome = (unsigned)atoi(mo + k + 1);
					found = true;
				}
				mo += strcspn(mo, ",");
				if (*mo == ',')
					mo++;
			}
			if (!found) {
				snprintf(err, len, "fault %s: key 'mode': expected %s, got '%s'", point,
					 modes ? modes : "no mode (this point has one outcome)", v);
				return -1;
			}
		} else {
			snprintf(err, len, "fault %s: key '%s': unknown key (expected one of %s)", point,
				 kv, keys);
			return -1;
		}
	}
	for (const char *c = spec; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ull;
	s->rng = s->seed ^ h;
	return 0;
}

/* The filters of fail_page_alloc and the task filter: a filtered question is no hit. */
static bool filtered(const struct fault_sched *s, const struct choice_query *q)
{
	if (s->task >= 0 && q->task != s->task)
		return true;
	if (s->min_order >= 0 && q->order < s->min_order)
		return true;
	if (s->ignore_gfp_wait && (q->gfp & __GFP_WAIT))
		return true;
	if (s->ignore_gfp_highmem && (q->gfp & __GFP_HIGHMEM))
		return true;
	if (s->gfp && (q->gfp & s->gfp) != s->gfp)
		return true;
	return false;
}

/* lib/fault-inject.c should_fail, in its order; nth is fail-nth: exactly the nth hit. */
bool fault_should_fail(struct fault_sched *s, const struct choice_query *q)
{
	long size = (fault_points[s->point].id == CHOICE_FAIL_ALLOC_PAGE && q->order >= 0 &&
		     q->order < 31) ? 1l << q->order : 1;

	if (filtered(s, q))
		return false;
	s->hits++;
	if (s->nth)
		return s->hits == s->nth;
	if (s->probability == 0)
		return false;
	if (s->times == 0)
		return false;
	if (s->space > size) {
		s->space -= size;
		return false;
	}
	if (s->interval > 1) {
		s->count++;
		if (s->count % s->interval)
			return false;
	}
	if ((uint64_t)s->probability <= next_rng(&s->rng) % 100)
		return false;
	if (s->times != -1 && s->times > 0)
		s->times--;
	s->fired++;
	return true;
}

static unsigned layer_answer(void *priv, const struct choice_query *q)
{
	struct fault_layer *l = priv;

	for (int i = 0; i < l->nr; i++) {
		struct fault_sched *s = &l->s[i];

		if (fault_points[s->point].id != q->id)
			continue;
		if (!fault_should_fail(s, q))
			continue;
		if (s->point == l->skip_point && s->hits == l->skip_hit)
			continue;	/* ablation: this fired fault is suppressed */
		if (l->nr_fired < FAULT_MAX_FIRED)
			l->fired[l->nr_fired++] = (struct fault_fired){ s->point, s->hits, q->label };
		if (l->m)
			TRACE(l->m, EV_FAULT_INJECTED, q->id, (int64_t)s->hits);
		if (s->verbose)
			fprintf(stderr, "FAULT_INJECTION: forcing a failure: %s hit %lu at %s\n",
				fault_points[s->point].name, s->hits,
				(unsigned)q->label < NR_SEED_LABELS ? seed_label_name[q->label] : "?");
		return s->outcome;
	}
	return l->inner.answer ? l->inner.answer(l->inner.priv, q) : q->dflt;
}

/*
 * Periodic when the inner answers are and every schedule is stationary: inert
 * (probability 0, times 0, nth already passed) or certain and unlimited
 * (probability 100, times -1, space spent), its position being count % interval.
 */
static bool layer_phase(void *priv, uint64_t *phase)
{
	struct fault_layer *l = priv;
	uint64_t ph = 0, inner = 0;

	for (int i = 0; i < l->nr; i++) {
		const struct fault_sched *s = &l->s[i];

		if (s->nth) {
			if (s->hits < s->nth)
				return false;
			continue;
		}
		if (s->probability == 0 || s->times == 0)
			continue;
		if (s->probability == 100 && s->times == -1 && s->space <= 1) {
			ph = ph * 1000003 + (s->interval > 1 ? s->count % s->interval : 0) + 1;
			continue;
		}
		return false;
	}
	if (l->inner.answer) {
		if (!l->inner.phase || !l->inner.phase(l->inner.priv, &inner))
			return false;
	}
	*phase = ph * 1000003 + inner;
	return true;
}

struct choice_answerer fault_layer_answerer(struct fault_layer *l, const struct choice_answerer *inner)
{
	struct choice_answerer a = { layer_answer, layer_phase, l };

	l->inner = inner ? *inner : (struct choice_answerer){ 0 };
	return a;
}

int fault_add(struct fault_layer *l, const char *spec, char *err, size_t len)
{
	if (l->nr >= FAULT_MAX_SCHEDS) {
		snprintf(err, len, "fault %s: at most %d schedules", spec, FAULT_MAX_SCHEDS);
		return -1;
	}
	if (fault_parse(spec, &l->s[l->nr], err, len))
		return -1;
	l->orig[l->nr] = l->s[l->nr];
	l->nr++;
	return 0;
}

int fault_parse_list(const char *list, struct fault_layer *l, char *err, size_t len)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, "; ", &save); t; t = strtok_r(NULL, "; ", &save))
		if (fault_add(l, t, err, len))
			return -1;
	return 0;
}

/* Back to the state after parsing: counters and PRNGs restart (a rerun is the same run). */
void fault_layer_reset(struct fault_layer *l)
{
	for (int i = 0; i < l->nr; i++)
		l->s[i] = l->orig[i];
	l->nr_fired = 0;
}

void fault_list(FILE *f)
{
	for (int i = 0; i < nr_fault_points; i++)
		fprintf(f, "%-20s %s%s%s (choice %s)\n", fault_points[i].name, fault_points[i].what,
			fault_points[i].modes ? "; mode: " : "",
			fault_points[i].modes ? fault_points[i].modes : "",
			choice_table[fault_points[i].id].name);
}

void fault_report(const struct fault_layer *l, FILE *f)
{
	for (int i = 0; i < l->nr_fired; i++)
		fprintf(f, "fault fired: %s hit %lu at %s\n", fault_points[l->fired[i].point].name,
			l->fired[i].hit, (unsigned)l->fired[i].label < NR_SEED_LABELS ?
			seed_label_name[l->fired[i].label] : "?");
}
