// SPDX-License-Identifier: GPL-2.0
/*
 * test_fault.c - each schedule keyword behaves as Documentation/fault-injection
 * says, the parser names point, key and expectation, and fault points change
 * targeted scenarios the way the kernel would.
 */
#include <stdbool.h>
#include <string.h>
#include "../core/tests/tap.h"
#include "../fuzz/runner.h"
#include "fault.h"

static struct choice_query q_for(const struct fault_sched *s, int order, gfp_t gfp, int task)
{
	struct choice_query q = { .id = fault_points[s->point].id, .nr = 3, .dflt = 0, .gfp = gfp,
				  .order = order, .task = task, .pfn = 0xffffffffu, .label = 0 };
	return q;
}

/* Which of the first n hits fail, as a bit string "0010010..." */
static void pattern(const char *spec, int n, char *out)
{
	struct fault_sched s;
	char err[256];

	if (fault_parse(spec, &s, err, sizeof(err))) {
		snprintf(out, 8, "ERR");
		return;
	}
	for (int i = 0; i < n; i++) {
		struct choice_query q = q_for(&s, 0, GFP_KERNEL, 1);

		out[i] = fault_should_fail(&s, &q) ? '1' : '0';
	}
	out[n] = 0;
}

static void parse_error(const char *spec, const char *want)
{
	struct fault_sched s;
	char err[256] = "";

	ok(fault_parse(spec, &s, err, sizeof(err)) == -1 && strstr(err, want), "'%s': %s", spec, err);
}

/* Runs a text program; its decision trace goes to `trace` when not NULL. */
static int run_text_to(const char *src, struct run_result *res, FILE *trace)
{
	struct prog p;
	char err[512];
	struct runner *r = runner_new();

	if (prog_parse(src, strlen(src), "t", &p, err, sizeof(err))) {
		diag("%s", err);
		runner_free(r);
		return -1;
	}
	runner_run(r, &p, trace, res);
	runner_free(r);
	return 0;
}

static int run_text(const char *src, struct run_result *res)
{
	return run_text_to(src, res, NULL);
}

/* Runs a program with its trace into a temporary file; true if the trace contains `what`. */
static bool trace_has(const char *src, const char *what, struct run_result *res)
{
	static char line[4096];
	FILE *f = tmpfile();
	bool found = false;

	if (!f || run_text_to(src, res, f)) {
		if (f)
			fclose(f);
		return false;
	}
	rewind(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

/*
 * The kernel's decision, written from v4.2's mm/page_alloc.c
 * (should_fail_alloc_page and the fail_page_alloc defaults) and
 * lib/fault-inject.c (should_fail), with v4.13's fail-nth in front: the
 * reference the grid below holds the model's fault_should_fail to.
 * prandom_u32() is replaced by the stream fault.h documents.
 */
struct kernel_attr {
	unsigned long probability, interval, count;
	long times, space;
	bool task_filter;
	bool ignore_gfp_wait, ignore_gfp_highmem;
	unsigned min_order;
	uint64_t rng;
};

struct kernel_task {
	bool make_it_fail;
	unsigned long fail_nth;
};

static uint64_t ref_draw(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool ref_should_fail(struct kernel_attr *a, struct kernel_task *cur, bool in_task, long size)
{
	if (in_task && cur->fail_nth) {
		if (--cur->fail_nth == 0)
			goto fail;
		return false;
	}
	if (a->probability == 0)
		return false;
	if (a->task_filter && !(in_task && cur->make_it_fail))
		return false;
	if (a->times == 0)
		return false;
	if (a->space > size) {
		a->space -= size;
		return false;
	}
	if (a->interval > 1) {
		a->count++;
		if (a->count % a->interval)
			return false;
	}
	if (a->probability <= ref_draw(&a->rng) % 100)
		return false;
fail:
	if (a->times != -1 && a->times != 0)
		a->times--;
	return true;
}

static bool ref_should_fail_alloc_page(struct kernel_attr *a, struct kernel_task *cur, bool in_task,
				       gfp_t gfp, unsigned order)
{
	if (order < a->min_order)
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (a->ignore_gfp_highmem && (gfp & __GFP_HIGHMEM))
		return false;
	if (a->ignore_gfp_wait && (gfp & __GFP_WAIT))
		return false;
	return ref_should_fail(a, cur, in_task, 1l << order);
}

/* One setting of the grid: the value of each key (nth 0 and task -1: not written). */
struct grid_point {
	int probability, interval, times, space, min_order, wait, highmem, nth, task, seed;
};

/*
 * The spec for a grid point.  Keys that hold the kernel's default are left
 * out on odd rotations (the defaults are tested too), keys come in an order
 * that depends on rot, and verbose is thrown in on some.
 */
static void grid_spec(const struct grid_point *g, int rot, bool verbose, char *out, size_t len)
{
	char kv[12][40];
	int n = 0, pos;
	bool omit = rot & 1;

	if (!(omit && g->probability == 0))
		snprintf(kv[n++], 40, "probability=%d", g->probability);
	if (!(omit && g->interval == 1))
		snprintf(kv[n++], 40, "interval=%d", g->interval);
	if (!(omit && g->times == 1))
		snprintf(kv[n++], 40, "times=%d", g->times);
	if (!(omit && g->space == 0))
		snprintf(kv[n++], 40, "space=%d", g->space);
	if (!(omit && g->min_order == 1))
		snprintf(kv[n++], 40, "min-order=%d", g->min_order);
	if (!(omit && g->wait))
		snprintf(kv[n++], 40, "ignore-gfp-wait=%s", g->wait ? "Y" : "N");
	if (!(omit && g->highmem))
		snprintf(kv[n++], 40, "ignore-gfp-highmem=%s", g->highmem ? "1" : "0");
	if (g->nth)
		snprintf(kv[n++], 40, "nth=%d", g->nth);
	if (g->task >= 0)
		snprintf(kv[n++], 40, "task=%d", g->task);
	if (g->seed)
		snprintf(kv[n++], 40, "seed=%d", g->seed);
	if (verbose)
		snprintf(kv[n++], 40, "verbose=1");
	pos = snprintf(out, len, "alloc.entry");
	for (int i = 0; i < n; i++)
		pos += snprintf(out + pos, len - (size_t)pos, "%c%s", i ? ',' : ':',
				kv[(i + rot) % n]);
}

/* The calls every grid point is asked: tasks 0..2, three contexts, gfp masks, orders. */
struct grid_call {
	int task, ctx;
	gfp_t gfp;
	int order;
};

static const gfp_t grid_gfp[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER, GFP_NOWAIT, GFP_KERNEL | __GFP_NOFAIL,
	GFP_ATOMIC | __GFP_HIGHMEM, GFP_NOIO, GFP_ATOMIC | __GFP_NOFAIL,
};

#define GRID_CALLS 64

static void grid_calls(struct grid_call *c)
{
	uint64_t x = 12345;

	for (int i = 0; i < GRID_CALLS; i++) {
		uint64_t r = ref_draw(&x);

		c[i].task = (int)(r % 3);
		c[i].ctx = (int)((r >> 8) % 5) < 3 ? CTX_PROCESS : (int)((r >> 8) % 5) - 2;
		c[i].gfp = grid_gfp[(r >> 16) % 8];
		c[i].order = (int)((r >> 24) % 4);
	}
}

/* The model's decisions for a spec, as a 0/1 string; false if it does not parse. */
static bool model_decisions(const char *spec, const struct grid_call *c, char *out)
{
	struct fault_sched s;
	char err[256];

	if (fault_parse(spec, &s, err, sizeof(err))) {
		diag("%s: %s", spec, err);
		return false;
	}
	for (int i = 0; i < GRID_CALLS; i++) {
		struct choice_query q = { .id = CHOICE_FAIL_ALLOC_PAGE, .nr = 2, .dflt = 0,
					  .gfp = c[i].gfp, .order = c[i].order, .task = c[i].task,
					  .pfn = 0xffffffffu, .label = 0, .ctx = (unsigned)c[i].ctx };

		out[i] = fault_should_fail(&s, &q) ? '1' : '0';
	}
	out[GRID_CALLS] = 0;
	return true;
}

static void kernel_decisions(const struct grid_point *g, const struct grid_call *c, char *out)
{
	struct kernel_attr a = {
		.probability = (unsigned long)g->probability, .interval = (unsigned long)g->interval,
		.times = g->times, .space = g->space, .task_filter = g->task >= 0,
		.ignore_gfp_wait = g->wait, .ignore_gfp_highmem = g->highmem,
		.min_order = (unsigned)g->min_order,
	};
	struct kernel_task tasks[3];
	uint64_t h = 0xcbf29ce484222325ull;

	for (const char *n = "alloc.entry"; *n; n++)
		h = (h ^ (uint8_t)*n) * 0x100000001b3ull;
	a.rng = (uint64_t)g->seed ^ h;
	for (int t = 0; t < 3; t++) {
		/* task-filter with make-it-fail on one task; fail-nth written by it (or by each) */
		tasks[t].make_it_fail = g->task == t;
		tasks[t].fail_nth = g->nth && (g->task < 0 || g->task == t) ? (unsigned long)g->nth : 0;
	}
	for (int i = 0; i < GRID_CALLS; i++)
		out[i] = ref_should_fail_alloc_page(&a, &tasks[c[i].task], c[i].ctx == CTX_PROCESS,
						    c[i].gfp, (unsigned)c[i].order) ? '1' : '0';
	out[GRID_CALLS] = 0;
}

/*
 * A test that replays the kernel's decision rule, key by key, against the
 * model's on a grid of fail_page_alloc settings (5 x 3 x 4 x 3 x 3 x 2 x 2
 * x 3 x 2 x 2 = 25920 points, 64 calls each).  Expect the same decision on
 * every call, and the same decisions whatever the order of the keys and
 * with or without verbose.
 */
static void test_kernel_rule_grid(void)
{
	static const int prob[] = { 0, 1, 37, 99, 100 }, ival[] = { 0, 1, 3 },
		times[] = { -1, 0, 1, 3 }, space[] = { 0, 1, 6 }, mino[] = { 0, 1, 3 },
		nth[] = { 0, 1, 3 }, task[] = { -1, 1 }, seed[] = { 0, 7 };
	struct grid_call calls[GRID_CALLS];
	long points = 0, mismatch = 0, order_dep = 0, fired = 0;
	char first[512] = "";
	int rot = 0;

	grid_calls(calls);
	for (int a = 0; a < 5; a++)
	for (int b = 0; b < 3; b++)
	for (int c = 0; c < 4; c++)
	for (int d = 0; d < 3; d++)
	for (int e = 0; e < 3; e++)
	for (int f = 0; f < 2; f++)
	for (int g = 0; g < 2; g++)
	for (int h = 0; h < 3; h++)
	for (int i = 0; i < 2; i++)
	for (int j = 0; j < 2; j++) {
		struct grid_point gp = { prob[a], ival[b], times[c], space[d], mino[e], f, g,
					 nth[h], task[i], seed[j] };
		char spec[256], spec2[256], want[GRID_CALLS + 1], got[GRID_CALLS + 1],
		     got2[GRID_CALLS + 1];

		points++;
		rot++;
		grid_spec(&gp, rot, false, spec, sizeof(spec));
		grid_spec(&gp, rot + 3, true, spec2, sizeof(spec2));
		kernel_decisions(&gp, calls, want);
		if (!model_decisions(spec, calls, got) || !model_decisions(spec2, calls, got2)) {
			mismatch++;
			continue;
		}
		fired += strchr(want, '1') != NULL;
		if (strcmp(want, got)) {
			if (!mismatch++)
				snprintf(first, sizeof(first), "%s: kernel %s model %s", spec, want, got);
		}
		if (strcmp(got, got2))
			order_dep++;
	}
	ok(mismatch == 0, "the kernel's should_fail_alloc_page/should_fail (with fail-nth) and the "
	   "model's agree on every call of %ld settings x %d calls%s%s", points, GRID_CALLS,
	   first[0] ? ": " : "", first);
	ok(order_dep == 0, "key order and verbose change no decision (%ld settings differ)", order_dep);
	ok(fired > points / 10, "the grid exercises failures: %ld of %ld settings fail some call",
	   fired, points);
}

int main(void)
{
	char pat[64];
	struct fault_sched s;
	char err[256];
	int fails = 0;

	/* interval 3 fails hits 3, 6, 9 ... (times -1: unlimited) */
	pattern("page.bad:interval=3,times=-1", 12, pat);
	is(strcmp(pat, "001001001001"), 0, "interval=3 fails hits 3, 6, 9, 12: %s", pat);
	/* times caps the failures */
	pattern("page.bad:times=2", 6, pat);
	is(strcmp(pat, "110000"), 0, "times=2 fails twice, then never: %s", pat);
	pattern("page.bad", 4, pat);
	is(strcmp(pat, "1000"), 0, "times defaults to 1 as in the kernel: %s", pat);
	/*
	 * space spends its budget first: should_fail only fails once space is no
	 * longer larger than the size (1 per hit here): 3 -> 2 -> 1, then failures.
	 */
	pattern("page.bad:space=3,times=-1", 6, pat);
	is(strcmp(pat, "001111"), 0, "space=3 lets two hits through first (3>1, 2>1): %s", pat);
	/* nth fails exactly once */
	pattern("page.bad:nth=4", 10, pat);
	is(strcmp(pat, "0001000000"), 0, "nth=4 fails exactly the 4th hit: %s", pat);
	/* probability 0 never, 100 always (unlimited times) */
	pattern("page.bad:probability=0,times=-1", 20, pat);
	ok(!strchr(pat, '1'), "probability=0 never fails");
	pattern("page.bad:probability=100,times=-1", 20, pat);
	ok(!strchr(pat, '0'), "probability=100 always fails");
	/* probability 30 about 30% over 10000 hits, the same every time */
	fault_parse("compact.migrate:probability=30,times=-1", &s, err, sizeof(err));
	for (int i = 0; i < 10000; i++) {
		struct choice_query q = q_for(&s, 2, GFP_KERNEL, 1);

		fails += fault_should_fail(&s, &q);
	}
	ok(fails > 2700 && fails < 3300, "probability=30: %d of 10000 hits failed", fails);
	{
		char a[41], b[41];

		pattern("compact.migrate:probability=50,times=-1", 40, a);
		pattern("compact.migrate:probability=50,times=-1", 40, b);
		ok(!strcmp(a, b), "same spec, same decisions: %s", a);
	}
	/* filters exclude what they should and do not count as hits */
	fault_parse("alloc.entry:probability=100,min-order=2,times=-1,ignore-gfp-wait=N", &s, err,
		    sizeof(err));
	{
		struct choice_query q0 = q_for(&s, 0, GFP_KERNEL, 1), q3 = q_for(&s, 3, GFP_KERNEL, 1);

		ok(!fault_should_fail(&s, &q0) && fault_should_fail(&s, &q3) && s.hits == 1,
		   "min-order=2 skips order 0, fails order 3; only order 3 was a hit");
	}
	fault_parse("alloc.entry:probability=100,ignore-gfp-wait=1,times=-1,min-order=0", &s, err,
		    sizeof(err));
	{
		struct choice_query qw = q_for(&s, 0, GFP_KERNEL, 1), qa = q_for(&s, 0, GFP_ATOMIC, 1);

		ok(!fault_should_fail(&s, &qw) && fault_should_fail(&s, &qa),
		   "ignore-gfp-wait spares __GFP_WAIT requests only");
	}
	fault_parse("alloc.entry:probability=100,ignore-gfp-highmem=Y,ignore-gfp-wait=N,times=-1,"
		    "min-order=0", &s, err, sizeof(err));
	{
		struct choice_query qh = q_for(&s, 0, GFP_HIGHUSER, 1), qk = q_for(&s, 0, GFP_KERNEL, 1);

		ok(!fault_should_fail(&s, &qh) && fault_should_fail(&s, &qk),
		   "ignore-gfp-highmem spares __GFP_HIGHMEM requests only");
	}
	fault_parse("compact.migrate:gfp=GFP_NOFS+__GFP_NOFAIL,times=-1", &s, err, sizeof(err));
	{
		struct choice_query qa = q_for(&s, 0, GFP_NOFS | __GFP_NOFAIL | __GFP_NOWARN, 1),
				    qb = q_for(&s, 0, GFP_NOFS, 1);

		ok(fault_should_fail(&s, &qa) && !fault_should_fail(&s, &qb),
		   "gfp= requires every bit of the mask");
	}
	/*
	 * The layer's position for the livelock proof: a random schedule (neither
	 * inert nor certain) is part of it with its whole state, so a question of
	 * another point leaves the position as it was and a question of its own
	 * point (a hit) moves it; a certain, unlimited one is periodic in its hits.
	 */
	{
		static struct fault_layer l;
		struct choice_answerer a;
		uint64_t p0 = 0, p1 = 1, p2 = 0;
		struct choice_query qm, qo;
		bool ok0, ok1, ok2;

		memset(&l, 0, sizeof(l));
		l.skip_point = -1;
		ok0 = !fault_add(&l, "compact.migrate:probability=50,times=-1", err, sizeof(err));
		a = fault_layer_answerer(&l, NULL);
		qm = q_for(&l.s[0], 2, GFP_KERNEL, 1);
		qo = qm;
		qo.id = CHOICE_PAGE_REFERENCED;
		ok0 = ok0 && a.phase(a.priv, &p0);
		(void)a.answer(a.priv, &qo);
		ok1 = a.phase(a.priv, &p1);
		ok(ok0 && ok1 && p0 == p1, "a random schedule: another point's question keeps the "
		   "position (%d %d)", ok0, ok1);
		(void)a.answer(a.priv, &qm);
		ok2 = a.phase(a.priv, &p2);
		ok(ok2 && p2 != p1, "a random schedule: a question of its point moves the position");
		memset(&l, 0, sizeof(l));
		l.skip_point = -1;
		ok0 = !fault_add(&l, "compact.migrate:probability=100,times=-1,interval=2", err,
				 sizeof(err));
		a = fault_layer_answerer(&l, NULL);
		qm = q_for(&l.s[0], 2, GFP_KERNEL, 1);
		ok0 = ok0 && a.phase(a.priv, &p0);
		(void)a.answer(a.priv, &qm);
		(void)a.answer(a.priv, &qm);
		ok1 = a.phase(a.priv, &p1);
		ok(ok0 && ok1 && p0 == p1, "a certain unlimited schedule: two hits of interval 2 come "
		   "back to the same position");
	}
	/*
	 * A test that parses alloc.entry with no keys.  Expect v4.2's
	 * fail_page_alloc defaults: probability 0, interval 1, times 1, space 0,
	 * min-order 1, ignore-gfp-wait and ignore-gfp-highmem Y.
	 */
	fault_parse("alloc.entry", &s, err, sizeof(err));
	ok(s.probability == 0 && s.interval == 1 && s.times == 1 && s.space == 0 &&
	   s.min_order == 1 && s.ignore_gfp_wait && s.ignore_gfp_highmem && !s.nth,
	   "alloc.entry defaults: probability 0, interval 1, times 1, space 0, min-order 1, "
	   "ignore-gfp-wait Y, ignore-gfp-highmem Y");
	fault_parse("compact.migrate", &s, err, sizeof(err));
	ok(s.probability == 100 && s.interval == 1 && s.times == 1 && s.min_order == -1 &&
	   !s.ignore_gfp_wait && !s.ignore_gfp_highmem,
	   "a model point keeps its own defaults: probability 100, times 1, no filters");
	/* alloc.entry never fails __GFP_NOFAIL, whatever the keys say */
	fault_parse("alloc.entry:probability=100,times=-1,min-order=0,ignore-gfp-wait=N", &s, err,
		    sizeof(err));
	{
		struct choice_query qn = q_for(&s, 2, GFP_ATOMIC | __GFP_NOFAIL, 1);

		ok(!fault_should_fail(&s, &qn) && s.hits == 0,
		   "alloc.entry: __GFP_NOFAIL is filtered out before should_fail (no hit)");
	}
	/*
	 * fail-nth is per task and task context only: task 1's third order-1
	 * atomic allocation fails; task 2's and softirq calls do not count.
	 */
	fault_parse("alloc.entry:nth=3,task=1", &s, err, sizeof(err));
	{
		char got[8] = "";
		struct choice_query qp = q_for(&s, 1, GFP_ATOMIC, 1), qo = q_for(&s, 1, GFP_ATOMIC, 2),
				    qs = q_for(&s, 1, GFP_ATOMIC, 1);

		qs.ctx = CTX_SOFTIRQ;
		got[0] = (char)('0' + fault_should_fail(&s, &qp));
		got[1] = (char)('0' + fault_should_fail(&s, &qo));
		got[2] = (char)('0' + fault_should_fail(&s, &qs));
		got[3] = (char)('0' + fault_should_fail(&s, &qp));
		got[4] = (char)('0' + fault_should_fail(&s, &qp));
		got[5] = (char)('0' + fault_should_fail(&s, &qp));
		is(strcmp(got, "000010"), 0, "nth=3,task=1: other tasks and softirq context do not "
		   "count, task 1's third call fails, then probability 0 decides: %s", got);
	}
	/* without task=, every task counts its own calls */
	fault_parse("alloc.entry:nth=2", &s, err, sizeof(err));
	{
		char got[8] = "";
		struct choice_query q1 = q_for(&s, 1, GFP_ATOMIC, 1), q2 = q_for(&s, 1, GFP_ATOMIC, 2);

		got[0] = (char)('0' + fault_should_fail(&s, &q1));
		got[1] = (char)('0' + fault_should_fail(&s, &q2));
		got[2] = (char)('0' + fault_should_fail(&s, &q1));
		got[3] = (char)('0' + fault_should_fail(&s, &q2));
		got[4] = (char)('0' + fault_should_fail(&s, &q1));
		is(strcmp(got, "00110"), 0, "nth=2 without task=: each task's second call fails: %s", got);
	}
	/* after the Nth call the other keys still apply; the Nth used up one of times */
	fault_parse("alloc.entry:nth=2,probability=100,times=2", &s, err, sizeof(err));
	{
		char got[8] = "";
		struct choice_query q = q_for(&s, 1, GFP_ATOMIC, 1);

		for (int i = 0; i < 5; i++)
			got[i] = (char)('0' + fault_should_fail(&s, &q));
		is(strcmp(got, "01100"), 0, "nth=2,probability=100,times=2: the 2nd fails by fail-nth "
		   "(times 2 -> 1), the 3rd by probability (times 1 -> 0), then none: %s", got);
	}
	/* node=, zone= and pfn= filter on the page or zone a question is about */
	fault_parse("compact.migrate:times=-1,zone=Normal,pfn=0x1000-0x10ff", &s, err, sizeof(err));
	{
		struct choice_query q = q_for(&s, 2, GFP_KERNEL, 1);
		bool in, out_pfn, out_zone, none;

		q.zone = 1 + ZONE_NORMAL;
		q.pfn = 0x1080;
		in = fault_should_fail(&s, &q);
		q.pfn = 0x1100;
		out_pfn = fault_should_fail(&s, &q);
		q.pfn = 0x1080;
		q.zone = 1 + ZONE_DMA;
		out_zone = fault_should_fail(&s, &q);
		q.zone = 0;
		q.pfn = PFN_NONE;
		none = fault_should_fail(&s, &q);
		ok(in && !out_pfn && !out_zone && !none && s.hits == 1,
		   "zone=Normal,pfn=0x1000-0x10ff: only a Normal page in the range is a hit");
	}
	fault_parse("compact.defer:times=-1,node=1", &s, err, sizeof(err));
	{
		struct choice_query q = q_for(&s, 2, GFP_KERNEL, 1);
		bool n0, n1;

		q.zone = 1 + 0 * MAX_NR_ZONES + ZONE_NORMAL;
		n0 = fault_should_fail(&s, &q);
		q.zone = 1 + 1 * MAX_NR_ZONES + ZONE_NORMAL;
		n1 = fault_should_fail(&s, &q);
		ok(!n0 && n1, "node=1 fails the question about node 1's zone only");
	}
	fault_parse("oom.lock:task=2,times=-1", &s, err, sizeof(err));
	{
		struct choice_query q1 = q_for(&s, 0, GFP_KERNEL, 1), q2 = q_for(&s, 0, GFP_KERNEL, 2);

		ok(!fault_should_fail(&s, &q1) && fault_should_fail(&s, &q2), "task=2 only fails task 2");
	}
	fault_parse("compact.migrate:mode=ebusy", &s, err, sizeof(err));
	is(s.outcome, 2, "mode=ebusy forces the -EBUSY outcome");

	/* The parser names the point, the key and what was expected. */
	parse_error("compact.migrat:probability=30", "fault 'compact.migrat': unknown fault point");
	parse_error("compact.migrate:probabilty=30", "fault compact.migrate: key 'probabilty': unknown key (expected one of probability");
	parse_error("compact.migrate:probability=130", "key 'probability': expected a number 0..100, got '130'");
	parse_error("compact.migrate:probability=-1", "key 'probability': expected a number 0..100, got '-1'");
	parse_error("compact.migrate:probability=", "key 'probability': expected a number 0..100, got ''");
	parse_error("compact.migrate:probability=5x", "key 'probability': expected a number 0..100, got '5x'");
	parse_error("reclaim.writeback:mode=slow", "key 'mode': expected fail=1,stall=2, got 'slow'");
	parse_error("alloc.entry:gfp=GFP_KERNAL", "key 'gfp': expected a gfp mask");
	parse_error("alloc.entry:ignore-gfp-wait=maybe", "key 'ignore-gfp-wait': expected Y or N");
	parse_error("compact.migrate:zone=Highmen", "key 'zone': expected DMA, DMA32, Normal");
	parse_error("compact.migrate:pfn=0x20-0x10", "key 'pfn': expected a frame range START-END");
	parse_error("compact.migrate:pfn=7-", "key 'pfn': expected a frame range START-END");
	parse_error("compact.migrate:node=2", "key 'node': expected a number 0..1");

	/*
	 * Scenarios.  A test that injects alloc.entry failures into GFP_KERNEL
	 * allocations (the kernel's fail_page_alloc without ignore-gfp-wait). Expect the
	 * allocation to fail at entry, before any slowpath step, and ok.
	 */
	{
		struct run_result res;

		run_text("pafuzz 1\ntask A\nfault alloc.entry:probability=100,times=-1,"
			 "ignore-gfp-wait=N,min-order=0\nalloc A GFP_KERNEL order=0 -> h0\n"
			 "expect ok\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 1 && strstr(res.faults, "alloc.entry#1"),
		   "alloc.entry fires once per allocation: %s", res.faults);
		/* the same with NOFAIL: should_fail_alloc_page never fails __GFP_NOFAIL */
		run_text("pafuzz 1\ntask A\nfault alloc.entry:probability=100,times=-1,"
			 "ignore-gfp-wait=N,min-order=0\n"
			 "alloc A GFP_KERNEL|__GFP_NOFAIL order=0 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 0, "alloc.entry never fails __GFP_NOFAIL");
		/* with the kernel's defaults (ignore-gfp-wait Y, min-order 1) GFP_KERNEL is never failed */
		run_text("pafuzz 1\ntask A\nfault alloc.entry:probability=100,times=-1\n"
			 "alloc A GFP_KERNEL order=0 -> h0\nalloc A GFP_KERNEL order=2 -> h1\n"
			 "alloc A GFP_ATOMIC order=0 -> h2\nalloc A GFP_ATOMIC order=1 -> h3\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 1 && strstr(res.faults, "alloc.entry#1"),
		   "probability=100,times=-1 with fail_page_alloc's filters: only the order-1 atomic "
		   "request is a hit and fails: %s", res.faults);
		/* oom.lock stuck forever: the OOM path reports progress forever (a fault, reported) */
		run_text("pafuzz 1\ntask A\nfill A\nfault oom.lock:times=-1\n"
			 "alloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "oom_lock_busy"),
		   "oom.lock:times=-1 keeps the retry loop going: %s", res.sig);
		ok(strstr(res.detail, "depends on injected answers: oom_lock") != NULL,
		   "the livelock report names the injected oom_lock fault");
		/* with the lock busy only 3 times the OOM killer gets its turn: ok */
		run_text("pafuzz 1\ntask A\nfill A\nfault oom.lock:times=3\n"
			 "alloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 3, "oom.lock:times=3: three busy rounds, then "
		   "the OOM killer: %s (%s)", verdict_name[res.verdict], res.faults);
		/* a stuck victim keeps the OOM killer waiting on it */
		run_text("pafuzz 1\ntask A\ntask B\noom_score_adj B 1000\nfill A\n"
			 "fault oom.victim_stuck:times=-1\nalloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "oom_victim_pending"),
		   "oom.victim_stuck: the OOM killer waits for the victim forever: %s", res.sig);
		/* page.bad quarantines the page and the allocation still succeeds */
		run_text("pafuzz 1\ntask A\nfault page.bad:nth=1\nalloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_WARNING && strstr(res.sig, "bad-page") && res.nr_fired == 1,
		   "page.bad: bad_page reported (warning), page quarantined: %s", res.sig);
		/* compact.defer on a THP request: it gives up before reclaim */
		run_text("pafuzz 1\ntask A\nfill A\nfault compact.defer:times=-1\n"
			 "alloc A GFP_TRANSHUGE order=9 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired >= 1, "compact.defer: THP gives up: %s",
		   res.faults);
	}
	/*
	 * The world's fault points (reclaim, swap, kswapd): each changes a targeted
	 * scenario the way the kernel would.
	 */
	{
		struct run_result res;
		static const char *cache =
			"pafuzz 1\ntask A\ntask B\nfile 8100 -> f0\nread A f0 0 8100\n%s"
			"alloc B GFP_KERNEL order=0 -> h0\n";
		char src[512];
		bool with, without;

		/* reclaim.writeback stall: dirty cache never becomes clean, reclaim frees nothing */
		without = trace_has("pafuzz 1\ntask A\ntask B\nfile 1500 -> f0\nwrite A f0 0 1500\n"
				    "fill B\nalloc A GFP_KERNEL order=0 -> h0\n", "Killed process", &res);
		with = trace_has("pafuzz 1\ntask A\ntask B\nfault reclaim.writeback:mode=stall,times=-1\n"
				 "file 1500 -> f0\nwrite A f0 0 1500\nfill B\nalloc A GFP_KERNEL order=0 -> h0\n",
				 "Killed process", &res);
		ok(!without && with && res.nr_fired > 0, "reclaim.writeback stall: written-back cache is "
		   "reclaimed without the fault (%d); with it nothing is and the OOM killer runs (%d)",
		   without, with);
		/* reclaim.referenced: every page young, page cache never reclaimed: the OOM killer runs */
		snprintf(src, sizeof(src), cache, "");
		without = trace_has(src, "Killed process", &res);
		snprintf(src, sizeof(src), cache, "fault reclaim.referenced:times=-1\n");
		with = trace_has(src, "Killed process", &res);
		ok(!without && with && res.nr_fired > 0, "reclaim.referenced: clean cache is reclaimed "
		   "without the fault (%d) and never with it, so the OOM killer runs (%d)", without, with);
		/* kswapd.stall: a woken kswapd never runs */
		snprintf(src, sizeof(src), cache, "");
		without = trace_has(src, "mm_vmscan_kswapd_wake", &res);
		snprintf(src, sizeof(src), cache, "fault kswapd.stall:times=-1\n");
		with = trace_has(src, "mm_vmscan_kswapd_wake", &res);
		ok(without && !with && res.nr_fired > 0, "kswapd.stall: kswapd runs without the fault (%d) "
		   "and never with it (%d)", without, with);
		/* reclaim.swap_write: anonymous memory cannot be swapped, the OOM killer runs */
		without = trace_has("pafuzz 1\nswap 2048\ntask A\ntask B\nmmap_anon B 8100 -> v0\n"
				    "touch B v0 0 8100 write\nalloc A GFP_KERNEL order=0 -> h0\n",
				    "Killed process", &res);
		with = trace_has("pafuzz 1\nswap 2048\ntask A\ntask B\nfault reclaim.swap_write:times=-1\n"
				 "mmap_anon B 8100 -> v0\ntouch B v0 0 8100 write\n"
				 "alloc A GFP_KERNEL order=0 -> h0\n", "Killed process", &res);
		ok(!without && with, "reclaim.swap_write: swap-out rescues without the fault (%d); with "
		   "it the OOM killer runs (%d)", without, with);
		/* cpuset.change: a failing allocation whose cpuset keeps changing retries forever */
		run_text("pafuzz 1\ntask A\nfault cpuset.change:times=-1\nfill A\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "livelock@retry_cpuset") && res.nr_fired > 0,
		   "cpuset.change: retry_cpuset never ends: %s", res.sig);
		run_text("pafuzz 1\ntask A\nfault cpuset.change:times=3\nfill A\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 3, "cpuset.change:times=3: three retries, then "
		   "the allocation fails cleanly: %s", verdict_name[res.verdict]);
		/* reclaim.isolated: the throttle loop of shrink_inactive_list never ends */
		snprintf(src, sizeof(src), cache, "fault reclaim.isolated:times=-1\n");
		trace_has(src, "", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "too_many_isolated"),
		   "reclaim.isolated: too_many_isolated forever is a livelock: %s", res.sig);
	}
	test_kernel_rule_grid();
	return done_testing();
}
