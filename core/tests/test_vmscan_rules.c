// SPDX-License-Identifier: GPL-2.0
/*
 * test_vmscan_rules.c - the small rules of v4.2's mm/vmscan.c, each at its
 * boundary with hand-computed values: too_many_isolated's eighth for IO|FS
 * reclaim, __isolate_lru_page's modes, zone_inactive_ratio (sqrt of 10 x GB),
 * inactive_anon_is_low, in_reclaim_compaction's order and priority, and
 * should_continue_reclaim and zone_reclaimable_pages counting anon only with
 * swap left, get_scan_count's balance between anon and file, what
 * wakeup_kswapd records, and page_check_references' verdicts.
 *
 * Zone counters are set by hand around each call and put back after it (or
 * set on a copy of the zone), so the zone is as it was when the next case starts.
 */
#include <errno.h>
#include <string.h>
#include "../internal.h"
#include "tap.h"

static struct model *make(unsigned long swap)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	c.zones[0][ZONE_NORMAL].pages = 8192;
	c.swap_pages = swap;
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("model_create: %s", err);
	return m;
}

/* Sets item to v and returns the old value. */
static long set_stat(struct zone *z, enum zone_stat_item item, long v)
{
	long old = zone_page_state(z, item);

	z->vm_stat[item] = v;
	return old;
}

/*
 * A test of too_many_isolated for a direct reclaimer (not kswapd): with 80
 * inactive file pages, GFP_KERNEL (IO and FS) stalls past 80 / 8 = 10
 * isolated pages, GFP_NOFS only past 80.  Expect 10 and 80 not too many,
 * 11 and 81 too many.
 */
static void test_too_many_isolated(struct model *m)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	struct scan_control kernel = { .gfp_mask = GFP_KERNEL, .priority = DEF_PRIORITY };
	struct scan_control nofs = { .gfp_mask = GFP_NOFS, .priority = DEF_PRIORITY };
	long inactive = set_stat(z, NR_INACTIVE_FILE, 80);
	long isolated = set_stat(z, NR_ISOLATED_FILE, 10);

	ok(!too_many_isolated(m, z, 1, &kernel), "GFP_KERNEL: 10 isolated of 80 inactive is not too many");
	z->vm_stat[NR_ISOLATED_FILE] = 11;
	ok(too_many_isolated(m, z, 1, &kernel), "GFP_KERNEL: 11 isolated of 80 inactive is too many (> 80/8)");
	ok(!too_many_isolated(m, z, 1, &nofs), "GFP_NOFS: 11 isolated of 80 inactive is not too many");
	z->vm_stat[NR_ISOLATED_FILE] = 80;
	ok(!too_many_isolated(m, z, 1, &nofs), "GFP_NOFS: 80 isolated of 80 inactive is not too many");
	z->vm_stat[NR_ISOLATED_FILE] = 81;
	ok(too_many_isolated(m, z, 1, &nofs), "GFP_NOFS: 81 isolated of 80 inactive is too many");
	ok(!too_many_isolated(m, z, 0, &nofs), "the anon lists count apart: nothing isolated there");
	set_stat(z, NR_INACTIVE_FILE, inactive);
	set_stat(z, NR_ISOLATED_FILE, isolated);
}

/*
 * A test of __isolate_lru_page on a page of our own dressed as an LRU page:
 * a clean unmapped page with a reference is taken in every mode; under
 * writeback or dirty it is refused by ISOLATE_CLEAN (-EBUSY) only; mapped, by
 * ISOLATE_UNMAPPED only; off the LRU or unevictable, always (-EINVAL); with
 * no reference left, always (-EBUSY).
 */
static void test_isolate_modes(struct model *m)
{
	int h = model_alloc(m, 0, GFP_KERNEL, 0);
	struct page *p;
	uint32_t flags;
	int mapcount;

	if (!ok(h >= 0, "a page to dress"))
		return;
	p = pfn_to_page(m, m->handles[h].pfn);
	flags = p->flags;
	mapcount = p->_mapcount;
	ok(__isolate_lru_page(p, 0) == -EINVAL, "off the LRU: -EINVAL");
	p->flags |= 1u << PG_lru;
	ok(__isolate_lru_page(p, 0) == 0 && __isolate_lru_page(p, ISOLATE_CLEAN) == 0 &&
	   __isolate_lru_page(p, ISOLATE_UNMAPPED) == 0, "clean, unmapped, referenced: taken in every mode");
	p->flags |= 1u << PG_writeback;
	ok(__isolate_lru_page(p, ISOLATE_CLEAN) == -EBUSY, "under writeback: ISOLATE_CLEAN refuses it");
	ok(__isolate_lru_page(p, ISOLATE_UNMAPPED) == 0, "under writeback: ISOLATE_UNMAPPED takes it");
	p->flags &= ~(1u << PG_writeback);
	p->flags |= 1u << PG_dirty;
	ok(__isolate_lru_page(p, ISOLATE_CLEAN) == -EBUSY, "dirty: ISOLATE_CLEAN refuses it");
	p->flags &= ~(1u << PG_dirty);
	p->_mapcount = 0;
	ok(__isolate_lru_page(p, ISOLATE_UNMAPPED) == -EBUSY && __isolate_lru_page(p, ISOLATE_CLEAN) == 0,
	   "mapped: ISOLATE_UNMAPPED refuses it, ISOLATE_CLEAN takes it");
	p->_mapcount = mapcount;
	p->flags |= 1u << PG_unevictable;
	ok(__isolate_lru_page(p, 0) == -EINVAL, "unevictable: -EINVAL");
	p->flags &= ~(1u << PG_unevictable);
	p->_count = 0;
	ok(__isolate_lru_page(p, 0) == -EBUSY, "no reference left (being freed): -EBUSY");
	p->_count = 1;
	p->flags = flags;
	ok(isolate_lru_page(m, p) == -EBUSY, "isolate_lru_page: a page off the LRU is refused");
	model_free(m, h);
}

/*
 * A test of zone_inactive_ratio, the integer sqrt(10 x GB) of managed memory
 * (at least 1), and of inactive_anon_is_low at the boundary: with swap, 1 GB
 * gives ratio 3 and 10 inactive anon pages are low only against more than
 * 30 active; without swap anon is never aged.
 */
static void test_inactive_ratio(struct model *m, struct model *noswap)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	unsigned long managed = z->managed_pages;
	static const struct { unsigned long gb, ratio; } t[] = {
		{ 0, 1 }, { 1, 3 }, { 2, 4 }, { 3, 5 }, { 10, 10 }, { 16, 12 }, { 100, 31 },
	};
	long inactive, active;

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		z->managed_pages = t[i].gb << (30 - PAGE_SHIFT);
		ok(zone_inactive_ratio(z) == t[i].ratio, "inactive_ratio of %lu GB is %lu", t[i].gb,
		   t[i].ratio);
	}
	z->managed_pages = 1ul << (30 - PAGE_SHIFT);
	inactive = set_stat(z, NR_INACTIVE_ANON, 10);
	active = set_stat(z, NR_ACTIVE_ANON, 30);
	ok(!inactive_anon_is_low(m, z), "1 GB, 10 inactive, 30 active anon: not low (10 x 3 = 30)");
	z->vm_stat[NR_ACTIVE_ANON] = 31;
	ok(inactive_anon_is_low(m, z), "1 GB, 10 inactive, 31 active anon: low");
	set_stat(z, NR_INACTIVE_ANON, inactive);
	set_stat(z, NR_ACTIVE_ANON, active);
	z->managed_pages = managed;

	z = model_zone(noswap, 0, ZONE_NORMAL);
	inactive = set_stat(z, NR_INACTIVE_ANON, 0);
	active = set_stat(z, NR_ACTIVE_ANON, 1000);
	ok(!inactive_anon_is_low(noswap, z), "no swap: anon is never low (nothing to age it for)");
	set_stat(z, NR_INACTIVE_ANON, inactive);
	set_stat(z, NR_ACTIVE_ANON, active);
}

/*
 * A test of in_reclaim_compaction: reclaim works for compaction at an order
 * above PAGE_ALLOC_COSTLY_ORDER from the first priority, at orders 1..3
 * only once priority has dropped below DEF_PRIORITY - 2, never at order 0
 * or without CONFIG_COMPACTION.
 */
static void test_in_reclaim_compaction(struct model *m)
{
	struct scan_control sc = { .gfp_mask = GFP_KERNEL };
	bool compaction = m->cfg.compaction;

	m->cfg.compaction = true;
	sc.order = 0, sc.priority = 0;
	ok(!in_reclaim_compaction(m, &sc), "order 0: never");
	sc.order = 3, sc.priority = DEF_PRIORITY - 2;
	ok(!in_reclaim_compaction(m, &sc), "order 3 at priority DEF_PRIORITY-2: not yet");
	sc.priority = DEF_PRIORITY - 3;
	ok(in_reclaim_compaction(m, &sc), "order 3 at priority DEF_PRIORITY-3: yes");
	sc.order = 4, sc.priority = DEF_PRIORITY;
	ok(in_reclaim_compaction(m, &sc), "order 4 (costly) at DEF_PRIORITY: yes");
	m->cfg.compaction = false;
	ok(!in_reclaim_compaction(m, &sc), "without CONFIG_COMPACTION: never");
	m->cfg.compaction = compaction;
}

/*
 * A test of should_continue_reclaim for an order-4 GFP_KERNEL reclaim that
 * reclaimed a page this round and nothing before (pages_for_compaction =
 * 2 << 4 = 32), in a zone with plenty free (compaction_suitable says go).
 * Expect: with 100 inactive file pages, continue; with 100 inactive anon
 * pages and swap, continue; with the same anon pages and no swap, stop (they
 * cannot be reclaimed); with nothing reclaimed this round, stop.
 */
static void test_should_continue(struct model *m, struct model *noswap)
{
	struct model *ms[2] = { m, noswap };
	bool compaction[2] = { m->cfg.compaction, noswap->cfg.compaction };

	for (int i = 0; i < 2; i++) {
		struct model *mm = ms[i];
		struct zone *z = model_zone(mm, 0, ZONE_NORMAL);
		struct scan_control sc = { .gfp_mask = GFP_KERNEL, .order = 4, .priority = DEF_PRIORITY };
		long file = set_stat(z, NR_INACTIVE_FILE, 100);
		long anon = set_stat(z, NR_INACTIVE_ANON, 0);

		mm->cfg.compaction = true;
		ok(should_continue_reclaim(mm, z, 1, 32, &sc),
		   "%s: 100 inactive file pages, 0 of 32 reclaimed: continue", i ? "no swap" : "swap");
		ok(!should_continue_reclaim(mm, z, 0, 32, &sc),
		   "%s: nothing reclaimed this round: stop", i ? "no swap" : "swap");
		z->vm_stat[NR_INACTIVE_FILE] = 0;
		z->vm_stat[NR_INACTIVE_ANON] = 100;
		if (i == 0)
			ok(should_continue_reclaim(mm, z, 1, 32, &sc),
			   "swap: 100 inactive anon pages count: continue");
		else
			ok(!should_continue_reclaim(mm, z, 1, 32, &sc),
			   "no swap: inactive anon pages do not count, compaction can go: stop");
		set_stat(z, NR_INACTIVE_FILE, file);
		set_stat(z, NR_INACTIVE_ANON, anon);
		mm->cfg.compaction = compaction[i];
	}
}

/*
 * A test of zone_reclaimable_pages: both file lists always, the anon lists
 * only while swap space is left.  With 10 + 10 file and 100 + 100 anon pages,
 * expect 220 with swap and 20 without.
 */
static void test_reclaimable_pages(struct model *m, struct model *noswap)
{
	static const enum zone_stat_item items[4] = {
		NR_ACTIVE_FILE, NR_INACTIVE_FILE, NR_ACTIVE_ANON, NR_INACTIVE_ANON
	};
	struct model *ms[2] = { m, noswap };
	static const unsigned long want[2] = { 220, 20 };

	for (int i = 0; i < 2; i++) {
		struct zone *z = model_zone(ms[i], 0, ZONE_NORMAL);
		long old[4];

		for (int k = 0; k < 4; k++)
			old[k] = set_stat(z, items[k], k < 2 ? 10 : 100);
		ok(zone_reclaimable_pages(ms[i], z) == want[i], "%s: %lu reclaimable pages",
		   i ? "no swap" : "swap", want[i]);
		for (int k = 0; k < 4; k++)
			set_stat(z, items[k], old[k]);
	}
}

/* A copy of the Normal zone with the four evictable LRU sizes, free pages and high mark set. */
static struct zone lru_zone(struct model *m, long ia, long aa, long ifl, long af, long free, long high)
{
	struct zone z = *model_zone(m, 0, ZONE_NORMAL);

	z.vm_stat[NR_INACTIVE_ANON] = ia;
	z.vm_stat[NR_ACTIVE_ANON] = aa;
	z.vm_stat[NR_INACTIVE_FILE] = ifl;
	z.vm_stat[NR_ACTIVE_FILE] = af;
	z.vm_stat[NR_FREE_PAGES] = free;
	z.watermark[WMARK_HIGH] = (unsigned long)high;
	memset(&z.reclaim_stat, 0, sizeof(z.reclaim_stat));
	return z;
}

/* The zone's recent reclaim statistics, anon side first. */
static void set_rotation(struct zone *z, unsigned long scanned_anon, unsigned long scanned_file,
			 unsigned long rotated_anon, unsigned long rotated_file)
{
	z->reclaim_stat.recent_scanned[0] = scanned_anon;
	z->reclaim_stat.recent_scanned[1] = scanned_file;
	z->reclaim_stat.recent_rotated[0] = rotated_anon;
	z->reclaim_stat.recent_rotated[1] = rotated_file;
}

static bool scan_is(const unsigned long *nr, unsigned long ia, unsigned long aa, unsigned long ifl,
		    unsigned long af)
{
	if (nr[LRU_INACTIVE_ANON] == ia && nr[LRU_ACTIVE_ANON] == aa && nr[LRU_INACTIVE_FILE] == ifl &&
	    nr[LRU_ACTIVE_FILE] == af)
		return true;
	diag("scan counts %lu %lu %lu %lu, expected %lu %lu %lu %lu", nr[LRU_INACTIVE_ANON],
	     nr[LRU_ACTIVE_ANON], nr[LRU_INACTIVE_FILE], nr[LRU_ACTIVE_FILE], ia, aa, ifl, af);
	return false;
}

/*
 * A test of get_scan_count for direct reclaim (swappiness 60), lists in the
 * order inactive anon, active anon, inactive file, active file:
 *   no swap, or may_swap off: files only, size >> priority: 0 0 100 100
 *   priority 0: every list whole (SCAN_EQUAL)
 *   file + free <= high mark: anon only (SCAN_ANON)
 *   inactive file not low: files only
 *   inactive file low (800 < 1600), recent scanned 10/100, rotated 0/50:
 *     ap = 60 * 11 / 1 = 660, fp = 140 * 101 / 51 = 277, denominator 938;
 *     anon 100 * 660 / 938 = 70, inactive file 50 * 277 / 938 = 14,
 *     active file 100 * 277 / 938 = 29
 *   recent_scanned halves (with recent_rotated) only above a quarter of
 *   the list: 800 of 3200 anon stays, 801 becomes 400 (rotated 10 -> 5)
 */
static void test_get_scan_count(struct model *m, struct model *noswap)
{
	struct scan_control sc = { .gfp_mask = GFP_KERNEL, .priority = 4, .may_swap = true };
	unsigned long nr[NR_LRU_LISTS];
	struct zone z;

	z = lru_zone(noswap, 1600, 1600, 1600, 1600, 4000, 100);
	get_scan_count(noswap, &z, &sc, nr);
	ok(scan_is(nr, 0, 0, 100, 100), "get_scan_count: no swap: files only, size >> 4");
	z = lru_zone(m, 1600, 1600, 1600, 1600, 4000, 100);
	sc.may_swap = false;
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 0, 0, 100, 100), "get_scan_count: may_swap off: files only");
	sc.may_swap = true;
	sc.priority = 0;
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 1600, 1600, 1600, 1600), "get_scan_count: priority 0: every list whole");
	sc.priority = 4;
	z = lru_zone(m, 1600, 1600, 50, 50, 20, 120);
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 100, 100, 0, 0), "get_scan_count: file 100 + free 20 <= high 120: anon only");
	z = lru_zone(m, 1600, 1600, 50, 50, 21, 120);
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 0, 0, 3, 3), "get_scan_count: file 100 + free 21 > high 120, inactive file "
	   "not low: files only");
	z = lru_zone(m, 1600, 1600, 800, 1600, 4000, 100);
	set_rotation(&z, 10, 100, 0, 50);
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 70, 70, 14, 29), "get_scan_count: inactive file low: anon and file by "
	   "their rotation (660 : 277)");
	/* nothing scanned on the file side yet: fp = 140 * (0 + 1) / (0 + 1) = 140 */
	z = lru_zone(m, 1600, 1600, 800, 1600, 4000, 100);
	set_rotation(&z, 10, 0, 0, 0);
	get_scan_count(m, &z, &sc, nr);
	ok(scan_is(nr, 82, 82, 8, 17), "get_scan_count: no file page scanned yet: anon and file "
	   "660 : 140 (of 801)");
	z = lru_zone(m, 1600, 1600, 800, 1600, 4000, 100);
	set_rotation(&z, 800, 0, 10, 0);
	get_scan_count(m, &z, &sc, nr);
	ok(z.reclaim_stat.recent_scanned[0] == 800 && z.reclaim_stat.recent_rotated[0] == 10,
	   "get_scan_count: 800 recently scanned of 3200 anon (a quarter): kept");
	z.reclaim_stat.recent_scanned[0] = 801;
	get_scan_count(m, &z, &sc, nr);
	ok(z.reclaim_stat.recent_scanned[0] == 400 && z.reclaim_stat.recent_rotated[0] == 5,
	   "get_scan_count: 801 of 3200: halved with the rotations (400, 5)");
}

/*
 * A test of what wakeup_kswapd records for kswapd: the largest order asked
 * for, and the lowest classzone only together with a larger order.  With
 * order 2 for Normal recorded, order 2 for DMA changes nothing; order 3 for
 * DMA records both; order 1 for DMA keeps order 3.
 */
static void test_wakeup_kswapd_records(struct model *m)
{
	struct pglist_data *pgdat = &m->node[0];
	struct zone *normal = model_zone(m, 0, ZONE_NORMAL);
	int order = pgdat->kswapd_max_order, cz = pgdat->classzone_idx;

	pgdat->kswapd_max_order = 2;
	pgdat->classzone_idx = ZONE_NORMAL;
	wakeup_kswapd(m, normal, 2, ZONE_DMA);
	ok(pgdat->kswapd_max_order == 2 && pgdat->classzone_idx == ZONE_NORMAL,
	   "wakeup_kswapd: the same order for a lower classzone records nothing");
	wakeup_kswapd(m, normal, 3, ZONE_DMA);
	ok(pgdat->kswapd_max_order == 3 && pgdat->classzone_idx == ZONE_DMA,
	   "wakeup_kswapd: a larger order records it and the lower classzone");
	wakeup_kswapd(m, normal, 1, ZONE_NORMAL);
	ok(pgdat->kswapd_max_order == 3 && pgdat->classzone_idx == ZONE_DMA,
	   "wakeup_kswapd: a smaller order keeps what was recorded");
	pgdat->kswapd_max_order = order;
	pgdat->classzone_idx = cz;
}

/* The page task t maps at index idx of vma v. */
static struct page *mapped(struct model *m, int v, unsigned long idx)
{
	return pfn_to_page(m, m->w->pte[m->w->vma[v].pte + idx] & PTE_VAL_MASK);
}

/*
 * A test of page_check_references, v4.2's verdict on a page reclaim looks
 * at.  A file page mapped once with its pte young and PG_referenced clear:
 * keep it (a second trip round the inactive list) and set PG_referenced;
 * young again with PG_referenced set: activate.  No young pte, PG_referenced
 * set: reclaim if clean (RECLAIM_CLEAN); neither: reclaim.  A file page two
 * ptes reference at once: activate.  An anonymous page with a young pte:
 * activate.
 */
static void test_page_check_references(struct model *m)
{
	int a = model_task_create(m, "refs"), f = model_file_create(m, 2);
	int vf = model_mmap_file(m, a, f, 0, 2), vf2 = model_mmap_file(m, a, f, 1, 1);
	int va = model_mmap_anon(m, a, 1);
	struct page *page;

	model_touch(m, a, vf, 0, 2, false);
	model_touch(m, a, vf2, 0, 1, false);
	model_touch(m, a, va, 0, 1, true);
	m->current = a;
	page = mapped(m, vf, 0);
	ok(!PageReferenced(page), "a file page mapped once, just faulted: PG_referenced clear");
	is(page_check_references(m, page), PAGEREF_KEEP, "one young pte, not referenced: "
	   "PAGEREF_KEEP");
	ok(PageReferenced(page), "... and PG_referenced set for its second trip");
	model_touch(m, a, vf, 0, 1, false);
	is(page_check_references(m, page), PAGEREF_ACTIVATE, "young again and PG_referenced: "
	   "PAGEREF_ACTIVATE");
	is(page_check_references(m, page), PAGEREF_RECLAIM_CLEAN, "no young pte, PG_referenced: "
	   "PAGEREF_RECLAIM_CLEAN");
	is(page_check_references(m, page), PAGEREF_RECLAIM, "no young pte, not referenced: "
	   "PAGEREF_RECLAIM");
	page = mapped(m, vf, 1);
	ok(page == mapped(m, vf2, 0), "a file page two vmas map");
	is(page_check_references(m, page), PAGEREF_ACTIVATE, "two young ptes, not referenced: "
	   "PAGEREF_ACTIVATE");
	is(page_check_references(m, mapped(m, va, 0)), PAGEREF_ACTIVATE, "an anonymous page with a "
	   "young pte: PAGEREF_ACTIVATE");
	model_task_exit(m, a);
	model_file_drop(m, f);
}

int main(void)
{
	struct model *m = make(4096), *noswap = make(0);

	if (!ok(m && noswap, "model_create"))
		return done_testing();
	test_too_many_isolated(m);
	test_isolate_modes(m);
	test_inactive_ratio(m, noswap);
	test_in_reclaim_compaction(m);
	test_should_continue(m, noswap);
	test_reclaimable_pages(m, noswap);
	test_get_scan_count(m, noswap);
	test_wakeup_kswapd_records(m);
	test_page_check_references(m);
	ok(check_buddy_is_valid(m) && check_conservation(m), "the model is whole after the cases");
	model_destroy(m);
	model_destroy(noswap);
	return done_testing();
}
