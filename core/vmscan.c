// SPDX-License-Identifier: GPL-2.0
/*
 * vmscan.c - page reclaim as v4.2 did it (mm/vmscan.c): LRU isolation,
 * shrink_page_list with its keep/activate/free outcomes, the inactive and
 * active list shrinkers, get_scan_count's balance, shrink_lruvec,
 * shrink_zone and shrink_zones, do_try_to_free_pages with the era's return
 * rule, throttle_direct_reclaim, kswapd (wakeup_kswapd, balance_pgdat,
 * pgdat_balanced, the sleep test) and zone_reclaim.  No memcg, no slab
 * shrinkers, no mlock: the model has none of them.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

#define KSWAPD_ZONE_BALANCE_GAP_RATIO	100
#define ZONE_RECLAIM_PRIORITY		4
#define VM_SWAPPINESS			60

enum scan_balance { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE };

bool current_is_kswapd(struct model *m)
{
	return current_task(m)->flags & PF_KSWAPD;
}

static bool is_file_lru(int lru)
{
	return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
}

static bool is_active_lru(int lru)
{
	return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
}

unsigned long zone_reclaimable_pages(struct model *m, struct zone *zone)
{
	unsigned long nr = (unsigned long)(zone_page_state(zone, NR_ACTIVE_FILE) +
					   zone_page_state(zone, NR_INACTIVE_FILE));

	if (get_nr_swap_pages(m) > 0)
		nr += (unsigned long)(zone_page_state(zone, NR_ACTIVE_ANON) +
				      zone_page_state(zone, NR_INACTIVE_ANON));
	/*
	 * patch oom-detection-rework (its v4.6 prerequisite "mm, vmscan:
	 * consider isolated pages in zone_reclaimable_pages"): pages isolated
	 * by reclaim or compaction still count.
	 */
	if (patch_on(m, PATCH_OOM_DETECTION_REWORK)) {
		nr += (unsigned long)zone_page_state(zone, NR_ISOLATED_FILE);
		if (get_nr_swap_pages(m) > 0)
			nr += (unsigned long)zone_page_state(zone, NR_ISOLATED_ANON);
	}
	return nr;
}

/* zone_reclaimable: pages_scanned < 6 x reclaimable pages. */
bool zone_reclaimable(struct model *m, struct zone *zone)
{
	unsigned long scanned = (unsigned long)zone_page_state(zone, NR_PAGES_SCANNED);
	unsigned long threshold = zone_reclaimable_pages(m, zone) * 6;
	bool ret = scanned < threshold;

	watchdog_note_reclaimable(m, zone, scanned, threshold, ret);
	return ret;
}

/*
 * patch revert-all-unreclaimable (reverts 6e543d5780e3, v3.12): before the
 * fix, reclaim's "is this zone still worth scanning" read the flag kswapd
 * set after a pass over an unreclaimable zone (kswapd_shrink_zone below),
 * and a free into the zone cleared it; direct reclaim never set it, so a
 * direct reclaimer whose kswapd sleeps kept seeing the zone reclaimable.
 * Every caller is a decision the fix changed; without the patch this is
 * v4.2's zone_reclaimable().
 */
static bool zone_reclaimable_decides(struct model *m, struct zone *zone)
{
	if (patch_on(m, PATCH_REVERT_ALL_UNRECLAIMABLE))
		return !test_bit_zone(zone, ZONE_ALL_UNRECLAIMABLE);
	return zone_reclaimable(m, zone);
}

/* ---- isolation ------------------------------------------------------------------ */

/* isolate_lru_page: one page off its LRU with a reference (compaction). */
int isolate_lru_page(struct model *m, struct page *page)
{
	if (!PageLRU(page) || page_count(page) == 0)
		return -EBUSY;
	get_page(m, page);
	ClearPageFlag(m, page, PG_lru);
	del_page_from_lru_list(m, page, page_lru(page));
	return 0;
}

/*
 * putback_lru_page: back on its LRU, dropping the isolation reference; a
 * page nobody else holds (truncated, unmapped, migrated away) is freed.
 */
void putback_lru_page(struct model *m, struct page *page)
{
	if (page_count(page) == 1) {
		put_page(m, page);
		return;
	}
	lru_cache_add(m, page);
	put_page(m, page);
}

int __isolate_lru_page(struct page *page, unsigned mode)
{
	if (!PageLRU(page) || PageUnevictable(page))
		return -EINVAL;
	if (mode & ISOLATE_CLEAN) {
		if (PageWriteback(page) || PageDirty(page))
			return -EBUSY;
	}
	if ((mode & ISOLATE_UNMAPPED) && page_mapped(page))
		return -EBUSY;
	if (page_count(page) == 0)
		return -EBUSY;
	return 0;
}

/* isolate_lru_pages: up to nr_to_scan pages from the tail of one list. */
static unsigned long isolate_lru_pages(struct model *m, struct zone *zone, unsigned long nr_to_scan,
				       uint32_t dst, unsigned long *nr_scanned, unsigned mode, int lru)
{
	uint32_t src = zone->lru[lru];
	unsigned long nr_taken = 0, scan;

	for (scan = 0; scan < nr_to_scan && !list_empty(m, src); scan++) {
		uint32_t pfn = list_last(m, src);
		struct page *page = pfn_to_page(m, pfn);

		switch (__isolate_lru_page(page, mode)) {
		case 0:
			get_page(m, page);
			ClearPageFlag(m, page, PG_lru);
			list_move(m, pfn, dst);
			nr_taken++;
			break;
		case -EBUSY:
			list_move(m, pfn, src);	/* wrong mode, or being freed: to the head */
			break;
		default:
			MODEL_BUG_ON_PAGE(m, 1, page);
		}
	}
	*nr_scanned = scan;
	__mod_zone_page_state(zone, (enum zone_stat_item)(NR_LRU_BASE + lru), -(long)nr_taken);
	charge_work(m, scan);
	return nr_taken;
}

/*
 * too_many_isolated: direct reclaimers stall while more pages are isolated
 * than are left on the inactive list (an eighth of it for IO|FS reclaim).
 * Other reclaimers' isolations are a choice [CHOICE_TOO_MANY_ISOLATED,
 * default: none].
 */
bool too_many_isolated(struct model *m, struct zone *zone, int file,
		       const struct scan_control *sc)
{
	struct choice_query q = { .id = CHOICE_TOO_MANY_ISOLATED, .nr = 2, .dflt = 0,
				  .gfp = sc->gfp_mask, .order = sc->order, .task = m->current,
				  .pfn = PFN_NONE, .label = m->trace.label };
	long inactive, isolated;

	if (current_is_kswapd(m))
		return false;
	if (!choice_fair(m, CHOICE_TOO_MANY_ISOLATED) && choice_ask(m, &q))
		return true;
	inactive = zone_page_state(zone, file ? NR_INACTIVE_FILE : NR_INACTIVE_ANON);
	isolated = zone_page_state(zone, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON);
	if ((sc->gfp_mask & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS))
		inactive >>= 3;
	return isolated > inactive;
}

/* ---- shrink_page_list ---------------------------------------------------------- */

int page_check_references(struct model *m, struct page *page)
{
	int referenced_ptes = page_referenced(m, page);
	bool referenced_page = PageReferenced(page);

	if (referenced_page)
		ClearPageFlag(m, page, PG_referenced);
	if (referenced_ptes) {
		if (PageSwapBacked(page))
			return PAGEREF_ACTIVATE;
		/* all mapped file pages get a second trip, used-once ones none */
		SetPageFlag(m, page, PG_referenced);
		if (referenced_page || referenced_ptes > 1)
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	/* a used file page goes only if clean: a dirty one waits for the flusher */
	if (referenced_page && !PageSwapBacked(page))
		return PAGEREF_RECLAIM_CLEAN;
	return PAGEREF_RECLAIM;
}

enum pageout_t { PAGE_KEEP, PAGE_ACTIVATE, PAGE_SUCCESS, PAGE_CLEAN };

/* is_page_cache_freeable: the cache's reference and ours, nothing else */
static bool is_page_cache_freeable(const struct page *page)
{
	return page_count(page) == 2;
}

static enum pageout_t pageout(struct model *m, struct page *page)
{
	if (!is_page_cache_freeable(page))
		return PAGE_KEEP;
	if (!clear_page_dirty_for_io(m, page))
		return PAGE_CLEAN;
	SetPageFlag(m, page, PG_reclaim);
	if (PageSwapCache(page)) {
		swap_writepage(m, page);
	} else {
		set_page_writeback(m, page);
		TRACE(m, EV_MM_VMSCAN_WRITEPAGE, (int64_t)page_to_pfn(m, page), 0);
	}
	if (!PageWriteback(page))
		ClearPageFlag(m, page, PG_reclaim);
	__mod_zone_page_state(page_zone(m, page), NR_VMSCAN_WRITE, 1);
	return PAGE_SUCCESS;
}

/*
 * __remove_mapping: frees the page from the page cache or swap cache if the
 * cache's reference and ours are the only ones (page_freeze_refs(page, 2))
 * and it is clean.  On success the page has no references left.
 */
static bool __remove_mapping(struct model *m, struct page *page)
{
	if (page_count(page) != 2 || PageDirty(page))
		return false;
	page_touch(m, page);
	page->_count = 0;
	if (PageSwapCache(page)) {
		uint32_t slot = page->private;

		__delete_from_swap_cache(m, page);
		swapcache_free(m, slot);
		page->mapping = 0;
		page->index = 0;
	} else {
		__delete_from_page_cache(m, page);
	}
	return true;
}

struct reclaim_stat {
	unsigned long nr_dirty, nr_unqueued_dirty, nr_congested, nr_writeback, nr_immediate;
};

/* Frees a page __remove_mapping took out of its cache (count 0: no reference left). */
static void reclaim_free(struct model *m, struct page *page)
{
	__page_cache_release(m, page, SITE_RECLAIM_FREE);
	page_touch(m, page);
	page->_count = 1;
	__free_pages(m, page, 0);
}

static unsigned long shrink_page_list(struct model *m, uint32_t page_list, struct zone *zone,
				      struct scan_control *sc, struct reclaim_stat *st)
{
	uint32_t ret_pages = scratch_head_get(m);
	unsigned long nr_reclaimed = 0, pgactivate = 0;

	while (!list_empty(m, page_list)) {
		uint32_t pfn = list_last(m, page_list);
		struct page *page = pfn_to_page(m, pfn);
		bool may_enter_fs, anon;
		int references = PAGEREF_RECLAIM;

		cond_resched(m);
		list_del(m, pfn);
		if (m->stopped) {
			list_add(m, pfn, ret_pages);
			continue;
		}
		sc->nr_scanned++;
		if (!sc->may_unmap && page_mapped(page))
			goto keep;
		/* mapped and swap-cache pages count twice, which weighs on the slab scan */
		if (page_mapped(page) || PageSwapCache(page))
			sc->nr_scanned++;
		may_enter_fs = (sc->gfp_mask & __GFP_FS) ||
			       (PageSwapCache(page) && (sc->gfp_mask & __GFP_IO));
		anon = !page_is_file_cache(page);
		/* page_check_dirty_writeback */
		if (PageDirty(page) || PageWriteback(page)) {
			st->nr_dirty++;
			if (PageDirty(page) && !PageWriteback(page))
				st->nr_unqueued_dirty++;
		}
		if (PageWriteback(page)) {
			/* Case 1: kswapd meets pages it already marked, in a zone flagged for it */
			if (current_is_kswapd(m) && PageReclaim(page) &&
			    test_bit_zone(zone, ZONE_WRITEBACK)) {
				st->nr_immediate++;
				goto keep;
			}
			/* Case 2: global reclaim marks it for immediate reclaim and moves on */
			SetPageFlag(m, page, PG_reclaim);
			st->nr_writeback++;
			goto keep;
		}
		references = page_check_references(m, page);
		if (references == PAGEREF_ACTIVATE)
			goto activate_locked;
		if (references == PAGEREF_KEEP)
			goto keep;
		/* an anonymous page needs a swap slot (and IO) before it can go */
		if (anon && !PageSwapCache(page)) {
			if (!(sc->gfp_mask & __GFP_IO))
				goto keep;
			if (!add_to_swap(m, page))
				goto activate_locked;
			may_enter_fs = true;
		}
		/* still mapped: every pte must go first (try_to_unmap) */
		if (page_mapped(page)) {
			switch (try_to_unmap(m, page)) {
			case SWAP_FAIL:
				goto activate_locked;
			case SWAP_AGAIN:
				goto keep;
			default:
				break;
			}
		}
		if (PageDirty(page)) {
			/*
			 * A dirty file page is written here by kswapd alone, and only
			 * in a zone flagged ZONE_DIRTY: a direct reclaimer's stack
			 * is already deep, ->writepage would take it deeper.
			 */
			if (page_is_file_cache(page) &&
			    (!current_is_kswapd(m) || !test_bit_zone(zone, ZONE_DIRTY))) {
				__mod_zone_page_state(zone, NR_VMSCAN_IMMEDIATE, 1);
				SetPageFlag(m, page, PG_reclaim);
				goto keep;
			}
			if (references == PAGEREF_RECLAIM_CLEAN || !may_enter_fs || !sc->may_writepage)
				goto keep;
			switch (pageout(m, page)) {
			case PAGE_KEEP:
				goto keep;
			case PAGE_ACTIVATE:
				goto activate_locked;
			case PAGE_SUCCESS:
				if (PageWriteback(page) || PageDirty(page))
					goto keep;
				break;
			case PAGE_CLEAN:
				break;
			}
		}
		/*
		 * page_mapping() is NULL for a page truncated while someone else
		 * (a pin) still held it: nothing to remove it from, so it stays
		 * until its last reference goes (v4.2: !mapping -> keep_locked).
		 */
		if (!page_mapping_set(page))
			goto keep;
		if (!__remove_mapping(m, page))
			goto keep;
		reclaim_free(m, page);
		nr_reclaimed++;
		continue;
activate_locked:
		/* staying in memory: with swap over half full, give back its slot */
		if (PageSwapCache(page) && vm_swap_full(m))
			try_to_free_swap(m, page);
		SetPageFlag(m, page, PG_active);
		pgactivate++;
keep:
		list_add(m, pfn, ret_pages);
	}
	/* the survivors go back to the caller's list, in order (list_splice) */
	while (!list_empty(m, ret_pages)) {
		uint32_t pfn = list_first(m, ret_pages);

		list_move_tail(m, pfn, page_list);
	}
	scratch_head_put(m, ret_pages);
	count_vm_events(m, PGACTIVATE, (long)pgactivate);
	return nr_reclaimed;
}

/* putback_inactive_pages: survivors back to their lists; those only we held are freed. */
static void putback_inactive_pages(struct model *m, struct zone *zone, uint32_t page_list)
{
	while (!list_empty(m, page_list)) {
		uint32_t pfn = list_last(m, page_list);	/* lru_to_page */
		struct page *page = pfn_to_page(m, pfn);
		int lru;

		list_del(m, pfn);
		SetPageFlag(m, page, PG_lru);
		lru = page_lru(page);
		add_page_to_lru_list(m, page, lru);
		if (is_active_lru(lru))
			zone->reclaim_stat.recent_rotated[is_file_lru(lru)]++;
		put_page(m, page);
	}
}

static unsigned long shrink_inactive_list(struct model *m, unsigned long nr_to_scan,
					  struct zone *zone, struct scan_control *sc, int lru)
{
	uint32_t page_list;
	unsigned long nr_scanned, nr_reclaimed, nr_taken;
	struct reclaim_stat st = { 0 };
	int file = is_file_lru(lru);
	unsigned mode = 0;
	int slot = -1;

	while (too_many_isolated(m, zone, file, sc)) {
		congestion_wait(m);
		if (slot < 0)
			slot = watchdog_enter(m, LOOP_TOO_MANY_ISOLATED);
		/* the round's path: the step this reclaim runs under (direct reclaim, kswapd) */
		m->alloc_path |= 1u << m->trace.label;
		watchdog_progress(m, slot, 0, PR_ISOLATED);
		if (watchdog_round(m, slot, (uint64_t)file))
			break;
		/* a dying task frees its memory on exit: claim a full batch and stop */
		if (fatal_signal_pending(m) || m->stopped) {
			watchdog_exit(m, slot);
			return SWAP_CLUSTER_MAX;
		}
	}
	if (slot >= 0)
		watchdog_exit(m, slot);
	if (m->stopped)
		return 0;
	if (!sc->may_unmap)
		mode |= ISOLATE_UNMAPPED;
	if (!sc->may_writepage)
		mode |= ISOLATE_CLEAN;
	page_list = scratch_head_get(m);
	nr_taken = isolate_lru_pages(m, zone, nr_to_scan, page_list, &nr_scanned, mode, lru);
	__mod_zone_page_state(zone, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON, (long)nr_taken);
	__mod_zone_page_state(zone, NR_PAGES_SCANNED, (long)nr_scanned);
	count_vm_events(m, current_is_kswapd(m) ? PGSCAN_KSWAPD : PGSCAN_DIRECT, (long)nr_scanned);
	if (nr_taken == 0) {
		scratch_head_put(m, page_list);
		return 0;
	}
	nr_reclaimed = shrink_page_list(m, page_list, zone, sc, &st);
	zone->reclaim_stat.recent_scanned[file] += nr_taken;
	count_vm_events(m, current_is_kswapd(m) ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT,
			(long)nr_reclaimed);
	putback_inactive_pages(m, zone, page_list);
	scratch_head_put(m, page_list);
	__mod_zone_page_state(zone, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON, -(long)nr_taken);
	TRACE(m, EV_MM_VMSCAN_LRU_SHRINK_INACTIVE, zone->node, zone->idx, (int64_t)nr_scanned,
	      (int64_t)nr_reclaimed, sc->priority, file);
	if (m->stopped)
		return nr_reclaimed;
	/* pages under writeback at the tail: the laundering is too slow */
	if (st.nr_writeback && st.nr_writeback == nr_taken)
		set_bit_zone(zone, ZONE_WRITEBACK);
	if (st.nr_dirty && st.nr_dirty == st.nr_congested)
		set_bit_zone(zone, ZONE_CONGESTED);
	if (st.nr_unqueued_dirty == nr_taken)
		set_bit_zone(zone, ZONE_DIRTY);
	if (st.nr_immediate)
		congestion_wait(m);
	if (!current_is_kswapd(m))
		wait_iff_congested(m, zone);
	return nr_reclaimed;
}

static void shrink_active_list(struct model *m, unsigned long nr_to_scan, struct zone *zone,
			       struct scan_control *sc, int lru)
{
	uint32_t l_hold = scratch_head_get(m), l_inactive = scratch_head_get(m);
	unsigned long nr_taken, nr_scanned, nr_rotated = 0, nr_deactivated = 0;
	unsigned mode = 0;
	int file = is_file_lru(lru);

	if (!sc->may_unmap)
		mode |= ISOLATE_UNMAPPED;
	if (!sc->may_writepage)
		mode |= ISOLATE_CLEAN;
	nr_taken = isolate_lru_pages(m, zone, nr_to_scan, l_hold, &nr_scanned, mode, lru);
	__mod_zone_page_state(zone, NR_PAGES_SCANNED, (long)nr_scanned);
	zone->reclaim_stat.recent_scanned[file] += nr_taken;
	__mod_zone_page_state(zone, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON, (long)nr_taken);
	while (!list_empty(m, l_hold)) {
		uint32_t pfn = list_last(m, l_hold);
		struct page *page = pfn_to_page(m, pfn);

		cond_resched(m);
		list_del(m, pfn);
		if (!m->stopped && page_referenced(m, page))
			nr_rotated++;	/* no VM_EXEC mappings in the model: deactivated anyway */
		ClearPageFlag(m, page, PG_active);
		list_add(m, pfn, l_inactive);
	}
	zone->reclaim_stat.recent_rotated[file] += nr_rotated;
	/* move_active_pages_to_lru */
	while (!list_empty(m, l_inactive)) {
		uint32_t pfn = list_last(m, l_inactive);
		struct page *page = pfn_to_page(m, pfn);

		list_del(m, pfn);
		SetPageFlag(m, page, PG_lru);
		add_page_to_lru_list(m, page, page_lru(page));
		nr_deactivated++;
		put_page(m, page);
	}
	count_vm_events(m, PGDEACTIVATE, (long)nr_deactivated);
	__mod_zone_page_state(zone, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON, -(long)nr_taken);
	scratch_head_put(m, l_inactive);
	scratch_head_put(m, l_hold);
}

/* inactive_ratio: sqrt(10 x GB of the zone), at least 1 */
unsigned long zone_inactive_ratio(const struct zone *zone)
{
	unsigned long gb = zone->managed_pages >> (30 - PAGE_SHIFT), r = 1;

	if (!gb)
		return 1;
	while ((r + 1) * (r + 1) <= 10 * gb)
		r++;
	return r;
}

bool inactive_anon_is_low(struct model *m, struct zone *zone)
{
	if (!m->w->nr_swap)
		return false;
	return (unsigned long)zone_page_state(zone, NR_INACTIVE_ANON) * zone_inactive_ratio(zone) <
	       (unsigned long)zone_page_state(zone, NR_ACTIVE_ANON);
}

static bool inactive_file_is_low(struct zone *zone)
{
	return zone_page_state(zone, NR_ACTIVE_FILE) > zone_page_state(zone, NR_INACTIVE_FILE);
}

static bool inactive_list_is_low(struct model *m, struct zone *zone, int lru)
{
	return is_file_lru(lru) ? inactive_file_is_low(zone) : inactive_anon_is_low(m, zone);
}

static unsigned long shrink_list(struct model *m, int lru, unsigned long nr_to_scan,
				 struct zone *zone, struct scan_control *sc)
{
	if (is_active_lru(lru)) {
		if (inactive_list_is_low(m, zone, lru))
			shrink_active_list(m, nr_to_scan, zone, sc, lru);
		return 0;
	}
	return shrink_inactive_list(m, nr_to_scan, zone, sc, lru);
}

/* get_scan_count: how many pages of each evictable list to scan at this priority. */
void get_scan_count(struct model *m, struct zone *zone, struct scan_control *sc,
		    unsigned long nr[NR_LRU_LISTS])
{
	struct zone_reclaim_stat *rs = &zone->reclaim_stat;
	unsigned long fraction[2] = { 0, 0 }, denominator = 1, ap, fp;
	enum scan_balance balance;
	/* revert-all-unreclaimable (6e543d5780e3): 3.11 forced the scan of a flagged zone */
	bool force_scan = current_is_kswapd(m) && !zone_reclaimable_decides(m, zone);
	bool some_scanned = false;

	if (!sc->may_swap || get_nr_swap_pages(m) <= 0) {
		balance = SCAN_FILE;
	} else if (!sc->priority) {
		balance = SCAN_EQUAL;
	} else {
		unsigned long zonefree = (unsigned long)zone_page_state(zone, NR_FREE_PAGES);
		unsigned long zonefile = (unsigned long)(zone_page_state(zone, NR_ACTIVE_FILE) +
							 zone_page_state(zone, NR_INACTIVE_FILE));

		if (zonefile + zonefree <= high_wmark_pages(zone))
			balance = SCAN_ANON;
		else if (!inactive_file_is_low(zone))
			balance = SCAN_FILE;
		else
			balance = SCAN_FRACT;
	}
	if (balance == SCAN_FRACT) {
		unsigned long anon = (unsigned long)(zone_page_state(zone, NR_ACTIVE_ANON) +
						     zone_page_state(zone, NR_INACTIVE_ANON));

		/* the only place the reclaim stats are read (the livelock proof's certificate) */
		watchdog_note_reclaim_stat(m, zone);
		unsigned long file = (unsigned long)(zone_page_state(zone, NR_ACTIVE_FILE) +
						     zone_page_state(zone, NR_INACTIVE_FILE));

		if (rs->recent_scanned[0] > anon / 4) {
			rs->recent_scanned[0] /= 2;
			rs->recent_rotated[0] /= 2;
		}
		if (rs->recent_scanned[1] > file / 4) {
			rs->recent_scanned[1] /= 2;
			rs->recent_rotated[1] /= 2;
		}
		ap = VM_SWAPPINESS * (rs->recent_scanned[0] + 1) / (rs->recent_rotated[0] + 1);
		fp = (200 - VM_SWAPPINESS) * (rs->recent_scanned[1] + 1) /
		     (rs->recent_rotated[1] + 1);
		fraction[0] = ap;
		fraction[1] = fp;
		denominator = ap + fp + 1;
	}
	for (int pass = 0; !some_scanned && pass < 2; pass++) {
		for (int lru = 0; lru < LRU_UNEVICTABLE; lru++) {
			int file = is_file_lru(lru);
			unsigned long size = (unsigned long)zone_page_state(zone,
						(enum zone_stat_item)(NR_LRU_BASE + lru));
			unsigned long scan = size >> sc->priority;

			if (!scan && pass && force_scan)
				scan = size < SWAP_CLUSTER_MAX ? size : SWAP_CLUSTER_MAX;
			switch (balance) {
			case SCAN_EQUAL:
				break;
			case SCAN_FRACT:
				scan = scan * fraction[file] / denominator;
				break;
			case SCAN_FILE:
			case SCAN_ANON:
				if ((balance == SCAN_FILE) != file)
					scan = 0;
				break;
			}
			nr[lru] = scan;
			some_scanned |= scan != 0;
		}
	}
}

static void shrink_lruvec(struct model *m, struct zone *zone, struct scan_control *sc)
{
	unsigned long nr[NR_LRU_LISTS] = { 0 }, targets[NR_LRU_LISTS];
	unsigned long nr_to_reclaim = sc->nr_to_reclaim, nr_reclaimed = 0;
	bool scan_adjusted;

	get_scan_count(m, zone, sc, nr);
	memcpy(targets, nr, sizeof(nr));
	/* direct reclaim at the first priority scans everything it was given */
	scan_adjusted = !current_is_kswapd(m) && sc->priority == DEF_PRIORITY;
	while ((nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) &&
	       !m->stopped) {
		unsigned long nr_anon, nr_file, percentage, nr_scanned;
		int lru;

		for (lru = 0; lru < LRU_UNEVICTABLE; lru++) {
			if (nr[lru]) {
				unsigned long n = nr[lru] < SWAP_CLUSTER_MAX ? nr[lru] : SWAP_CLUSTER_MAX;

				nr[lru] -= n;
				nr_reclaimed += shrink_list(m, lru, n, zone, sc);
			}
		}
		if (nr_reclaimed < nr_to_reclaim || scan_adjusted)
			continue;
		/* enough: scan the other type only in proportion to what was done */
		nr_file = nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE];
		nr_anon = nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON];
		if (!nr_file || !nr_anon)
			break;
		if (nr_file > nr_anon) {
			lru = LRU_INACTIVE_ANON;
			percentage = nr_anon * 100 / (targets[LRU_INACTIVE_ANON] +
						      targets[LRU_ACTIVE_ANON] + 1);
		} else {
			lru = LRU_INACTIVE_FILE;
			percentage = nr_file * 100 / (targets[LRU_INACTIVE_FILE] +
						      targets[LRU_ACTIVE_FILE] + 1);
		}
		nr[lru] = 0;
		nr[lru + 1] = 0;
		lru = lru == LRU_INACTIVE_FILE ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
		for (int k = 0; k < 2; k++, lru++) {
			nr_scanned = targets[lru] - nr[lru];
			nr[lru] = targets[lru] * (100 - percentage) / 100;
			nr[lru] -= nr[lru] < nr_scanned ? nr[lru] : nr_scanned;
		}
		scan_adjusted = true;
	}
	sc->nr_reclaimed += nr_reclaimed;
	/* the anon active/inactive balance is kept up whether or not anon was scanned */
	if (!m->stopped && inactive_anon_is_low(m, zone))
		shrink_active_list(m, SWAP_CLUSTER_MAX, zone, sc, LRU_ACTIVE_ANON);
}

bool in_reclaim_compaction(struct model *m, const struct scan_control *sc)
{
	return m->cfg.compaction && sc->order &&
	       (sc->order > PAGE_ALLOC_COSTLY_ORDER || sc->priority < DEF_PRIORITY - 2);
}

bool should_continue_reclaim(struct model *m, struct zone *zone, unsigned long nr_reclaimed,
			     unsigned long nr_scanned, struct scan_control *sc)
{
	unsigned long pages_for_compaction, inactive_lru_pages;

	if (!in_reclaim_compaction(m, sc) || m->stopped)
		return false;
	if (sc->gfp_mask & __GFP_REPEAT) {
		if (!nr_reclaimed && !nr_scanned)
			return false;
	} else if (!nr_reclaimed) {
		return false;
	}
	pages_for_compaction = 2ul << sc->order;
	inactive_lru_pages = (unsigned long)zone_page_state(zone, NR_INACTIVE_FILE);
	if (get_nr_swap_pages(m) > 0)
		inactive_lru_pages += (unsigned long)zone_page_state(zone, NR_INACTIVE_ANON);
	if (sc->nr_reclaimed < pages_for_compaction && inactive_lru_pages > pages_for_compaction)
		return true;
	switch (compaction_suitable(m, zone, sc->order, 0, 0)) {
	case COMPACT_PARTIAL:
	case COMPACT_CONTINUE:
		return false;
	default:
		return true;
	}
}

static bool shrink_zone(struct model *m, struct zone *zone, struct scan_control *sc)
{
	unsigned long reclaimed_before, scanned_before, reclaimed, enough = 2ul << sc->order;
	bool reclaimable = false;
	int slot = -1;

	/*
	 * The kernel bounds this loop only by reclaim running dry: while each
	 * pass frees a page and compaction is not yet suitable, it goes round
	 * again (other CPUs taking what it frees keep it going).  The watchdog
	 * judges it like the allocator's own loops.
	 */
	for (;;) {
		reclaimed_before = sc->nr_reclaimed;
		scanned_before = sc->nr_scanned;
		shrink_lruvec(m, zone, sc);
		reclaimed = sc->nr_reclaimed - reclaimed_before;
		if (reclaimed)
			reclaimable = true;
		if (!should_continue_reclaim(m, zone, reclaimed, sc->nr_scanned - scanned_before, sc))
			break;
		if (slot < 0)
			slot = watchdog_enter(m, LOOP_SHRINK_ZONE);
		m->alloc_path |= 1u << m->trace.label;
		watchdog_progress(m, slot, reclaimed, PR_CONTINUE_RECLAIM);
		/* sc->nr_reclaimed only meets 2 << order: saturated there */
		if (watchdog_round(m, slot, sc->nr_reclaimed < enough ? sc->nr_reclaimed : enough))
			break;
	}
	if (slot >= 0)
		watchdog_exit(m, slot);
	return reclaimable;
}

/*
 * compaction_ready: true when reclaim for a high-order request can stop in
 * this zone, because it has enough free pages (above the high mark plus the
 * balance gap and 2 << order) for compaction to work with, or for the
 * allocation to succeed outright; false if compaction_suitable() says it
 * would be skipped.
 */
static bool compaction_ready(struct model *m, struct zone *zone, int order)
{
	unsigned long gap = (zone->managed_pages + KSWAPD_ZONE_BALANCE_GAP_RATIO - 1) /
			    KSWAPD_ZONE_BALANCE_GAP_RATIO;
	unsigned long balance_gap = low_wmark_pages(zone) < gap ? low_wmark_pages(zone) : gap;
	unsigned long watermark = high_wmark_pages(zone) + balance_gap + (2ul << order);
	bool watermark_ok = zone_watermark_ok_safe(zone, 0, watermark, 0, 0);

	if (compaction_deferred(m, zone, order))
		return watermark_ok;
	if (compaction_suitable(m, zone, order, 0, 0) == COMPACT_SKIPPED)
		return false;
	return watermark_ok;
}

static bool shrink_zones(struct model *m, struct zonelist *zonelist, struct scan_control *sc)
{
	int requested_highidx = gfp_zone(m, sc->gfp_mask);
	bool reclaimable = false;

	for (int i = 0; i < zonelist->nr && !m->stopped; i++) {
		const struct zoneref *zr = &zonelist->_zonerefs[i];
		struct zone *zone = model_zone(m, zr->node, zr->zone_idx);

		if (zr->zone_idx > requested_highidx)
			continue;
		if (sc->nodemask && !(*sc->nodemask & (1u << zr->node)))
			continue;
		if (!populated_zone(zone))
			continue;
		if (!cpuset_zone_allowed(m, zone, GFP_KERNEL | __GFP_HARDWALL))
			continue;
		/* revert-all-unreclaimable (6e543d5780e3): 3.11 skipped flagged zones */
		if (sc->priority != DEF_PRIORITY && !zone_reclaimable_decides(m, zone))
			continue;	/* unreclaimable, past the first priority: left to kswapd */
		if (m->cfg.compaction && sc->order > PAGE_ALLOC_COSTLY_ORDER &&
		    zr->zone_idx <= requested_highidx && compaction_ready(m, zone, sc->order)) {
			sc->compaction_ready = true;
			continue;
		}
		if (shrink_zone(m, zone, sc))
			reclaimable = true;
		/* revert-all-unreclaimable (6e543d5780e3): 3.11's all_unreclaimable() read the flags */
		if (!reclaimable && zone_reclaimable_decides(m, zone))
			reclaimable = true;
	}
	return reclaimable;
}

/*
 * do_try_to_free_pages: priorities 12..0 until SWAP_CLUSTER_MAX pages are
 * reclaimed.  The era's rule: with nothing reclaimed it still returns 1 if
 * compaction is ready or any zone is still reclaimable; only then 0.
 */
static unsigned long do_try_to_free_pages(struct model *m, struct zonelist *zonelist,
					  struct scan_control *sc)
{
	int initial_priority = sc->priority;
	unsigned long total_scanned = 0;
	bool zones_reclaimable;

retry:
	count_vm_events(m, ALLOCSTALL, 1);
	do {
		sc->nr_scanned = 0;
		zones_reclaimable = shrink_zones(m, zonelist, sc);
		total_scanned += sc->nr_scanned;
		if (sc->nr_reclaimed >= sc->nr_to_reclaim || m->stopped)
			break;
		if (sc->compaction_ready)
			break;
		/* from priority DEF_PRIORITY - 3 on, pages are written out, laptop mode or not */
		if (sc->priority < DEF_PRIORITY - 2)
			sc->may_writepage = true;
		/* scanned over 1.5 x the goal: the flusher writes as many (all in laptop mode) */
		if (total_scanned > sc->nr_to_reclaim + sc->nr_to_reclaim / 2) {
			wakeup_flusher_threads(m, m->cfg.laptop_mode ? 0 : total_scanned);
			sc->may_writepage = true;
		}
	} while (--sc->priority >= 0);

	if (sc->nr_reclaimed) {
		m->reclaim_progress_reason = PR_RECLAIMED;
		return sc->nr_reclaimed;
	}
	/* reclaim stopped because compaction can run: report progress, not a failure */
	if (sc->compaction_ready) {
		m->reclaim_progress_reason = PR_COMPACTION_READY;
		return 1;
	}
	/* v4.2 goes round again with may_thrash, for memcg low limits (the model has no memcg) */
	if (!sc->may_thrash && !m->stopped) {
		sc->priority = initial_priority;
		sc->may_thrash = true;
		goto retry;
	}
	/*
	 * Nothing reclaimed, but some zone still passes zone_reclaimable():
	 * v4.2 reports progress so that the caller does not go to the OOM
	 * killer yet.  patch oom-detection-rework (0a0337e0d1d1): gone;
	 * should_reclaim_retry weighs reclaimable pages instead.
	 */
	if (zones_reclaimable && !patch_on(m, PATCH_OOM_DETECTION_REWORK)) {
		m->reclaim_progress_reason = PR_ZONE_RECLAIMABLE;
		return 1;
	}
	m->reclaim_progress_reason = PR_NONE;
	return 0;
}

static bool pfmemalloc_watermark_ok(struct model *m, struct pglist_data *pgdat,
				    unsigned long *pfree, unsigned long *preserve)
{
	unsigned long reserve = 0, free_pages = 0;

	for (int i = 0; i <= ZONE_NORMAL; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!populated_zone(zone))
			continue;
		/*
		 * A zone with nothing to reclaim has no reserve kswapd could
		 * refill.  patch revert-pfmemalloc-node (reverts "mm: vmscan: do
		 * not throttle based on pfmemalloc reserves if node has no
		 * reclaimable pages", v4.2-rc1): counted all the same.
		 */
		if (!patch_on(m, PATCH_REVERT_PFMEMALLOC_NODE) && zone_reclaimable_pages(m, zone) == 0)
			continue;
		reserve += min_wmark_pages(zone);
		free_pages += (unsigned long)zone_page_state(zone, NR_FREE_PAGES);
	}
	*pfree = free_pages;
	*preserve = reserve;
	if (!reserve)
		return true;
	if (free_pages > reserve / 2)
		return true;
	/* throttled tasks wait for kswapd: wake it, for the lowmem zones at most */
	if (pgdat->kswapd_waiting) {
		if (pgdat->classzone_idx > ZONE_NORMAL)
			pgdat->classzone_idx = ZONE_NORMAL;
		pgdat->kswapd_waiting = false;
		pgdat->kswapd_woken = true;
	}
	return false;
}

/*
 * throttle_direct_reclaim: a user task waits for kswapd while the first
 * node's lowmem free pages are below half its min reserves.  True when the
 * task was sent a fatal signal while it waited: reclaim then reports 1.
 */
static bool throttle_direct_reclaim(struct model *m, gfp_t gfp_mask, struct zonelist *zonelist,
				    nodemask_t *nodemask)
{
	struct pglist_data *pgdat;
	struct zone *zone;
	unsigned long free_pages, reserve;
	bool fatal;

	if (current_task(m)->flags & PF_KTHREAD)
		return false;
	/* a task already killed goes on, to exit and free its memory */
	if (fatal_signal_pending(m))
		return false;
	/* the node of the zonelist's first allowed lowmem zone decides */
	zone = first_zones_zonelist(m, zonelist, ZONE_NORMAL, nodemask, NULL);
	if (!zone)
		return false;
	pgdat = &m->node[zone->node];
	if (pfmemalloc_watermark_ok(m, pgdat, &free_pages, &reserve))
		return false;
	/* wait (killable; a !FS caller waits HZ at most) for kswapd */
	if (!(gfp_mask & __GFP_FS))
		schedule_timeout_uninterruptible(m, 1);
	else
		schedule_timeout_killable(m, 1);
	fatal = fatal_signal_pending(m);
	TRACE(m, EV_THROTTLE, pgdat->node_id, (int64_t)free_pages, (int64_t)reserve, fatal);
	return fatal;
}

static gfp_t memalloc_noio_flags(struct model *m, gfp_t gfp)
{
	if (current_task(m)->flags & PF_MEMALLOC_NOIO)
		gfp &= ~(__GFP_IO | __GFP_FS);
	return gfp;
}

unsigned long try_to_free_pages(struct model *m, struct zonelist *zonelist, int order,
				gfp_t gfp_mask, nodemask_t *nodemask)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = memalloc_noio_flags(m, gfp_mask),
		.order = order,
		.nodemask = nodemask,
		.priority = DEF_PRIORITY,
		.may_writepage = !m->cfg.laptop_mode,
		.may_unmap = true,
		.may_swap = true,
	};
	unsigned long nr_reclaimed;

	if (throttle_direct_reclaim(m, sc.gfp_mask, zonelist, nodemask)) {
		m->reclaim_progress_reason = PR_RECLAIMED;
		return 1;
	}
	TRACE(m, EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN, order, sc.may_writepage, sc.gfp_mask);
	nr_reclaimed = do_try_to_free_pages(m, zonelist, &sc);
	TRACE(m, EV_MM_VMSCAN_DIRECT_RECLAIM_END, (int64_t)nr_reclaimed, m->reclaim_progress_reason);
	return nr_reclaimed;
}

/* ---- kswapd ---------------------------------------------------------------------- */

static bool zone_balanced(struct model *m, struct zone *zone, int order, unsigned long balance_gap,
			  int classzone_idx)
{
	if (!zone_watermark_ok_safe(zone, (unsigned)order, high_wmark_pages(zone) + balance_gap,
				    classzone_idx, 0))
		return false;
	if (m->cfg.compaction && order &&
	    compaction_suitable(m, zone, order, 0, classzone_idx) == COMPACT_SKIPPED)
		return false;
	return true;
}

/*
 * pgdat_balanced: every zone up to classzone_idx balanced for order 0; for
 * a high order, a quarter of the node's pages in balanced zones.  Zones no
 * longer reclaimable count as balanced: that is how kswapd gives up.
 */
static bool pgdat_balanced(struct model *m, struct pglist_data *pgdat, int order, int classzone_idx)
{
	unsigned long managed = 0, balanced = 0;

	for (int i = 0; i <= classzone_idx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!populated_zone(zone))
			continue;
		managed += zone->managed_pages;
		/* revert-all-unreclaimable (6e543d5780e3): a flagged zone counted as balanced */
		if (!zone_reclaimable_decides(m, zone)) {
			balanced += zone->managed_pages;
			continue;
		}
		if (zone_balanced(m, zone, order, 0, i))
			balanced += zone->managed_pages;
		else if (!order)
			return false;
	}
	if (order)
		return balanced >= (managed >> 2);
	return true;
}

static bool kswapd_shrink_zone(struct model *m, struct zone *zone, int classzone_idx,
			       struct scan_control *sc, unsigned long *nr_attempted)
{
	int testorder = sc->order;
	unsigned long gap = (zone->managed_pages + KSWAPD_ZONE_BALANCE_GAP_RATIO - 1) /
			    KSWAPD_ZONE_BALANCE_GAP_RATIO;
	unsigned long balance_gap = low_wmark_pages(zone) < gap ? low_wmark_pages(zone) : gap;

	/* the goal: the high mark's worth of pages, at least SWAP_CLUSTER_MAX */
	sc->nr_to_reclaim = high_wmark_pages(zone) > SWAP_CLUSTER_MAX ? high_wmark_pages(zone) :
			    SWAP_CLUSTER_MAX;
	/*
	 * With compaction built in and able to run here, kswapd balances the
	 * zone for order 0 and leaves the high order to compaction.
	 */
	if (m->cfg.compaction && sc->order &&
	    compaction_suitable(m, zone, sc->order, 0, classzone_idx) != COMPACT_SKIPPED)
		testorder = 0;
	if (zone_balanced(m, zone, testorder, balance_gap, classzone_idx))
		return true;
	shrink_zone(m, zone, sc);
	*nr_attempted += sc->nr_to_reclaim;
	/*
	 * patch revert-all-unreclaimable (reverts 6e543d5780e3): only kswapd
	 * flags a zone, after a pass that left it unreclaimable (3.11 also
	 * asked that slab shrinkers freed nothing: the model has none)
	 */
	if (patch_on(m, PATCH_REVERT_ALL_UNRECLAIMABLE) && !zone_reclaimable(m, zone) &&
	    !test_bit_zone(zone, ZONE_ALL_UNRECLAIMABLE)) {
		set_bit_zone(zone, ZONE_ALL_UNRECLAIMABLE);
		TRACE(m, EV_ALL_UNRECLAIMABLE, zone->node, zone->idx, 1,
		      zone_page_state(zone, NR_PAGES_SCANNED),
		      (int64_t)zone_reclaimable_pages(m, zone));
	}
	clear_bit_zone(zone, ZONE_WRITEBACK);
	if (zone_reclaimable_decides(m, zone) && zone_balanced(m, zone, testorder, 0, classzone_idx)) {
		clear_bit_zone(zone, ZONE_CONGESTED);
		clear_bit_zone(zone, ZONE_DIRTY);
	}
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/*
 * balance_pgdat: from DEF_PRIORITY down, find the highest zone that is not
 * balanced, shrink every zone up to it (DMA first), lower the priority when
 * the scan rate was low or nothing was reclaimed; stop when the node is
 * balanced or at priority 1.  Returns the order it ended balancing for.
 */
static int balance_pgdat(struct model *m, struct pglist_data *pgdat, int order, int *classzone_idx)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.priority = DEF_PRIORITY,
		.may_writepage = !m->cfg.laptop_mode,
		.may_unmap = true,
		.may_swap = true,
	};
	int end_zone = 0;

	count_vm_events(m, PAGEOUTRUN, 1);
	do {
		unsigned long nr_attempted = 0;
		bool raise_priority = true;
		int i;

		sc.nr_reclaimed = 0;
		/* from the top zone down, find the first one not balanced: end_zone */
		for (i = pgdat->nr_zones - 1; i >= 0; i--) {
			struct zone *zone = &pgdat->node_zones[i];

			if (!populated_zone(zone))
				continue;
			/* revert-all-unreclaimable (6e543d5780e3): 3.11 skipped flagged zones */
			if (sc.priority != DEF_PRIORITY && !zone_reclaimable_decides(m, zone))
				continue;
			/* age_active_anon */
			if (inactive_anon_is_low(m, zone))
				shrink_active_list(m, SWAP_CLUSTER_MAX, zone, &sc, LRU_ACTIVE_ANON);
			if (!zone_balanced(m, zone, order, 0, 0)) {
				end_zone = i;
				break;
			}
			/* a balanced zone drops its ZONE_CONGESTED and ZONE_DIRTY marks */
			clear_bit_zone(zone, ZONE_CONGESTED);
			clear_bit_zone(zone, ZONE_DIRTY);
		}
		if (i < 0 || m->stopped)
			break;
		if (sc.priority < DEF_PRIORITY - 2)
			sc.may_writepage = true;
		for (i = 0; i <= end_zone && !m->stopped; i++) {
			struct zone *zone = &pgdat->node_zones[i];

			if (!populated_zone(zone))
				continue;
			/* revert-all-unreclaimable (6e543d5780e3): 3.11 skipped flagged zones */
			if (sc.priority != DEF_PRIORITY && !zone_reclaimable_decides(m, zone))
				continue;
			sc.nr_scanned = 0;
			if (kswapd_shrink_zone(m, zone, end_zone, &sc, &nr_attempted))
				raise_priority = false;
		}
		/*
		 * 2 << order pages freed and the node still not balanced for the
		 * high order: fragmentation, which reclaim cannot fix.  kswapd
		 * balances for order 0 from here; the requester can compact.
		 */
		if (order && sc.nr_reclaimed >= 2ul << order)
			order = sc.order = 0;
		if (raise_priority || !sc.nr_reclaimed)
			sc.priority--;
	} while (sc.priority >= 1 && !m->stopped && !pgdat_balanced(m, pgdat, order, *classzone_idx));
	*classzone_idx = end_zone;
	return order;
}

/*
 * wakeup_kswapd: remember the largest order and lowest classzone asked
 * for, and wake the node's kswapd if it sleeps and the zone is not
 * balanced.
 */
void wakeup_kswapd(struct model *m, struct zone *zone, int order, int classzone_idx)
{
	struct pglist_data *pgdat;

	if (!populated_zone(zone))
		return;
	if (!cpuset_zone_allowed(m, zone, GFP_KERNEL | __GFP_HARDWALL))
		return;
	pgdat = &m->node[zone->node];
	if (pgdat->kswapd_max_order < order) {
		pgdat->kswapd_max_order = order;
		if (pgdat->classzone_idx > classzone_idx)
			pgdat->classzone_idx = classzone_idx;
	}
	if (!pgdat->kswapd_waiting)
		return;
	if (zone_balanced(m, zone, order, 0, 0))
		return;
	TRACE(m, EV_MM_VMSCAN_WAKEUP_KSWAPD, zone->node, zone->idx, order);
	pgdat->kswapd_waiting = false;
	pgdat->kswapd_woken = true;
}

/* kswapd's task: a kernel thread with PF_MEMALLOC | PF_KSWAPD, one per node. */
static int kswapd_task(struct model *m, int nid)
{
	int t = MODEL_MAX_TASKS - 1 - nid;
	struct task *task = &m->tasks[t];

	if (!task->in_use) {
		memset(task, 0, sizeof(*task));
		task->in_use = true;
		snprintf(task->name, sizeof(task->name), "kswapd%c", (char)('0' + nid));
		task->flags = PF_KTHREAD | PF_KSWAPD | PF_MEMALLOC;
		task->mems_allowed = 1u << nid;
		task->waiting_for = -1;
		task->nid = nid;
		task->mm = -1;
	}
	return t;
}

/*
 * One run of a woken kswapd: balance_pgdat for the order and classzone it
 * was woken for, then kswapd_try_to_sleep: asleep again if the node is
 * balanced (compaction skip bits reset as the era did), else it stays
 * awake and runs again at a later yield point.
 */
int model_kswapd_run(struct model *m, int nid)
{
	struct world *w = m->w;
	struct pglist_data *pgdat;
	int saved_current = m->current, saved_label = m->trace.label;
	int order, classzone_idx, t;

	if (nid < 0 || nid >= m->cfg.nr_nodes || m->stopped || !w || w->kswapd_running)
		return -EINVAL;
	pgdat = &m->node[nid];
	if (!pgdat->kswapd_woken)
		return 0;
	t = kswapd_task(m, nid);
	w->kswapd_running = true;
	w->kswapd_interrupted = saved_current;
	m->current = t;
	m->trace.label = L_KSWAPD;
	order = pgdat->kswapd_max_order;
	classzone_idx = pgdat->classzone_idx;
	pgdat->kswapd_max_order = 0;
	pgdat->classzone_idx = pgdat->nr_zones - 1;
	TRACE(m, EV_MM_VMSCAN_KSWAPD_WAKE, nid, order);
	order = balance_pgdat(m, pgdat, order, &classzone_idx);
	if (!m->stopped && pgdat_balanced(m, pgdat, order, classzone_idx)) {
		reset_isolation_suitable(m, pgdat);
		pgdat->kswapd_woken = false;
		pgdat->kswapd_waiting = true;
		TRACE(m, EV_MM_VMSCAN_KSWAPD_SLEEP, nid);
	} else {
		count_vm_events(m, KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
	}
	m->current = saved_current;
	m->trace.label = saved_label;
	w->kswapd_running = false;
	return 1;
}

/* ---- zone_reclaim ------------------------------------------------------------------ */

static unsigned long zone_pagecache_reclaimable(struct zone *zone)
{
	long file_lru = zone_page_state(zone, NR_INACTIVE_FILE) + zone_page_state(zone, NR_ACTIVE_FILE);
	long mapped = zone_page_state(zone, NR_FILE_MAPPED);
	long unmapped = file_lru > mapped ? file_lru - mapped : 0;
	long dirty = zone_page_state(zone, NR_FILE_DIRTY);

	/* zone_reclaim_mode without RECLAIM_WRITE: dirty pages cannot be reclaimed */
	return (unsigned long)(dirty < unmapped ? unmapped - dirty : 0);
}

static bool node_has_cpu(struct model *m, int nid)
{
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if (cpu * m->cfg.nr_nodes / m->cfg.nr_cpus == nid)
			return true;
	return false;
}

/* __zone_reclaim: unmapped page cache only (zone_reclaim_mode 1), priority 4 down. */
static int __zone_reclaim(struct model *m, struct zone *zone, gfp_t gfp_mask, unsigned order)
{
	struct task *t = current_task(m);
	unsigned long nr_pages = 1ul << order;
	uint32_t saved = t->flags;
	struct scan_control sc = {
		.nr_to_reclaim = nr_pages > SWAP_CLUSTER_MAX ? nr_pages : SWAP_CLUSTER_MAX,
		.gfp_mask = memalloc_noio_flags(m, gfp_mask),
		.order = (int)order,
		.priority = ZONE_RECLAIM_PRIORITY,
		.may_writepage = false,
		.may_unmap = false,
		.may_swap = true,
	};

	t->flags |= PF_MEMALLOC;
	if (zone_pagecache_reclaimable(zone) > zone->managed_pages / 100) {
		do {
			shrink_zone(m, zone, &sc);
		} while (sc.nr_reclaimed < nr_pages && --sc.priority >= 0 && !m->stopped);
	}
	t->flags = saved;
	return sc.nr_reclaimed >= nr_pages;
}

int zone_reclaim(struct model *m, struct zone *zone, gfp_t gfp, unsigned order)
{
	int ret;

	if (zone_pagecache_reclaimable(zone) <= zone->managed_pages / 100 &&
	    (unsigned long)zone_page_state(zone, NR_SLAB_RECLAIMABLE) <= zone->managed_pages * 5 / 100)
		return ZONE_RECLAIM_FULL;
	/* revert-all-unreclaimable (6e543d5780e3): 3.11 gave up on a flagged zone */
	if (!zone_reclaimable_decides(m, zone))
		return ZONE_RECLAIM_FULL;
	if (!(gfp & __GFP_WAIT) || (current_task(m)->flags & PF_MEMALLOC))
		return ZONE_RECLAIM_NOSCAN;
	if (node_has_cpu(m, zone->node) && zone->node != current_task(m)->nid)
		return ZONE_RECLAIM_NOSCAN;
	if (test_bit_zone(zone, ZONE_RECLAIM_LOCKED))
		return ZONE_RECLAIM_NOSCAN;
	set_bit_zone(zone, ZONE_RECLAIM_LOCKED);
	ret = __zone_reclaim(m, zone, gfp, order);
	clear_bit_zone(zone, ZONE_RECLAIM_LOCKED);
	return ret;
}
