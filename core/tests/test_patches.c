// SPDX-License-Identifier: GPL-2.0
/*
 * test_patches.c - each decision the patch variants change, against the rules
 * spec/patches.md states, at their boundaries:
 *
 *   oom-detection-rework (0a0337e0d1d1): v4.4's order rule, should_reclaim_retry,
 *   should_compact_retry, compaction_zonelist_suitable, v4.7's compaction
 *   results, try_to_free_pages without the "reclaimable" 1, out_of_memory's
 *   no-FS pretence (not for a page fault's mask 0), no no-FS progress in
 *   __alloc_pages_may_oom;
 *   premature-oom-workaround (6b4e3181d7bd): should_compact_retry's order-0 rule;
 *   oom-reaper (aac453635549, as of v4.9): queueing, reaping, MMF_OOM_SKIP,
 *   ten failed trylocks, the selection that passes over a reaped victim;
 *   the premature-oom oracle.
 *
 * The zone is the tiny one (Normal, 256 frames, MAX_ORDER 5, pageblocks of 8):
 * min mark 32, low 40, high 48, no lowmem reserve.  A case takes every free
 * block out of the buddy and frees back the frames it wants, so the free
 * lists hold exactly what it draws.
 */
#include <string.h>
#include "../internal.h"
#include "request.h"
#include "tap.h"

static struct model *tiny(uint32_t patches)
{
	struct model_config c;
	char e[256];
	struct model *m;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	c.zones[0][ZONE_NORMAL].pages = 256;
	c.max_order = 5;
	c.pageblock_order = 3;
	c.patches = patches;
	m = model_create(&c, e, sizeof(e));
	if (!m)
		diag("model_create: %s", e);
	return m;
}

static struct zone *normal(struct model *m)
{
	return model_zone(m, 0, ZONE_NORMAL);
}

/* Takes every free block out of the buddy (and the per-cpu lists): the zone has nothing free. */
static void take_all(struct model *m)
{
	struct zone *z = normal(m);

	drain_all_pages(m, NULL);
	for (int o = (int)m->max_order - 1; o >= 0; o--)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			while (!list_empty(m, z->free_area[o].free_list[mt])) {
				uint32_t pfn = list_first(m, z->free_area[o].free_list[mt]);
				struct page *p = pfn_to_page(m, pfn);

				list_del(m, pfn);
				p->_mapcount = -1;
				p->private = 0;
				z->free_area[o].nr_free--;
				__mod_zone_page_state(z, NR_FREE_PAGES, -(1l << o));
			}
}

/* Frees the block at pfn back onto the list of migratetype mt. */
static void give(struct model *m, unsigned long pfn, unsigned order, int mt)
{
	struct zone *z = normal(m);

	__mod_zone_page_state(z, NR_FREE_PAGES, 1l << order);
	__free_one_page(m, pfn_to_page(m, pfn), pfn, z, order, mt);
}

/* n single free frames, none next to another (every other frame from pfn). */
static void give_singles(struct model *m, unsigned long pfn, int n)
{
	for (int i = 0; i < n; i++)
		give(m, pfn + 2ul * i, 0, MIGRATE_MOVABLE);
}

/*
 * A test of v4.4's order rule (the rework's checks): the order-0 test against
 * the count it is given, then a free block of the order or larger on an
 * UNMOVABLE, RECLAIMABLE or MOVABLE list, any list with ALLOC_HARDER.
 *
 *   frames 0..79: 40 single free frames     | 128: one order-2 block (when given)
 */
static void test_order_rule(void)
{
	struct model *m = tiny(0);
	struct zone *z = normal(m);

	take_all(m);
	give_singles(m, 0, 40);
	ok(__zone_watermark_ok_v44(m, z, 0, 32, 0, 0, 40),
	   "order 0: 40 free above min 32. Expect ok");
	ok(!__zone_watermark_ok_v44(m, z, 0, 32, 0, 0, 32),
	   "order 0: 32 free, not above min 32. Expect not ok");
	ok(!__zone_watermark_ok_v44(m, z, 2, 32, 0, 0, 10000),
	   "order 2, only single frames free, even counting 10000 pages. Expect not ok");
	give(m, 128, 2, MIGRATE_RESERVE);
	ok(!__zone_watermark_ok_v44(m, z, 2, 32, 0, 0, 44),
	   "order 2, the only block on the RESERVE list. Expect not ok");
	ok(__zone_watermark_ok_v44(m, z, 2, 32, 0, ALLOC_HARDER, 44),
	   "order 2, the block on RESERVE, ALLOC_HARDER. Expect ok");
	take_all(m);
	give_singles(m, 0, 30);
	give(m, 128, 2, MIGRATE_MOVABLE);
	ok(__zone_watermark_ok_v44(m, z, 2, 32, 0, 0, 36),
	   "order 2, a MOVABLE block, 36 - 3 = 33 > 32. Expect ok");
	ok(!__zone_watermark_ok_v44(m, z, 2, 32, 0, 0, 35),
	   "order 2, a MOVABLE block, 35 - 3 = 32, not above 32. Expect not ok");
	model_destroy(m);
}

/*
 * A test of should_reclaim_retry: R reclaimable pages (NR_INACTIVE_FILE set by
 * hand), a free order-2 block and nothing else free (F = 4), min mark 32.
 * available = R - ceil(loops * R / 16) + F must be above 32 + 3 for order 2.
 *   R = 34, loops 0: 38 -> retry;  loops 1: 34 - 3 + 4 = 35 -> no (floor would say 36)
 *   loops 17: no, whatever R
 */
static void test_should_reclaim_retry(void)
{
	struct model *m = tiny(1u << PATCH_OOM_DETECTION_REWORK);
	struct zone *z = normal(m);
	struct alloc_context ac;
	int af = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	take_all(m);
	give(m, 128, 2, MIGRATE_MOVABLE);
	ac_of(m, GFP_KERNEL, &ac);
	z->vm_stat[NR_INACTIVE_FILE] = 34;
	ok(should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 0),
	   "R 34 + F 4, no loop without progress. Expect retry");
	ok(!should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 1),
	   "R 34, one loop without progress: ceil(34/16) = 3 written off, 35 - 3 = 32. Expect no retry");
	z->vm_stat[NR_INACTIVE_FILE] = 100000;
	ok(should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 15),
	   "R 100000, 15 loops without progress: 6250 + 4 left. Expect retry");
	ok(!should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 16),
	   "R 100000, 16 loops without progress: all of R written off, F 4. Expect no retry");
	ok(!should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 17),
	   "17 loops without progress (> MAX_RECLAIM_RETRIES). Expect no retry");
	take_all(m);
	give_singles(m, 0, 40);
	ok(!should_reclaim_retry(m, GFP_KERNEL, 2, &ac, af, true, 0),
	   "order 2 with 100000 reclaimable but no free order-2 block. Expect no retry");
	ok(should_reclaim_retry(m, GFP_KERNEL, 0, &ac, af, true, 0),
	   "order 0 in the same state. Expect retry");
	/* no progress, dirty + writeback above half of R: wait for IO, then retry */
	z->vm_stat[NR_INACTIVE_FILE] = 100;
	z->vm_stat[NR_FILE_DIRTY] = 40;
	z->vm_stat[NR_WRITEBACK] = 11;
	m->trace.record = true;
	m->trace.nr_ev = 0;
	ok(should_reclaim_retry(m, GFP_KERNEL, 0, &ac, af, false, 0) && m->trace.nr_ev &&
	   m->trace.ev[0].id == EV_RECLAIM_RETRY && m->trace.ev[0].a[5] == 2,
	   "no progress, 2 x (40 + 11) > 100. Expect congestion_wait, then retry");
	m->trace.nr_ev = 0;
	z->vm_stat[NR_WRITEBACK] = 10;
	ok(should_reclaim_retry(m, GFP_KERNEL, 0, &ac, af, false, 0) && m->trace.nr_ev &&
	   m->trace.ev[0].a[5] == 1, "no progress, 2 x (40 + 10) = 100, not above. Expect a plain retry");
	m->trace.record = false;
	model_destroy(m);
}

/*
 * A test of should_compact_retry (rework): order 0 never; COMPLETE retries
 * once in SYNC_LIGHT; withdrawn results ask compaction_zonelist_suitable;
 * counted retries up to 16 (4 above order 3).  And the workaround's rule.
 */
static void test_should_compact_retry(void)
{
	struct model *m = tiny(1u << PATCH_OOM_DETECTION_REWORK);
	struct zone *z = normal(m);
	struct alloc_context ac;
	enum migrate_mode mode;
	int af = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	static const int withdrawn[] = { COMPACT_R_SKIPPED, COMPACT_R_DEFERRED, COMPACT_R_CONTENDED,
					 COMPACT_R_PARTIAL_SKIPPED };

	ac_of(m, GFP_KERNEL, &ac);
	mode = MIGRATE_ASYNC;
	ok(!should_compact_retry(m, &ac, 0, af, COMPACT_R_PARTIAL, &mode, 0), "order 0. Expect no retry");
	ok(should_compact_retry(m, &ac, 2, af, COMPACT_R_COMPLETE, &mode, 0) &&
	   mode == MIGRATE_SYNC_LIGHT, "COMPLETE in ASYNC. Expect a retry in SYNC_LIGHT");
	ok(!should_compact_retry(m, &ac, 2, af, COMPACT_R_COMPLETE, &mode, 0),
	   "COMPLETE in SYNC_LIGHT. Expect no retry");
	mode = MIGRATE_ASYNC;
	ok(should_compact_retry(m, &ac, 2, af, COMPACT_R_PARTIAL, &mode, 16) && mode == MIGRATE_ASYNC,
	   "PARTIAL, 16 counted retries, order 2. Expect retry, mode kept");
	ok(!should_compact_retry(m, &ac, 2, af, COMPACT_R_PARTIAL, &mode, 17),
	   "PARTIAL, 17 counted retries. Expect no retry");
	ok(should_compact_retry(m, &ac, 4, af, COMPACT_R_PARTIAL, &mode, 4),
	   "PARTIAL, 4 retries, order 4 (16 / 4). Expect retry");
	ok(!should_compact_retry(m, &ac, 4, af, COMPACT_R_PARTIAL, &mode, 5),
	   "PARTIAL, 5 retries, order 4. Expect no retry");
	/* withdrawn: whatever compaction_zonelist_suitable says, in two states */
	take_all(m);
	give_singles(m, 0, 60);
	z->vm_stat[NR_INACTIVE_FILE] = 0;
	for (unsigned i = 0; i < sizeof(withdrawn) / sizeof(withdrawn[0]); i++) {
		bool want = compaction_zonelist_suitable(m, &ac, 2, af);

		ok(should_compact_retry(m, &ac, 2, af, withdrawn[i], &mode, 100) == want && want,
		   "%s with 60 single frames free (index 733 > 500). Expect retry (zonelist suitable)",
		   compact_result_name[withdrawn[i]]);
	}
	take_all(m);
	for (int i = 0; i < 30; i++)
		give(m, 4ul * i, 1, MIGRATE_MOVABLE);
	ok(!compaction_zonelist_suitable(m, &ac, 2, af) &&
	   !should_compact_retry(m, &ac, 2, af, COMPACT_R_SKIPPED, &mode, 0),
	   "SKIPPED with 30 free order-1 blocks (index 1000 - 16000/30 = 467, in [0, 500]). "
	   "Expect no retry");
	take_all(m);
	give_singles(m, 0, 20);
	ok(!compaction_zonelist_suitable(m, &ac, 2, af),
	   "20 single frames, nothing reclaimable: below low + 8. Expect not suitable");
	z->vm_stat[NR_INACTIVE_FILE] = 56;
	ok(!compaction_zonelist_suitable(m, &ac, 2, af),
	   "20 free + 56 / 2 reclaimable = 48, not above low 40 + 8. Expect not suitable");
	z->vm_stat[NR_INACTIVE_FILE] = 58;
	ok(compaction_zonelist_suitable(m, &ac, 2, af),
	   "20 free + 58 / 2 = 49 > 48. Expect suitable");
	z->vm_stat[NR_INACTIVE_FILE] = 0;
	model_destroy(m);

	/* premature-oom-workaround: orders 1..3 retry while a zone meets its order-0 min mark */
	m = tiny((1u << PATCH_OOM_DETECTION_REWORK) | (1u << PATCH_PREMATURE_OOM_WORKAROUND));
	ac_of(m, GFP_KERNEL, &ac);
	take_all(m);
	give_singles(m, 0, 33);
	mode = MIGRATE_SYNC_LIGHT;
	ok(should_compact_retry(m, &ac, 2, af, COMPACT_R_COMPLETE, &mode, 100) &&
	   mode == MIGRATE_SYNC_LIGHT, "workaround: COMPLETE, 33 free > min 32, order 2. Expect retry");
	mode = MIGRATE_ASYNC;
	ok(should_compact_retry(m, &ac, 3, af, COMPACT_R_SKIPPED, &mode, 100) && mode == MIGRATE_ASYNC,
	   "workaround: order 3, withdrawn, 100 retries. Expect retry, mode stays ASYNC");
	ok(!should_compact_retry(m, &ac, 4, af, COMPACT_R_PARTIAL, &mode, 0),
	   "workaround: order 4. Expect no retry");
	ok(!should_compact_retry(m, &ac, 0, af, COMPACT_R_PARTIAL, &mode, 0),
	   "workaround: order 0. Expect no retry");
	take_all(m);
	give_singles(m, 0, 32);
	ok(!should_compact_retry(m, &ac, 2, af, COMPACT_R_PARTIAL, &mode, 0),
	   "workaround: 32 free, not above min 32. Expect no retry");
	model_destroy(m);
}

/*
 * A test of v4.7's compaction results: scanners that meet over the whole zone
 * give COMPLETE, over part of it (a cached migrate position past the start)
 * PARTIAL_SKIPPED; a deferred zone gives DEFERRED; order 0 SKIPPED.
 * Memory: single free frames only (index 750 > 500, 60 free >= low + 8),
 * nothing on the LRU: the scanners meet.
 */
static void test_compaction_results(void)
{
	struct model *m = tiny(1u << PATCH_OOM_DETECTION_REWORK);
	struct zone *z = normal(m);
	struct alloc_context ac;
	int contended;

	ac_of(m, GFP_KERNEL, &ac);
	take_all(m);
	give_singles(m, 0, 60);
	try_to_compact_pages(m, GFP_KERNEL, 0, ALLOC_WMARK_MIN, &ac, MIGRATE_ASYNC, &contended);
	is(m->compact_result, COMPACT_R_SKIPPED, "order 0. Expect SKIPPED");
	z->compact_cached_migrate_pfn[0] = z->zone_start_pfn;
	try_to_compact_pages(m, GFP_KERNEL, 2, ALLOC_WMARK_MIN, &ac, MIGRATE_ASYNC, &contended);
	is(m->compact_result, COMPACT_R_COMPLETE, "scanners meet, started at the zone start. Expect COMPLETE");
	z->compact_cached_migrate_pfn[0] = z->zone_start_pfn + 64;
	z->compact_cached_free_pfn = zone_end_pfn(z) - 8;
	try_to_compact_pages(m, GFP_KERNEL, 2, ALLOC_WMARK_MIN, &ac, MIGRATE_ASYNC, &contended);
	is(m->compact_result, COMPACT_R_PARTIAL_SKIPPED,
	   "scanners meet, started at a cached position. Expect PARTIAL_SKIPPED");
	z->compact_defer_shift = 3;
	z->compact_considered = 0;
	z->compact_order_failed = 0;
	try_to_compact_pages(m, GFP_KERNEL, 2, ALLOC_WMARK_MIN, &ac, MIGRATE_SYNC_LIGHT, &contended);
	is(m->compact_result, COMPACT_R_DEFERRED, "the zone is deferred. Expect DEFERRED");
	model_destroy(m);
}

static unsigned answer_young(void *priv, const struct choice_query *q)
{
	(void)priv;
	return q->id == CHOICE_PAGE_REFERENCED ? 1 : q->dflt;
}

static bool no_phase(void *priv, uint64_t *ph);

/*
 * A test of try_to_free_pages' return with nothing reclaimed: 64 pages of
 * page cache that other CPUs reference at every look (page_referenced answers
 * young), so reclaim frees none and the zone is still "reclaimable".  v4.2
 * returns 1; the rework returns 0.
 */
static void test_reclaim_return(void)
{
	for (int rework = 0; rework < 2; rework++) {
		struct model *m = tiny(rework ? 1u << PATCH_OOM_DETECTION_REWORK : 0);
		int t = model_task_create(m, "A"), f = model_file_create(m, 64);
		struct choice_answerer an = { answer_young, no_phase, NULL };
		unsigned long got;

		model_file_read(m, t, f, 0, 64);
		choice_set_answerer(m, &an);
		m->current = t;
		got = try_to_free_pages(m, node_zonelist(m, 0, GFP_NOIO), 0, GFP_NOIO, NULL);
		if (rework)
			is(got, 0, "rework: nothing reclaimed, zone reclaimable. Expect 0");
		else
			is(got, 1, "v4.2: nothing reclaimed, zone reclaimable. Expect 1");
		model_destroy(m);
	}
}

/* A test of out_of_memory's no-FS pretence under the rework: true, and no kill. */
static void test_oom_nofs(void)
{
	for (int rework = 0; rework < 2; rework++) {
		struct model *m = tiny(rework ? 1u << PATCH_OOM_DETECTION_REWORK : 0);
		int a = model_task_create(m, "A");
		bool r;

		m->current = a;
		r = out_of_memory(m, node_zonelist(m, 0, GFP_NOFS), GFP_NOFS, 0, NULL, false);
		ok(r && m->vm_events[OOM_KILL_EVENTS] == (rework ? 0u : 1u),
		   "%s: GFP_NOFS. Expect true, %s", rework ? "rework" : "v4.2",
		   rework ? "no kill" : "a kill (v4.2 leaves no-FS to the slowpath)");
		if (rework) {
			r = out_of_memory(m, node_zonelist(m, 0, GFP_NOFS), GFP_NOFS | __GFP_NOFAIL, 0,
					  NULL, false);
			ok(r && m->vm_events[OOM_KILL_EVENTS] == 1, "rework: GFP_NOFS|__GFP_NOFAIL. Expect a kill");
		}
		model_destroy(m);
	}
	/* pagefault_out_of_memory has no gfp context (mask 0): the rework kills, as v4.2 does */
	for (int rework = 0; rework < 2; rework++) {
		struct model *m = tiny(rework ? 1u << PATCH_OOM_DETECTION_REWORK : 0);
		int a = model_task_create(m, "A");
		bool r;

		m->current = a;
		r = out_of_memory(m, NULL, 0, 0, NULL, false);
		ok(r && m->vm_events[OOM_KILL_EVENTS] == 1, "%s: gfp mask 0 (a page fault). Expect a kill",
		   rework ? "rework" : "v4.2");
		model_destroy(m);
	}
	/*
	 * __alloc_pages_may_oom under the rework reports no progress for a request
	 * without __GFP_FS that it skips (here for __GFP_THISNODE): on an empty zone
	 * with nothing to reclaim GFP_NOFS|__GFP_THISNODE fails.  v4.2's "keep looping
	 * as per tradition" makes it loop.
	 */
	for (int rework = 0; rework < 2; rework++) {
		struct model *m = tiny(rework ? 1u << PATCH_OOM_DETECTION_REWORK : 0);
		int a = model_task_create(m, "A"), h;

		take_all(m);
		h = model_alloc(m, a, GFP_NOFS | __GFP_THISNODE, 0);
		if (rework)
			ok(h < 0 && m->verdict.kind == V_OK && !m->vm_events[OOM_KILL_EVENTS],
			   "rework: GFP_NOFS|__GFP_THISNODE on an empty zone. Expect NULL, no loop, "
			   "no kill (%s)", m->verdict.sig);
		else
			ok(h < 0 && (m->verdict.kind == V_LIVELOCK || m->verdict.kind == V_RETRY_STORM),
			   "v4.2: the same request loops on the OOM path's pretended progress (%s)",
			   m->verdict.sig);
		model_destroy(m);
	}
}

static unsigned mmap_sem_answer;
static unsigned answer_mmap_sem(void *priv, const struct choice_query *q)
{
	(void)priv;
	return q->id == CHOICE_MMAP_SEM ? mmap_sem_answer : q->dflt;
}

static bool no_phase(void *priv, uint64_t *ph)
{
	(void)priv;
	(void)ph;
	return false;
}

/*
 * A test of the oom-reaper: B (40 anonymous pages) is killed and queued; at a
 * yield point the reaper unmaps them (free pages + 40), sets MMF_OOM_SKIP and
 * empties its list; B keeps TIF_MEMDIE.  While B is a victim without
 * MMF_OOM_SKIP, selection aborts; after it, selection passes over B and kills
 * C.  With mmap_sem write-locked, ten yields fail, then MMF_OOM_SKIP is set
 * without reaping.  Without the patch nothing is ever queued.
 */
static void test_reaper(void)
{
	for (int patched = 0; patched < 2; patched++) {
		struct model *m = tiny(patched ? 1u << PATCH_OOM_REAPER : 0);
		int a = model_task_create(m, "A"), b = model_task_create(m, "B");
		int c = model_task_create(m, "C");
		int vb = model_mmap_anon(m, b, 40), vc = model_mmap_anon(m, c, 10);
		long before;

		model_touch(m, b, vb, 0, 40, true);
		model_touch(m, c, vc, 0, 10, true);
		m->tasks[b].oom_score_adj = 1000;
		m->tasks[b].waiting_for = 0;	/* blocked on lock 0, held by A: it cannot exit */
		m->lock_holder[0] = a;
		m->tasks[a].locks_held = 1;
		m->current = a;
		/* as __alloc_pages_may_oom calls it: the OOM lock held, so the reaper waits */
		m->oom_lock_holder = a;
		out_of_memory(m, node_zonelist(m, 0, GFP_KERNEL), GFP_KERNEL, 0, NULL, false);
		ok((m->tasks[b].tif & TIF_MEMDIE) && m->reaper.nr_queued == (patched ? 1 : 0),
		   "%s: B killed%s", patched ? "reaper" : "v4.2", patched ? " and queued" : ", no queue");
		if (!patched) {
			model_destroy(m);
			continue;
		}
		ok(out_of_memory(m, node_zonelist(m, 0, GFP_KERNEL), GFP_KERNEL, 0, NULL, false) &&
		   m->vm_events[OOM_KILL_EVENTS] == 1, "B's mm not yet MMF_OOM_SKIP: the scan aborts, no kill");
		m->oom_lock_holder = -1;
		before = zone_page_state(normal(m), NR_FREE_PAGES);
		oom_victims_yield(m);
		ok(zone_page_state(normal(m), NR_FREE_PAGES) >= before + 40 &&
		   (m->reaper.mmf_oom_skip >> b & 1) && !m->reaper.nr_queued &&
		   (m->tasks[b].tif & TIF_MEMDIE),
		   "a yield: the reaper frees B's 40 pages, MMF_OOM_SKIP, list empty, B keeps TIF_MEMDIE");
		m->oom_lock_holder = a;
		out_of_memory(m, node_zonelist(m, 0, GFP_KERNEL), GFP_KERNEL, 0, NULL, false);
		m->oom_lock_holder = -1;
		ok(m->vm_events[OOM_KILL_EVENTS] == 2 && m->tasks[b].in_use &&
		   ((m->tasks[c].tif & TIF_MEMDIE) || !m->tasks[c].in_use),
		   "the next selection passes over B (MMF_OOM_SKIP) and kills C (who may exit at once)");
		model_destroy(m);
	}
	{
		struct model *m = tiny(1u << PATCH_OOM_REAPER);
		struct choice_answerer an = { answer_mmap_sem, no_phase, NULL };
		int a = model_task_create(m, "A"), b = model_task_create(m, "B");
		int vb = model_mmap_anon(m, b, 40);
		long before;

		model_touch(m, b, vb, 0, 40, true);
		m->tasks[b].waiting_for = 0;
		m->lock_holder[0] = a;
		m->current = a;
		m->oom_lock_holder = a;
		out_of_memory(m, node_zonelist(m, 0, GFP_KERNEL), GFP_KERNEL, 0, NULL, false);
		m->oom_lock_holder = -1;
		mmap_sem_answer = 1;
		choice_set_answerer(m, &an);
		before = zone_page_state(normal(m), NR_FREE_PAGES);
		for (int i = 0; i < MAX_OOM_REAP_RETRIES - 1; i++)
			oom_victims_yield(m);
		ok(m->reaper.nr_queued == 1 && !(m->reaper.mmf_oom_skip >> b & 1) &&
		   m->reaper.attempts == MAX_OOM_REAP_RETRIES - 1,
		   "mmap_sem write-locked: 9 failed attempts, B still queued");
		oom_victims_yield(m);
		ok(!m->reaper.nr_queued && (m->reaper.mmf_oom_skip >> b & 1) &&
		   zone_page_state(normal(m), NR_FREE_PAGES) == before,
		   "the 10th failure: MMF_OOM_SKIP set, nothing reaped, B off the list");
		model_destroy(m);
	}
}

/*
 * A test of the premature-oom oracle: F = 20 single free frames, C = 16 clean
 * page-cache pages in frames 128..143 (aligned 4-page blocks of cache only),
 * M = min 32.  Order 0: 20 + 16 > 32: premature.  With the cache dirty it is
 * premature only counting D: a warning, not a finding.
 */
static void test_oracle(void)
{
	for (int dirty = 0; dirty < 2; dirty++) {
		struct model *m = tiny(1u << PATCH_OOM_DETECTION_REWORK);
		int a = model_task_create(m, "A"), f = model_file_create(m, 16);
		struct alloc_context ac;

		m->cfg.patch_oracles = true;
		m->current = a;
		if (dirty)
			model_file_write(m, a, f, 0, 16);
		else
			model_file_read(m, a, f, 0, 16);
		take_all(m);
		give_singles(m, 0, 20);
		ac_of(m, GFP_KERNEL, &ac);
		m->request_zonelist = ac.zonelist;
		m->request_high_zoneidx = ac.high_zoneidx;
		m->request_classzone_idx = ac.classzone_idx;
		oom_check_premature(m, GFP_KERNEL, 0, "kill");
		if (!dirty)
			ok(m->verdict.kind == V_PREMATURE_OOM, "F 20 + C 16 > M 32. Expect premature-oom (%s)",
			   m->verdict.detail);
		else
			ok(m->verdict.kind != V_PREMATURE_OOM &&
			   m->warn_count[WARN_PREMATURE_OOM_WRITEBACK] == 1,
			   "the same pages dirty: F 20 + C 0 <= 32. Expect only the writeback warning");
		model_destroy(m);
	}
	{
		struct model *m = tiny(1u << PATCH_OOM_DETECTION_REWORK);
		struct alloc_context ac;

		m->cfg.patch_oracles = true;
		take_all(m);
		give_singles(m, 0, 33);
		ac_of(m, GFP_KERNEL, &ac);
		m->request_zonelist = ac.zonelist;
		m->request_high_zoneidx = ac.high_zoneidx;
		m->request_classzone_idx = ac.classzone_idx;
		oom_check_premature(m, GFP_KERNEL, 1, "kill");
		ok(m->verdict.kind == V_OK, "order 1, 33 single frames, nothing reclaimable: no block. "
		   "Expect no finding");
		oom_check_premature(m, GFP_KERNEL, 0, "kill");
		ok(m->verdict.kind == V_PREMATURE_OOM, "order 0, the same 33 > 32. Expect premature-oom");
		model_destroy(m);
	}
}

int main(void)
{
	test_order_rule();
	test_should_reclaim_retry();
	test_should_compact_retry();
	test_compaction_results();
	test_reclaim_return();
	test_oom_nofs();
	test_reaper();
	test_oracle();
	return done_testing();
}
