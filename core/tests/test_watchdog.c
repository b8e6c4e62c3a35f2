// SPDX-License-Identifier: GPL-2.0
/*
 * test_watchdog.c - the livelock proof of core/watchdog.c, driven through its
 * API the way the allocator's loops drive it: watchdog_enter, a body that
 * moves a zone's pages_scanned counter and notes zone_reclaimable()'s
 * comparisons (and the counter's resets), watchdog_round at each retry.
 *
 * Nothing else changes between rounds, so every round head hashes alike and
 * the only question is the certificate for the scan counter, which the hash
 * leaves out: replaying the cycle from the later head sees the counter
 * shifted by delta (the difference between the heads), and the cycle repeats
 * only if every comparison made in it would come out the same.  Each case
 * says what it does per round and expects `livelock` (proven) as soon as a
 * head repeats, or `retry-storm` (not proven) once the loop's budget of 16
 * rounds is spent.
 * Then each part of the state the head hash covers is shown to be in it.
 */
#include <string.h>
#include "../internal.h"
#include "tap.h"

#define THRESHOLD 1000	/* zone_reclaimable's 6 x reclaimable pages, as noted */

/* What one round's body does to the Normal zone. */
struct body {
	long start;		/* pages_scanned at the first round's head */
	long delta;		/* added to pages_scanned each round */
	bool compare;		/* zone_reclaimable compares it (at the head's value) */
	bool reset;		/* then a free into the zone resets the counter */
};

static struct model *make(void)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	c.loop_budget = 16;
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("model_create: %s", err);
	return m;
}

/* Task t in the middle of a GFP_KERNEL order-0 allocation, entering loop id. */
static int enter_loop_id(struct model *m, int t, enum loop_id id)
{
	m->current = t;
	m->alloc_depth = 1;
	m->alloc_gfp = GFP_KERNEL;
	m->alloc_order = 0;
	return watchdog_enter(m, id);
}

/* ... entering the slowpath's retry loop. */
static int enter_loop(struct model *m, int t)
{
	return enter_loop_id(m, t, LOOP_SLOWPATH_RETRY);
}

/* The loop is over (the watchdog ended it): what it judged. */
static enum verdict_kind leave_loop(struct model *m, int slot)
{
	watchdog_exit(m, slot);
	m->alloc_depth = 0;
	return m->verdict.kind;
}

/* Runs rounds of body b until the watchdog ends the loop; returns the verdict. */
static enum verdict_kind run(struct model *m, const struct body *b, int *rounds)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	int t, slot, r;

	model_reset(m);
	t = model_task_create(m, "A");
	z->vm_stat[NR_PAGES_SCANNED] = b->start;
	slot = enter_loop(m, t);
	for (r = 0; r < 100; r++) {
		unsigned long scanned = (unsigned long)z->vm_stat[NR_PAGES_SCANNED];

		if (b->compare)
			watchdog_note_reclaimable(m, z, scanned, THRESHOLD, scanned < THRESHOLD);
		if (b->reset)
			watchdog_note_scan_reset(m, z);
		z->vm_stat[NR_PAGES_SCANNED] += b->delta;
		if (watchdog_round(m, slot, 0))
			break;
	}
	*rounds = r + 1;
	return leave_loop(m, slot);
}

static void expect(struct model *m, const struct body *b, enum verdict_kind want, const char *what)
{
	int rounds;
	enum verdict_kind got = run(m, b, &rounds);

	/*
	 * A proof ends the loop at the round whose head repeats an earlier one
	 * (here the heads of rounds 1 and 2 at the latest); without one the loop
	 * runs its whole budget.
	 */
	ok(got == want && (want == V_LIVELOCK ? rounds <= 3 : rounds == 16),
	   "%s. Expect %s after %s rounds (got %s after %d: %s)", what, verdict_name[want],
	   want == V_LIVELOCK ? "at most 3" : "16", verdict_name[got], rounds, m->verdict.sig);
}

/* What a round changes in the hashed state: round r's value of something. */
enum part { P_PAGE, P_ZONE_STAT, P_TASK, P_WORLD, P_OTHER_CPU };

static const char *const part_name[] = {
	"a held page's private field", "a zone's NR_ACTIVE_ANON counter",
	"a task's oom_score_adj", "the world (a new file)", "the handle another CPU holds its page in",
};

/*
 * Runs rounds in which part p of the state takes a new value each round
 * (period 0) or alternates between two (period 2); returns the verdict.
 */
static enum verdict_kind run_part(struct model *m, enum part p, int period)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	int t, slot, h, other = -1;
	struct page *page;

	model_reset(m);
	t = model_task_create(m, "A");
	h = model_alloc(m, t, GFP_KERNEL, 0);
	page = pfn_to_page(m, m->handles[h].pfn);
	if (p == P_OTHER_CPU) {	/* a page of no task, moved from handle to handle */
		other = model_alloc(m, t, GFP_KERNEL, 0);
		m->handles[other].task = -1;
		handle_note(m, other);
	}
	slot = enter_loop(m, t);
	for (int r = 1; r < 100; r++) {
		int v = period ? r % period : r;

		switch (p) {
		case P_PAGE:
			page_touch(m, page);
			page->private = (unsigned long)v;
			break;
		case P_ZONE_STAT:
			z->vm_stat[NR_ACTIVE_ANON] += v ? 1 : -1;
			break;
		case P_TASK:
			model_task(m, t)->oom_score_adj = v;
			break;
		case P_WORLD:
			model_file_create(m, 1);
			break;
		case P_OTHER_CPU: {	/* the other CPU's page moves to handle 2 + v */
			int to = 2 + v;

			if (to != other) {
				m->handles[to] = m->handles[other];
				m->handles[other].in_use = false;
				if (m->nr_handles <= to)
					m->nr_handles = to + 1;
				/* as the model's own writes do: the map of other CPUs' handles follows */
				handle_note(m, to);
				handle_note(m, other);
				other = to;
			}
			break;
		}
		}
		if (watchdog_round(m, slot, 0))
			break;
	}
	return leave_loop(m, slot);
}

/*
 * A test that each part of the state the round-head hash covers is really in
 * it: frames, zone counters, tasks, the world, other CPUs' pages.  A change
 * that never repeats must give retry-storm (no repeat, nothing proven); the
 * same part flipping between two values repeats with period 2: livelock.
 */
static void test_hash_covers(struct model *m)
{
	for (int p = P_PAGE; p <= P_OTHER_CPU; p++) {
		enum verdict_kind once, twice;

		if (p == P_WORLD) {
			once = run_part(m, (enum part)p, 0);
			ok(once == V_RETRY_STORM, "Rounds that each change %s. Expect retry-storm (got "
			   "%s)", part_name[p], verdict_name[once]);
			continue;
		}
		once = run_part(m, (enum part)p, 0);
		twice = run_part(m, (enum part)p, 2);
		ok(once == V_RETRY_STORM && twice == V_LIVELOCK, "Rounds that give %s a new value "
		   "each time. Expect retry-storm (got %s); flipping between two: livelock (got %s)",
		   part_name[p], verdict_name[once], verdict_name[twice]);
	}
}

/* What a round of drift_loop does besides letting the drifting counter grow. */
enum drift {
	D_BATCH_DEPLETED,	/* NR_ALLOC_BATCH falls; ZONE_FAIR_DEPLETED is set */
	D_BATCH_LIVE,		/* NR_ALLOC_BATCH falls; the bit is clear */
	D_STAT_UNREAD,		/* reclaim_stat grows; nothing reads it */
	D_STAT_READ,		/* reclaim_stat grows; get_scan_count reads it each round */
	D_STATISTIC,		/* NR_VMSCAN_WRITE grows */
};

static const char *const drift_name[] = {
	"NR_ALLOC_BATCH falls round after round while ZONE_FAIR_DEPLETED is set (no reader)",
	"NR_ALLOC_BATCH falls round after round with ZONE_FAIR_DEPLETED clear (it is read)",
	"the zone's reclaim stats grow and no round reads them",
	"the zone's reclaim stats grow and get_scan_count reads them every round",
	"NR_VMSCAN_WRITE, a statistic, grows",
};

static enum verdict_kind drift_loop(struct model *m, enum drift d)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	int t, slot;

	model_reset(m);
	t = model_task_create(m, "A");
	if (d == D_BATCH_DEPLETED)
		set_bit_zone(z, ZONE_FAIR_DEPLETED);
	slot = enter_loop(m, t);
	for (int r = 1; r < 100; r++) {
		switch (d) {
		case D_BATCH_DEPLETED: case D_BATCH_LIVE:
			z->vm_stat[NR_ALLOC_BATCH] -= 1;
			break;
		case D_STAT_READ:
			watchdog_note_reclaim_stat(m, z);
			/* fall through */
		case D_STAT_UNREAD:
			z->reclaim_stat.recent_scanned[1] += 4;
			z->reclaim_stat.recent_rotated[1] += 4;
			break;
		case D_STATISTIC:
			z->vm_stat[NR_VMSCAN_WRITE] += 1;
			break;
		}
		if (watchdog_round(m, slot, 0))
			break;
	}
	return leave_loop(m, slot);
}

/*
 * A test that the proof hashes only what can decide: a cycle in which only
 * a counter no decision reads keeps changing is proven; one whose change a
 * decision reads (or could read) is not.
 */
static void test_decisive_state(struct model *m)
{
	static const enum verdict_kind want[] = {
		[D_BATCH_DEPLETED] = V_LIVELOCK, [D_BATCH_LIVE] = V_RETRY_STORM,
		[D_STAT_UNREAD] = V_LIVELOCK, [D_STAT_READ] = V_RETRY_STORM,
		[D_STATISTIC] = V_LIVELOCK,
	};

	for (int d = D_BATCH_DEPLETED; d <= D_STATISTIC; d++) {
		enum verdict_kind got = drift_loop(m, (enum drift)d);

		ok(got == want[d], "Rounds in which %s. Expect %s (got %s)", drift_name[d],
		   verdict_name[want[d]], verdict_name[got]);
	}
}

/*
 * The replay that confirms a proof: rounds 1 and 2 hash alike (a proof),
 * then round 3 changes a decisive counter behind the hash's back, as a hash
 * that missed some state would let happen.  The replay's head no longer
 * matches the head it repeats: a model bug, never a livelock.
 */
static void replay_breaks(void *arg)
{
	struct model *m = arg;
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	int t, slot;

	model_reset(m);
	t = model_task_create(m, "A");
	slot = enter_loop(m, t);
	for (int r = 1; r < 100; r++) {
		if (r == 3)
			z->vm_stat[NR_ACTIVE_ANON] += 1;
		if (watchdog_round(m, slot, 0))
			break;
	}
	leave_loop(m, slot);
}

static void test_replay_confirms(struct model *m)
{
	ok(child_aborts(replay_breaks, m), "A proof whose replay does not repeat the cycle. "
	   "Expect MODEL_BUG_ON (the run aborts)");
}

/*
 * A loop nested in the retry loop (too_many_isolated's throttle) takes the
 * seed labels and injected choices seen so far out of the globals at each of
 * its rounds: the retry loop's round must still be credited with them, or its
 * signature loses the steps before the inner loop and the report loses the
 * injected answer the cycle depends on.
 */
static void test_nested_round_keeps_path(struct model *m)
{
	int t, outer, r;

	model_reset(m);
	t = model_task_create(m, "A");
	outer = enter_loop(m, t);
	for (r = 0; r < 100; r++) {
		int inner;

		m->alloc_path |= 1u << L_RETRY | 1u << L_RECLAIM;
		watchdog_note_injected(m, CHOICE_TOO_MANY_ISOLATED);
		inner = watchdog_enter(m, LOOP_TOO_MANY_ISOLATED);
		watchdog_progress(m, inner, 0, PR_ISOLATED);
		watchdog_round(m, inner, 0);
		watchdog_exit(m, inner);
		m->alloc_path |= 1u << L_SHOULD_RETRY;
		watchdog_progress(m, outer, 32, PR_RECLAIMED);
		if (watchdog_round(m, outer, 0))
			break;
	}
	leave_loop(m, outer);
	ok(m->verdict.kind == V_LIVELOCK &&
	   strstr(m->verdict.sig, "@retry:retry>__alloc_pages_direct_reclaim>should-retry:") &&
	   strstr(m->verdict.detail, "depends on injected answers: too_many_isolated"),
	   "A retry loop whose rounds run a nested loop keeps the steps and the injected "
	   "answer from before it. Expect livelock@retry:retry>__alloc_pages_direct_reclaim>"
	   "should-retry:... depending on too_many_isolated (got %s)", m->verdict.sig);
}

/* A retry_cpuset livelock whose every round passes the steps of path. */
static void long_path_loop(struct model *m, uint32_t path)
{
	int t, slot, r;

	model_reset(m);
	t = model_task_create(m, "A");
	slot = enter_loop_id(m, t, LOOP_RETRY_CPUSET);
	for (r = 0; r < 100; r++) {
		m->alloc_path = path;
		watchdog_progress(m, slot, 0, PR_CPUSET_CHANGED);
		if (watchdog_round(m, slot, 0))
			break;
	}
	leave_loop(m, slot);
}

#define S(l) (1u << (l))

/*
 * A path too long for the 192-byte signature loses steps after the first from
 * its middle ("retry>..>"), as few as make it fit; the last steps and the
 * progress reason, what tells two loops apart, stay.  The cases sit at the
 * edges: 191 bytes in full, 192 in full (one step goes), a cut that leaves
 * exactly 191, and a path of every step.
 */
static void test_long_path_keeps_reason(struct model *m)
{
	static const struct {
		const char *what;
		uint32_t path;
		const char *want;
	} cases[] = {
		{ "191 bytes in full: kept whole",
		  S(L_RETRY) | S(L_HIGH_PRIORITY) | S(L_ATOMIC) | S(L_PF_MEMALLOC) | S(L_TIF_MEMDIE) |
		  S(L_THP_GIVEUP) | S(L_NORETRY_CHECK) | S(L_SHOULD_RETRY) | S(L_OOM_RETRY) |
		  S(L_NORETRY) | S(L_NOPAGE) | S(L_GOT_PG),
		  "livelock@retry_cpuset:retry>__alloc_pages_high_priority>atomic-nopage>"
		  "pf_memalloc-nopage>tif_memdie-nopage>thp-nopage>noretry-check>should-retry>"
		  "oom-retry>noretry>nopage>got_pg:cpuset_changed" },
		{ "192 bytes in full: the step after the first goes",
		  S(L_RETRY) | S(L_ATOMIC) | S(L_PF_MEMALLOC) | S(L_TIF_MEMDIE) | S(L_THP_GIVEUP) |
		  S(L_RECLAIM) | S(L_NORETRY_CHECK) | S(L_SHOULD_RETRY) | S(L_OOM_RETRY) |
		  S(L_NORETRY) | S(L_NOPAGE) | S(L_GOT_PG),
		  "livelock@retry_cpuset:retry>..>pf_memalloc-nopage>tif_memdie-nopage>thp-nopage>"
		  "__alloc_pages_direct_reclaim>noretry-check>should-retry>oom-retry>noretry>nopage>"
		  "got_pg:cpuset_changed" },
		{ "five steps go and the rest fills exactly 191 bytes",
		  (S(L_RETRY_CPUSET) - S(L_RETRY)) & ~S(L_MAY_OOM),
		  "livelock@retry_cpuset:retry>..>tif_memdie-nopage>__alloc_pages_direct_compact>"
		  "thp-nopage>__alloc_pages_direct_reclaim>noretry-check>should-retry>oom-retry>"
		  "noretry>nopage>got_pg:cpuset_changed" },
		{ "every step from retry to got_pg",
		  S(L_RETRY_CPUSET) - S(L_RETRY),
		  "livelock@retry_cpuset:retry>..>thp-nopage>__alloc_pages_direct_reclaim>"
		  "noretry-check>should-retry>__alloc_pages_may_oom>oom-retry>noretry>nopage>"
		  "got_pg:cpuset_changed" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long_path_loop(m, cases[i].path);
		ok(m->verdict.kind == V_LIVELOCK && !strcmp(m->verdict.sig, cases[i].want),
		   "Signature of a long path, %s. Expect %s (%zu bytes); got %s (%zu)", cases[i].what,
		   cases[i].want, strlen(cases[i].want), m->verdict.sig, strlen(m->verdict.sig));
	}
}

int main(void)
{
	struct model *m = make();

	if (!ok(m != NULL, "model_create"))
		return done_testing();
	expect(m, &(struct body){ .start = 100 }, V_LIVELOCK,
	       "A loop whose rounds change nothing");
	expect(m, &(struct body){ .start = 100, .delta = 10 }, V_LIVELOCK,
	       "pages_scanned grows by 10 a round and nothing compares it");
	expect(m, &(struct body){ .start = 2000, .delta = 10, .compare = true }, V_LIVELOCK,
	       "It grows past the threshold: every comparison says \"not reclaimable\", and "
	       "growth keeps it so");
	expect(m, &(struct body){ .start = 100, .delta = 10, .compare = true }, V_RETRY_STORM,
	       "It grows below the threshold with no reset: the comparisons say "
	       "\"reclaimable\" and one day will not");
	expect(m, &(struct body){ .start = 500, .delta = -10 }, V_RETRY_STORM,
	       "It shrinks round after round with no reset");
	/*
	 * With a reset in every round only the comparison before it, at the
	 * head, is shifted: the first repeat is rounds 1 and 2, so the
	 * certificate weighs delta against round 1's slack.
	 */
	expect(m, &(struct body){ .start = 981, .delta = 9, .compare = true, .reset = true },
	       V_LIVELOCK, "A reset each round; at round 1's head 990, 10 below the threshold "
	       "(\"reclaimable\"), and the head moving by 9: the comparison stays true");
	expect(m, &(struct body){ .start = 980, .delta = 10, .compare = true, .reset = true },
	       V_RETRY_STORM, "The head at 990 moving by 10, all the slack: it could flip");
	expect(m, &(struct body){ .start = 1010, .delta = -5, .compare = true, .reset = true },
	       V_LIVELOCK, "A reset each round; at round 1's head 1005, 5 past the threshold "
	       "(\"not reclaimable\"), the head moving by -5: the comparison stays false");
	expect(m, &(struct body){ .start = 1011, .delta = -6, .compare = true, .reset = true },
	       V_RETRY_STORM, "The head at 1005 moving by -6: it could flip");
	test_hash_covers(m);
	test_decisive_state(m);
	test_replay_confirms(m);
	test_nested_round_keeps_path(m);
	test_long_path_keeps_reason(m);
	model_destroy(m);
	return done_testing();
}
