// SPDX-License-Identifier: GPL-2.0
/*
 * test_reverts.c - the revert variants (pafuzz patches): each puts one
 * historic slowpath bug back into v4.2.  Every test runs the same scenario
 * on v4.2 and on the variant and checks that the variant does what the
 * kernel did before the fix, and that a near miss (a request the fix did
 * not concern) runs the same on both, trace hash and all.
 *
 *   revert-rebalance-label   cfa54a0fcfc1 (v3.0)
 *   revert-all-unreclaimable 6e543d5780e3 (v3.12)
 *   revert-defer-preferred   53853e2d2bfb (v3.19)
 *   revert-gfp-thisnode      4167e9b2cf10 (v4.0)
 *   revert-pfmemalloc-node   "do not throttle ... no reclaimable pages" (v4.2-rc1)
 *
 * The zone is the tiny one (Normal, 256 frames, MAX_ORDER 5, pageblocks of
 * 8): min mark 32, low 40, high 48.  The NUMA variant has one such zone on
 * each of two nodes.
 */
#include <string.h>
#include "../internal.h"
#include "request.h"
#include "tap.h"

#define MAX_FILL	256

static struct model *tiny(uint32_t patches, int nodes)
{
	struct model_config c;
	char e[256];
	struct model *m;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	for (int n = 0; n < nodes; n++)
		c.zones[n][ZONE_NORMAL].pages = 256;
	c.nr_nodes = nodes;
	c.numa = nodes > 1;
	c.max_order = 5;
	c.pageblock_order = 3;
	c.loop_budget = 64;
	c.patches = patches;
	c.patch_oracles = patches != 0;
	m = model_create(&c, e, sizeof(e));
	if (!m)
		diag("model_create: %s", e);
	return m;
}

static struct zone *normal(struct model *m, int nid)
{
	return model_zone(m, nid, ZONE_NORMAL);
}

/* Allocates atomically on node nid, largest blocks first, until it fails; handles in h. */
static int fill_node(struct model *m, int task, int nid, int *h)
{
	int n = 0;

	for (int order = (int)m->max_order - 1; order >= 0; order--)
		for (;;) {
			int k = model_alloc_node(m, task, nid, GFP_ATOMIC | __GFP_NOWARN,
						 (unsigned)order);

			if (k < 0)
				break;
			if (h && n < MAX_FILL)
				h[n] = k;
			n++;
		}
	return n < MAX_FILL ? n : MAX_FILL;
}

/*
 * The answers of a scenario: other CPUs free their pages at the first
 * yield (when free_once), kswapd stalls at every yield (when stall).
 */
struct world_answers {
	bool free_once, stall;
	unsigned yields;
};

static unsigned world_answer(void *priv, const struct choice_query *q)
{
	struct world_answers *w = priv;

	if (q->id == CHOICE_YIELD_ACTION && w->free_once && w->yields++ == 0)
		return YIELD_FREE;
	if (q->id == CHOICE_KSWAPD_RUN && w->stall)
		return 1;
	return q->dflt;
}

/* Periodic once the one free has been given (or when none is planned). */
static bool world_phase(void *priv, uint64_t *phase)
{
	struct world_answers *w = priv;

	*phase = 0;
	return !w->free_once || w->yields > 0;
}

static void answers(struct model *m, struct world_answers *w)
{
	static struct choice_answerer a;

	a.answer = world_answer;
	a.phase = world_phase;
	a.priv = w;
	choice_set_answerer(m, &a);
}

static const char *vname(struct model *m)
{
	return verdict_name[m->verdict.kind];
}

/* How many events of this id the run recorded. */
static int count_events(struct model *m, enum trace_event_id id)
{
	int n = 0;

	for (size_t i = 0; i < m->trace.nr_ev; i++)
		n += m->trace.ev[i].id == id;
	return n;
}

/* Whether the recorded run passed this slowpath label (trace.record on). */
static size_t ev_from;	/* the first event of the request under test */

static bool passed(struct model *m, int label)
{
	for (size_t i = ev_from; i < m->trace.nr_ev; i++)
		if (m->trace.ev[i].id == EV_SLOWPATH_LABEL && m->trace.ev[i].a[0] == label)
			return true;
	return false;
}

/* The trace hash when the request under test returned (before teardown). */
static uint64_t hash_at_return[2];

/* ---- revert-rebalance-label (cfa54a0fcfc1, v3.0) ------------------------------ */

/*
 * A test of Andrew Barry's loop: a GFP_NOFS request in a zone filled to
 * below its min mark; reclaim finds nothing, the OOM path may not kill
 * without __GFP_FS and reports progress anyway.  At the first yield another
 * CPU frees `freed` pages it held.
 *
 *   free after the fill: 12 (atomic requests dig to min/2 - min/8)
 *   + 30 freed: 42, above min 32, below high 48 -> v4.2's retry finds it at
 *     the min mark; the variant resumes past that attempt, and the OOM
 *     path's own attempt is at the high mark: the loop never ends
 *   + 60 freed: 72, above high: the OOM path's attempt serves it in both
 */
static void run_rebalance(uint32_t patches, unsigned freed, int *h_out, struct model **mout)
{
	static int h[MAX_FILL];
	struct model *m = tiny(patches, 1);
	struct world_answers w = { .free_once = true };
	int t, n;

	*mout = m;
	if (!m)
		return;
	answers(m, &w);
	t = model_task_create(m, "A");
	n = fill_node(m, t, 0, h);
	model_give(m, h, n);
	m->other_free_batch = freed;
	*h_out = model_alloc(m, t, GFP_NOFS, 0);
	model_teardown(m);
}

static void test_rebalance_label(void)
{
	const uint32_t rv = 1u << PATCH_REVERT_REBALANCE_LABEL;
	struct model *a, *b;
	int ha, hb;

	run_rebalance(0, 30, &ha, &a);
	run_rebalance(rv, 30, &hb, &b);
	if (!a || !b)
		return;
	ok(ha >= 0 && a->verdict.kind == V_OK,
	   "GFP_NOFS, 30 pages freed between min and high: v4.2 retries at the min mark and "
	   "is served. Expect ok: %s", vname(a));
	ok(hb < 0 && b->verdict.kind == V_LIVELOCK,
	   "the same, revert-rebalance-label: never looks at the min mark again. Expect "
	   "livelock: %s %s", vname(b), b->verdict.sig);
	ok(strstr(b->verdict.sig, "rebalance") && !strstr(b->verdict.sig, "get_page_from_freelist") &&
	   !strstr(b->verdict.sig, "wake_all_kswapds"),
	   "the loop's rounds pass rebalance:, neither the kswapd wake-up nor the freelist "
	   "attempt: %s", b->verdict.sig);
	model_destroy(a);
	model_destroy(b);

	run_rebalance(0, 60, &ha, &a);
	run_rebalance(rv, 60, &hb, &b);
	if (a && b)
		ok(ha >= 0 && hb >= 0 && a->verdict.kind == V_OK && b->verdict.kind == V_OK,
		   "60 pages freed (above the high mark): __alloc_pages_may_oom's own attempt "
		   "serves it in both. Expect ok, ok: %s, %s", vname(a), vname(b));
	model_destroy(a);
	model_destroy(b);

	/* Near miss: __GFP_NORETRY never goes round; the runs are the same run. */
	{
		uint64_t hash[2];

		for (int v = 0; v < 2; v++) {
			struct model *m = tiny(v ? rv : 0, 1);
			int t;

			if (!m)
				return;
			t = model_task_create(m, "A");
			fill_node(m, t, 0, NULL);
			model_alloc(m, t, GFP_NOFS | __GFP_NORETRY | __GFP_NOWARN, 0);
			model_teardown(m);
			hash[v] = m->trace.hash;
			model_destroy(m);
		}
		ok(hash[0] == hash[1], "GFP_NOFS|__GFP_NORETRY, no retry: the same trace hash "
		   "in v4.2 and the variant (%016llx)", (unsigned long long)hash[0]);
	}
}

/* ---- revert-all-unreclaimable (6e543d5780e3, v3.12) --------------------------- */

/*
 * A test of Lisa Du's livelock: B holds 100 written anonymous pages, there
 * is no swap, A fills the rest and asks GFP_KERNEL order 0.  Nothing is
 * reclaimable.  v4.2's direct reclaim sees pages_scanned >= 6 x 0 and
 * returns 0: the OOM killer kills B, A is served.  With the revert only
 * kswapd can mark the zone unreclaimable; while kswapd stalls, direct
 * reclaim keeps returning 1 ("still reclaimable") and A loops.
 */
static struct model *run_unreclaimable(uint32_t patches, bool stall)
{
	struct model *m = tiny(patches, 1);
	struct world_answers w = { .stall = stall };
	int a, b, v;

	if (!m)
		return NULL;
	answers(m, &w);
	a = model_task_create(m, "A");
	b = model_task_create(m, "B");
	v = model_mmap_anon(m, b, 100);
	model_touch(m, b, v, 0, 100, true);
	fill_node(m, a, 0, NULL);
	model_alloc(m, a, GFP_KERNEL, 0);
	model_teardown(m);
	return m;
}

static void test_all_unreclaimable(void)
{
	const uint32_t rv = 1u << PATCH_REVERT_ALL_UNRECLAIMABLE;
	struct model *a = run_unreclaimable(0, true), *b = run_unreclaimable(rv, true);

	if (a && b) {
		is(a->verdict.kind, V_OK, "kswapd stalls, nothing reclaimable: v4.2 kills and "
		   "serves. Expect ok: %s", vname(a));
		is(b->verdict.kind, V_LIVELOCK, "the same, revert-all-unreclaimable: nobody flags "
		   "the zone. Expect livelock: %s", b->verdict.sig);
		ok(strstr(b->verdict.sig, "zone_reclaimable") != NULL,
		   "the loop's progress is the fake 1 of a 'reclaimable' zone: %s", b->verdict.sig);
	}
	model_destroy(a);
	model_destroy(b);

	/* Near miss: kswapd runs (the fair default): it flags the zone, direct
	 * reclaim then says 0 and the OOM killer runs in both. */
	a = run_unreclaimable(0, false);
	b = run_unreclaimable(rv, false);
	if (a && b)
		ok(a->verdict.kind == V_OK && b->verdict.kind == V_OK,
		   "kswapd runs: it flags the zone, the variant kills and serves too. Expect "
		   "ok, ok: %s, %s", vname(a), vname(b));
	model_destroy(a);
	model_destroy(b);

	/* The flag itself: set only by kswapd, only with the patch; a free clears it. */
	for (int v = 0; v < 2; v++) {
		struct model *m = tiny(v ? rv : 0, 1);
		struct zone *z;
		int t, h;

		if (!m)
			return;
		z = normal(m, 0);
		t = model_task_create(m, "A");
		fill_node(m, t, 0, NULL);
		h = model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, 0);
		m->node[0].kswapd_waiting = false;
		m->node[0].kswapd_woken = true;
		model_kswapd_run(m, 0);
		is(test_bit_zone(z, ZONE_ALL_UNRECLAIMABLE), v,
		   "%s: kswapd's pass over a zone with nothing to reclaim %s the zone",
		   v ? "revert" : "v4.2", v ? "flags" : "does not flag");
		if (v) {
			model_free(m, h >= 0 ? h : 0);
			ok(!test_bit_zone(z, ZONE_ALL_UNRECLAIMABLE),
			   "revert: a page freed into the zone clears the flag");
		}
		model_destroy(m);
	}
}

/* ---- revert-defer-preferred (53853e2d2bfb, v3.19) ----------------------------- */

/*
 * try_to_compact_pages on one zone whose free pages are single frames
 * between frames nobody can move (a kernel allocation each):
 *
 *   frames 0..119: free, taken, free, taken, ... (60 free singles)
 *
 * Free 60 >= low 40 + 2^3 and the fragmentation index is high, so an
 * order-2 compaction runs; it finds nothing to migrate and completes.
 */
static struct model *fragmented(uint32_t patches)
{
	struct model *m = tiny(patches, 1);
	int h[MAX_FILL], n, t;

	if (!m)
		return NULL;
	t = model_task_create(m, "A");
	/* every frame as a single kernel page, then every other one freed */
	for (n = 0; n < MAX_FILL; n++) {
		h[n] = model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, 0);
		if (h[n] < 0)
			break;
	}
	for (int i = 0; i < n && i < 120; i += 2)
		model_free(m, h[i]);
	model_drain_all(m);
	return m;
}

static void test_defer_preferred(void)
{
	const uint32_t rv = 1u << PATCH_REVERT_DEFER_PREFERRED;

	for (int v = 0; v < 2; v++) {
		struct model *m = fragmented(v ? rv : 0);
		struct alloc_context ac;
		struct zone *z;
		int contended;
		unsigned long rc;
		unsigned shift, considered;

		if (!m)
			return;
		z = normal(m, 0);
		ac_of(m, GFP_KERNEL, &ac);
		/* a sync run that completes without success */
		shift = z->compact_defer_shift;
		rc = try_to_compact_pages(m, GFP_KERNEL, 2, ALLOC_WMARK_MIN, &ac,
					  MIGRATE_SYNC_LIGHT, &contended);
		ok(rc == COMPACT_COMPLETE, "%s: the sync run completes (rc %lu)",
		   v ? "revert" : "v4.2", rc);
		is(z->compact_defer_shift, v ? shift : shift + 1,
		   "%s: try_to_compact_pages %s the zone it failed in",
		   v ? "revert" : "v4.2", v ? "does not defer" : "defers");
		/* a deferred zone */
		defer_compaction(m, z, 2);
		defer_compaction(m, z, 2);
		considered = z->compact_considered;
		rc = try_to_compact_pages(m, GFP_KERNEL, 2, ALLOC_WMARK_MIN, &ac, MIGRATE_ASYNC,
					  &contended);
		if (v)
			ok(rc != COMPACT_DEFERRED && z->compact_considered == considered,
			   "revert: a deferred zone is compacted all the same and its deferral "
			   "not consulted (rc %lu)", rc);
		else
			ok(rc == COMPACT_DEFERRED && z->compact_considered == considered + 1,
			   "v4.2: the deferred zone is skipped (rc %lu)", rc);
		model_destroy(m);
	}

	/*
	 * Through the allocator: the preferred zone deferred, an order-2
	 * GFP_KERNEL|__GFP_NORETRY request.  v4.2 asks try_to_compact_pages,
	 * which skips the deferred zone; the variant stops before it, in
	 * __alloc_pages_direct_compact.  Either way no compaction stall; the
	 * variant's failed sync run at noretry then defers the preferred zone.
	 */
	for (int v = 0; v < 2; v++) {
		struct model *m = fragmented(v ? rv : 0);
		struct zone *z;
		int t;

		if (!m)
			return;
		z = normal(m, 0);
		t = model_task_create(m, "B");
		model_alloc(m, t, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 2);
		if (v)
			ok(z->compact_defer_shift >= 1,
			   "revert: the failed sync run defers the preferred zone (shift %u)",
			   z->compact_defer_shift);
		else
			ok(z->compact_defer_shift >= 1,
			   "v4.2: the failed sync run defers the zone it compacted (shift %u)",
			   z->compact_defer_shift);
		model_destroy(m);
	}
}

/* ---- revert-gfp-thisnode (4167e9b2cf10, v4.0) --------------------------------- */

/*
 * Two nodes; node 0 holds a file's clean page cache and is then filled.
 * A request bound to node 0 (__GFP_THISNODE):
 *   GFP_KERNEL|GFP_THISNODE (sleeping, NORETRY, NOWARN): v4.2 wakes kswapd,
 *     reclaims the cache and is served; the variant fails at slowpath entry.
 *   GFP_ATOMIC|__GFP_THISNODE: v4.2 fails at entry (no kswapd); the variant
 *     wakes kswapd and fails at the atomic step.
 *   GFP_KERNEL|__GFP_THISNODE (no NORETRY): the same run in both.
 */
static struct model *run_thisnode(uint32_t patches, gfp_t gfp, int *h)
{
	struct model *m = tiny(patches, 2);
	int t, f;

	if (!m)
		return NULL;
	m->trace.record = true;
	t = model_task_create(m, "A");
	model_task(m, t)->nid = 0;
	f = model_file_create(m, 120);
	model_file_read(m, t, f, 0, 120);
	/* both nodes (an atomic request not bound to node 0 spills over) */
	fill_node(m, t, 0, NULL);
	model_drain_all(m);
	fill_node(m, t, 0, NULL);
	ev_from = m->trace.nr_ev;
	*h = model_alloc_node(m, t, 0, gfp, 0);
	hash_at_return[!!patches] = m->trace.hash;
	model_teardown(m);
	return m;
}

static void test_gfp_thisnode(void)
{
	const uint32_t rv = 1u << PATCH_REVERT_GFP_THISNODE;
	struct model *a, *b;
	int ha, hb;

	a = run_thisnode(0, GFP_KERNEL | GFP_THISNODE, &ha);
	b = run_thisnode(rv, GFP_KERNEL | GFP_THISNODE, &hb);
	if (a && b) {
		ok(ha >= 0 && passed(a, L_RECLAIM),
		   "GFP_KERNEL|GFP_THISNODE, node 0 full of clean cache: v4.2 reclaims and is "
		   "served");
		ok(hb < 0 && !passed(b, L_WAKE_KSWAPD) && !passed(b, L_RECLAIM),
		   "revert-gfp-thisnode: fails at entry, no kswapd wake-up, no reclaim");
	}
	model_destroy(a);
	model_destroy(b);

	a = run_thisnode(0, GFP_ATOMIC | __GFP_THISNODE | __GFP_NOWARN, &ha);
	b = run_thisnode(rv, GFP_ATOMIC | __GFP_THISNODE | __GFP_NOWARN, &hb);
	if (a && b) {
		ok(ha < 0 && !passed(a, L_WAKE_KSWAPD),
		   "GFP_ATOMIC|__GFP_THISNODE: v4.2 fails at entry without waking kswapd");
		ok(hb < 0 && passed(b, L_WAKE_KSWAPD) && passed(b, L_ATOMIC),
		   "revert-gfp-thisnode: wakes kswapd and fails at the atomic step");
	}
	model_destroy(a);
	model_destroy(b);

	a = run_thisnode(0, GFP_KERNEL | __GFP_THISNODE, &ha);
	b = run_thisnode(rv, GFP_KERNEL | __GFP_THISNODE, &hb);
	if (a && b)
		ok(hash_at_return[0] == hash_at_return[1] && ha >= 0 && hb >= 0,
		   "GFP_KERNEL|__GFP_THISNODE (not all of GFP_THISNODE): the same run, trace "
		   "%016llx", (unsigned long long)hash_at_return[0]);
	model_destroy(a);
	model_destroy(b);
}

/* ---- revert-pfmemalloc-node (v4.2-rc1) ---------------------------------------- */

/*
 * A zone filled by kernel allocations to below half its min mark, nothing on
 * the LRU: no reserve kswapd could refill.  A GFP_KERNEL request reaches
 * direct reclaim: v4.2 leaves such a zone out of pfmemalloc_watermark_ok
 * (no reserves: no throttling); the variant counts its min mark and
 * throttles.  Near miss: the same zone with a page cache (reclaimable
 * pages): the zone counts in both, the runs are the same.
 */
static struct model *run_pfmemalloc(uint32_t patches, bool cache)
{
	struct model *m = tiny(patches, 1);
	int t;

	if (!m)
		return NULL;
	m->trace.record = true;
	t = model_task_create(m, "A");
	if (cache) {
		int f = model_file_create(m, 60);

		model_file_read(m, t, f, 0, 60);
	}
	fill_node(m, t, 0, NULL);
	model_alloc(m, t, GFP_KERNEL | __GFP_NOWARN, 0);
	hash_at_return[!!patches] = m->trace.hash;
	model_teardown(m);
	return m;
}

static void test_pfmemalloc_node(void)
{
	const uint32_t rv = 1u << PATCH_REVERT_PFMEMALLOC_NODE;
	struct model *a = run_pfmemalloc(0, false), *b = run_pfmemalloc(rv, false);

	if (a && b) {
		is(count_events(a, EV_THROTTLE), 0, "nothing reclaimable: v4.2 does not throttle");
		ok(count_events(b, EV_THROTTLE) > 0, "revert-pfmemalloc-node: direct reclaim "
		   "throttles on the zone kswapd cannot refill (%d times)",
		   count_events(b, EV_THROTTLE));
	}
	model_destroy(a);
	model_destroy(b);
	a = run_pfmemalloc(0, true);
	b = run_pfmemalloc(rv, true);
	if (a && b)
		ok(hash_at_return[0] == hash_at_return[1],
		   "with page cache on the LRU both throttle alike: trace %016llx",
		   (unsigned long long)hash_at_return[0]);
	model_destroy(a);
	model_destroy(b);
}

/* ---- the table ------------------------------------------------------------------ */

static void test_table(void)
{
	uint32_t all = 0;
	char err[128];

	for (int i = 0; i < NR_PATCHES; i++) {
		ok(patch_table[i].name && !strncmp(patch_table[i].name, "revert-", 7) ==
		   patch_table[i].revert, "%s: revert flag matches its name", patch_table[i].name);
		all |= 1u << i;
	}
	ok(patches_valid(all, err, sizeof(err)), "every variant together is a valid set");
	ok(nr_patch_unmodelled >= 1 && patch_unmodelled_by_name("revert-suspend-noio") &&
	   patch_by_name("revert-suspend-noio") < 0,
	   "revert-suspend-noio is listed as not modelled, not as a variant");
}

int main(void)
{
	test_table();
	test_rebalance_label();
	test_all_unreclaimable();
	test_defer_preferred();
	test_gfp_thisnode();
	test_pfmemalloc_node();
	return done_testing();
}
