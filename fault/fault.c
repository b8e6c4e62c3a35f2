// SPDX-License-Identifier: GPL-2.0
/*
 * fault.c - the fault catalogue, the schedule parser and should_fail (see fault.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../core/internal.h"
#include "fault.h"

const struct fault_point fault_points[] = {
	{ "alloc.entry", CHOICE_FAIL_ALLOC_PAGE, 1, NULL,
	  "should_fail_alloc_page: fail the allocation at entry (fail_page_alloc, with v4.2's "
	  "defaults and filters)", true },
	{ "compact.migrate", CHOICE_MIGRATE_PAGE, 1, "eagain=1,ebusy=2",
	  "migration of a page fails (-EAGAIN: retried up to 10 passes; -EBUSY: for good)", false },
	{ "compact.contended", CHOICE_COMPACT_CONTENDED, 1, "lock=1,sched=2",
	  "async compaction meets zone/lru lock contention or need_resched", false },
	{ "compact.defer", CHOICE_COMPACT_DEFER, 1, NULL,
	  "compaction_deferred says deferred regardless of the counters", false },
	{ "reclaim.writeback", CHOICE_WRITEBACK, 1, "fail=1,stall=2",
	  "writeback of a page fails or stays pending (stall)", false },
	{ "reclaim.swap_write", CHOICE_SWAP_WRITE, 1, NULL, "the swap write of a page fails", false },
	{ "reclaim.referenced", CHOICE_PAGE_REFERENCED, 1, NULL,
	  "page_referenced finds the page young (another CPU touched it)", false },
	{ "reclaim.isolated", CHOICE_TOO_MANY_ISOLATED, 1, NULL,
	  "too_many_isolated: other reclaimers hold isolated pages", false },
	{ "oom.lock", CHOICE_OOM_LOCK_BUSY, 1, NULL, "mutex_trylock(&oom_lock) finds it held", false },
	{ "oom.victim_stuck", CHOICE_OOM_VICTIM_EXIT, 1, NULL,
	  "the OOM victim does not get to run and exit", false },
	{ "kswapd.stall", CHOICE_KSWAPD_RUN, 1, NULL, "a woken kswapd does not run", false },
	{ "pcp.drain", CHOICE_PCP_DRAIN, 1, NULL,
	  "drain_all_pages does not reach the other CPUs", false },
	{ "page.bad", CHOICE_PAGE_BAD, 1, NULL,
	  "check_new_page finds the page corrupted (bad_page, quarantined)", false },
	{ "cpuset.change", CHOICE_CPUSET_CHANGED, 1, NULL,
	  "the cpuset changes during the allocation (retry_cpuset)", false },
};
const int nr_fault_points = (int)(sizeof(fault_points) / sizeof(fault_points[0]));

static const char *const keys =
	"probability, interval, times, space, verbose, nth, min-order, ignore-gfp-wait, "
	"ignore-gfp-highmem, gfp, task, node, zone, pfn, mode, seed";

static uint64_t next_rng(uint64_t *x)
{
	/* splitmix64 */
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* FNV-1a of the point's name: each point draws from its own stream for one seed. */
static uint64_t point_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ull;
	return h;
}

/*
 * The defaults a schedule starts from: the kernel's FAULT_ATTR_INITIALIZER
 * and fail_page_alloc's filters for a kernel point, the model's own
 * (certain, once, unfiltered) for the others.
 */
static void sched_defaults(struct fault_sched *s, int point)
{
	bool kernel = fault_points[point].kernel;

	memset(s, 0, sizeof(*s));
	s->point = point;
	s->outcome = fault_points[point].outcome;
	s->probability = kernel ? 0 : 100;
	s->interval = 1;
	s->times = 1;
	s->space = 0;
	s->min_order = kernel ? 1 : -1;
	s->ignore_gfp_wait = kernel;
	s->ignore_gfp_highmem = kernel;
	s->task = -1;
	s->nid = -1;
	s->zone_idx = -1;
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

/* A debugfs-style boolean: 0/1 (or 2, as the kernel's u32 files took it), Y/N. */
static int yes_no(const char *point, const char *key, const char *v, bool *out, char *err,
		  size_t len)
{
	if (!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1") || !strcmp(v, "2")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "N") || !strcmp(v, "n") || !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	snprintf(err, len, "fault %s: key '%s': expected Y or N (1 or 0), got '%s'", point, key, v);
	return -1;
}

/* pfn=A-B (inclusive, each a number in any C base) or pfn=A (one page) */
static int pfn_range(const char *point, const char *v, struct fault_sched *s, char *err,
		     size_t len)
{
	char *end;
	unsigned long lo, hi;

	errno = 0;
	lo = strtoul(v, &end, 0);
	hi = lo;
	if (end != v && *end == '-') {
		const char *h = end + 1;

		hi = strtoul(h, &end, 0);
		if (end == h)
			end = (char *)h - 1;	/* "A-": refused below */
	}
	if (!*v || *v == '-' || *end || errno || hi < lo || hi >= MODEL_MAX_FRAMES) {
		snprintf(err, len, "fault %s: key 'pfn': expected a frame range START-END (inclusive, "
			 "END < %lu), got '%s'", point, MODEL_MAX_FRAMES, v);
		return -1;
	}
	s->pfn_lo = lo;
	s->pfn_hi = hi + 1;	/* kept half-open; 0 means off */
	return 0;
}

int fault_parse(const char *spec, struct fault_sched *s, char *err, size_t len)
{
	char buf[256], *colon, *kv, *save = NULL;
	const char *point;
	int found = -1;

	snprintf(buf, sizeof(buf), "%s", spec);
	memset(s, 0, sizeof(*s));
	s->point = -1;
	colon = strchr(buf, ':');
	if (colon)
		*colon = 0;
	point = buf;
	for (int i = 0; i < nr_fault_points; i++)
		if (!strcmp(point, fault_points[i].name))
			found = i;
	if (found < 0) {
		snprintf(err, len, "fault '%s': unknown fault point (see `pafuzz faults`)", point);
		return -1;
	}
	sched_defaults(s, found);
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
			if (num(point, kv, v, 0, 1000000, &n, err, len))
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
			if (num(point, kv, v, 0, MODEL_MAX_TASKS - 1, &n, err, len))
				return -1;
			s->task = (int)n;
		} else if (!strcmp(kv, "node")) {
			if (num(point, kv, v, 0, MAX_NUMNODES - 1, &n, err, len))
				return -1;
			s->nid = (int)n;
		} else if (!strcmp(kv, "zone")) {
			s->zone_idx = -1;
			for (int z = 0; z < MAX_NR_ZONES; z++)
				if (!strcasecmp(v, zone_name(z)))
					s->zone_idx = z;
			if (s->zone_idx < 0) {
				snprintf(err, len, "fault %s: key 'zone': expected DMA, DMA32, Normal, "
					 "HighMem or Movable, got '%s'", point, v);
				return -1;
			}
		} else if (!strcmp(kv, "pfn")) {
			if (pfn_range(point, v, s, err, len))
				return -1;
		} else if (!strcmp(kv, "seed")) {
			if (num(point, kv, v, 0, 0x7fffffff, &n, err, len))
				return -1;
			s->seed = (uint64_t)n;
		} else if (!strcmp(kv, "verbose")) {
			if (num(point, kv, v, 0, 2, &n, err, len))
				return -1;
			s->verbose = (int)n;
		} else if (!strcmp(kv, "ignore-gfp-wait")) {
			if (yes_no(point, kv, v, &s->ignore_gfp_wait, err, len))
				return -1;
		} else if (!strcmp(kv, "ignore-gfp-highmem")) {
			if (yes_no(point, kv, v, &s->ignore_gfp_highmem, err, len))
				return -1;
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
			bool ok = false;

			for (const char *mo = modes; mo && *mo && !ok;) {
				size_t k = strcspn(mo, "=");

				if (strlen(v) == k && !strncmp(mo, v, k)) {
					s->outcome = (unsigned)atoi(mo + k + 1);
					ok = true;
				}
				mo += strcspn(mo, ",");
				if (*mo == ',')
					mo++;
			}
			if (!ok) {
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
	/* fail-nth: every task armed (each wrote nth to its own file), or task= alone */
	if (s->nth) {
		if (!fault_points[s->point].kernel)
			s->nth_left[0] = s->nth;
		else
			for (int t = 0; t < MODEL_MAX_TASKS; t++)
				if (s->task < 0 || s->task == t)
					s->nth_left[t] = s->nth;
	}
	/* the stream depends on the point and seed= only: not on the spelling of the spec */
	s->rng = s->seed ^ point_hash(fault_points[s->point].name);
	return 0;
}

/*
 * The filters a question must pass before should_fail is asked: for a
 * kernel point those of should_fail_alloc_page (min-order, __GFP_NOFAIL,
 * ignore-gfp-highmem, ignore-gfp-wait), and for every point the model's
 * own (gfp=, node=, zone=, pfn=) and task=.  task= is the kernel's
 * task-filter with make-it-fail set on one task: at a kernel point it also
 * needs task context (fail_task's !in_interrupt()).  Filters change no
 * state, so their order does not matter; a filtered question is no hit.
 */
static bool filtered(const struct fault_sched *s, const struct choice_query *q)
{
	bool kernel = fault_points[s->point].kernel;

	if (s->min_order >= 0 && q->order < s->min_order)
		return true;
	if (kernel && (q->gfp & __GFP_NOFAIL))
		return true;
	if (s->ignore_gfp_highmem && (q->gfp & __GFP_HIGHMEM))
		return true;
	if (s->ignore_gfp_wait && (q->gfp & __GFP_WAIT))
		return true;
	if (s->gfp && (q->gfp & s->gfp) != s->gfp)
		return true;
	if (s->task >= 0 && (q->task != s->task || (kernel && q->ctx != 0)))
		return true;
	if (s->nid >= 0 && (!q->zone || (int)((q->zone - 1) / MAX_NR_ZONES) != s->nid))
		return true;
	if (s->zone_idx >= 0 && (!q->zone || (int)((q->zone - 1) % MAX_NR_ZONES) != s->zone_idx))
		return true;
	if (s->pfn_hi && (q->pfn == PFN_NONE || q->pfn < s->pfn_lo || q->pfn >= s->pfn_hi))
		return true;
	return false;
}

/* The fail-nth counter this question counts on, or NULL. */
static unsigned long *nth_counter(struct fault_sched *s, const struct choice_query *q)
{
	if (!s->nth)
		return NULL;
	if (!fault_points[s->point].kernel)
		return &s->nth_left[0];
	/* in_task(): a task's own count, never in softirq or irq context */
	if (q->ctx != 0 || q->task < 0 || q->task >= MODEL_MAX_TASKS)
		return NULL;
	return &s->nth_left[q->task];
}

/*
 * lib/fault-inject.c should_fail, in its order (v4.2, with v4.13's fail-nth
 * in front): the Nth counted call fails regardless of the other keys and
 * the ones before it do not touch them; then probability 0, times used up,
 * space still to spend, the interval, the draw; a failure uses up one of
 * times unless times is -1.
 */
bool fault_should_fail(struct fault_sched *s, const struct choice_query *q)
{
	long size = (fault_points[s->point].kernel && q->order >= 0 && q->order < 31) ?
		    1l << q->order : 1;
	unsigned long *left;

	if (filtered(s, q))
		return false;
	s->hits++;
	left = nth_counter(s, q);
	if (left && *left) {
		if (--*left == 0)
			goto fail;
		return false;
	}
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
fail:
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
		l->nr_fired_total++;
		if (l->nr_fired < FAULT_MAX_FIRED)
			l->fired[l->nr_fired++] = (struct fault_fired){ s->point, s->hits, q->label };
		if (l->m)
			TRACE(l->m, EV_FAULT_INJECTED, q->id, (int64_t)s->hits);
		/* fail_dump: a log line (with verbose=2, where in the slowpath); it decides nothing */
		if (s->verbose)
			fprintf(stderr, "FAULT_INJECTION: forcing a failure.\nname %s, interval %u, "
				"probability %d, space %ld, times %ld (hit %lu%s%s)\n",
				fault_points[s->point].name, s->interval, s->probability, s->space,
				s->times, s->hits, s->verbose > 1 ? " at " : "",
				s->verbose < 2 ? "" : (unsigned)q->label < NR_SEED_LABELS ?
				seed_label_name[q->label] : "?");
		return s->outcome;
	}
	return l->inner.answer ? l->inner.answer(l->inner.priv, q) : q->dflt;
}

/*
 * Periodic when the inner answers are and every schedule is stationary: inert
 * (probability 0 or times 0, apart from armed fail-nth counters, which are part
 * of the position) or certain and unlimited (probability 100, times -1, space
 * spent), its position being count % interval.  Any other schedule is part of
 * the position with its whole state: a loop that asks its point moves it (hits
 * counts every question that passes the filters) and never comes back to it,
 * so no proof; a loop that never asks it leaves it as it was, and the schedule
 * cannot change what the loop does.
 */
static bool layer_phase(void *priv, uint64_t *phase)
{
	struct fault_layer *l = priv;
	uint64_t ph = 0, inner = 0;

	for (int i = 0; i < l->nr; i++) {
		const struct fault_sched *s = &l->s[i];

		/*
		 * Armed fail-nth counters are part of the position: a loop that
		 * keeps counting one down never repeats its phase, one that does
		 * not count does (and then they cannot fire in it).
		 */
		if (s->nth)
			for (int t = 0; t < MODEL_MAX_TASKS; t++)
				ph = ph * 1000003 + s->nth_left[t];
		if (s->probability == 0 || s->times == 0)
			continue;
		if (s->probability == 100 && s->times == -1 && s->space <= 1) {
			ph = ph * 1000003 + (s->interval > 1 ? s->count % s->interval : 0) + 1;
			continue;
		}
		ph = mix64(ph ^ mix64(s->hits ^ 0x5851f42d4c957f2dull));
		ph = mix64(ph ^ s->rng);
		ph = mix64(ph ^ ((uint64_t)s->count << 32) ^ (uint64_t)s->fired);
		ph = mix64(ph ^ ((uint64_t)s->times << 32) ^ (uint64_t)s->space);
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
	l->nr_fired_total = 0;
}

void fault_list(FILE *f)
{
	for (int i = 0; i < nr_fault_points; i++)
		fprintf(f, "%-20s %s%s%s (choice %s; defaults: %s)\n", fault_points[i].name,
			fault_points[i].what, fault_points[i].modes ? "; mode: " : "",
			fault_points[i].modes ? fault_points[i].modes : "",
			choice_table[fault_points[i].id].name, fault_points[i].kernel ?
			"probability=0,interval=1,times=1,space=0,min-order=1,ignore-gfp-wait=Y,"
			"ignore-gfp-highmem=Y; never __GFP_NOFAIL; nth is per-task fail-nth (v4.13)" :
			"probability=100,interval=1,times=1,space=0, no filters; nth counts every "
			"question");
}

void fault_report(const struct fault_layer *l, FILE *f)
{
	for (int i = 0; i < l->nr_fired; i++)
		fprintf(f, "fault fired: %s hit %lu at %s\n", fault_points[l->fired[i].point].name,
			l->fired[i].hit, (unsigned)l->fired[i].label < NR_SEED_LABELS ?
			seed_label_name[l->fired[i].label] : "?");
}
