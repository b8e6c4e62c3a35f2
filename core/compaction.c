// SPDX-License-Identifier: GPL-2.0
/*
 * compaction.c - direct compaction of v4.2 (mm/compaction.c): deferral,
 * compaction_suitable with the fragmentation index (mm/vmstat.c), and
 * try_to_compact_pages over the zonelist.
 *
 * The migrate scanner isolates LRU pages from the zone start, the free
 * scanner takes free pages from the zone end, and migrate_pages moves each
 * page through the world's migrate_page_move (page tables, page cache).
 */
#include "internal.h"

/* ---- deferral ------------------------------------------------------------- */

/*
 * compaction_deferred: after a failure, compaction of this order is skipped
 * for 1 << compact_defer_shift attempts.  [choice: CHOICE_COMPACT_DEFER,
 * default: the counters decide]
 */
bool compaction_deferred(struct model *m, struct zone *zone, int order)
{
	unsigned long defer_limit = 1ul << zone->compact_defer_shift;
	struct choice_query q = { .id = CHOICE_COMPACT_DEFER, .nr = 2, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = order, .task = m->current,
				  .pfn = PFN_NONE, .label = m->trace.label,
				  .zone = 1 + zone_id_of(zone) };
	struct defer_state before = defer_state_of(zone);
	bool deferred;

	if (choice_ask(m, &q) == 1)
		return true;
	if (order < zone->compact_order_failed) {
		check_compaction_deferral(m, zone, DEFER_CONSIDERED, order, &before);
		return false;
	}
	/* saturate at the limit, so the counter cannot wrap */
	if (++zone->compact_considered > defer_limit)
		zone->compact_considered = (unsigned)defer_limit;
	deferred = zone->compact_considered < defer_limit;
	if (deferred)
		TRACE(m, EV_MM_COMPACTION_DEFERRED, zone->node, zone->idx, order,
		      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
	check_compaction_deferral(m, zone, deferred ? DEFER_DEFERRED : DEFER_CONSIDERED, order,
				  &before);
	return deferred;
}

void defer_compaction(struct model *m, struct zone *zone, int order)
{
	struct defer_state before = defer_state_of(zone);

	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	TRACE(m, EV_MM_COMPACTION_DEFER_COMPACTION, zone->node, zone->idx, order,
	      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
	check_compaction_deferral(m, zone, DEFER_FAILED, order, &before);
}

void compaction_defer_reset(struct model *m, struct zone *zone, int order, bool alloc_success)
{
	struct defer_state before = defer_state_of(zone);

	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
	TRACE(m, EV_MM_COMPACTION_DEFER_RESET, zone->node, zone->idx, order,
	      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
	check_compaction_deferral(m, zone, alloc_success ? DEFER_RESET_ALLOC : DEFER_RESET, order,
				  &before);
}

/* ---- suitability ----------------------------------------------------------- */

/*
 * fragmentation_index (__fragmentation_index of mm/vmstat.c): -1000 when a
 * block of the order is free; 0 when nothing is free; else
 * 1000 - (1000 + free_pages * 1000 / requested) / free_blocks_total,
 * towards 0 when the failure is lack of memory, towards 1000 when it is
 * fragmentation.
 */
int fragmentation_index(struct model *m, struct zone *zone, unsigned order)
{
	unsigned long requested = 1ul << order;
	unsigned long free_pages = 0, free_blocks_total = 0, free_blocks_suitable = 0;

	for (unsigned o = 0; o < m->max_order; o++) {
		unsigned long blocks = (unsigned long)zone->free_area[o].nr_free;

		free_blocks_total += blocks;
		free_pages += blocks << o;
		if (o >= order)
			free_blocks_suitable += blocks << (o - order);
	}
	if (!free_blocks_total)
		return 0;
	if (free_blocks_suitable)
		return -1000;
	return (int)(1000 - ((1000 + free_pages * 1000 / requested) / free_blocks_total));
}

/*
 * compaction_suitable: PARTIAL if the watermark for the order is already
 * met; SKIPPED if there are not enough free pages to migrate into (low mark
 * + 2 << order at order 0), or if the fragmentation index says the failure
 * is lack of memory; else CONTINUE.
 */
int compaction_suitable(struct model *m, struct zone *zone, int order, int alloc_flags,
			int classzone_idx)
{
	unsigned long watermark;
	int fragindex, ret;

	if (order == -1) {
		ret = COMPACT_CONTINUE;
		goto out;
	}
	watermark = low_wmark_pages(zone);
	if (zone_watermark_ok(zone, (unsigned)order, watermark, classzone_idx, alloc_flags)) {
		ret = COMPACT_PARTIAL;
		goto out;
	}
	watermark += 2ul << order;
	if (!zone_watermark_ok(zone, 0, watermark, classzone_idx, alloc_flags)) {
		ret = COMPACT_SKIPPED;
		goto out;
	}
	fragindex = fragmentation_index(m, zone, (unsigned)order);
	if (fragindex >= 0 && fragindex <= m->cfg.extfrag_threshold) {
		ret = COMPACT_SKIPPED;
		goto out;
	}
	ret = COMPACT_CONTINUE;
out:
	TRACE(m, EV_MM_COMPACTION_SUITABLE, zone->node, zone->idx, order, ret);
	return ret;
}

/* ---- compacting a zone ------------------------------------------------------- */

#define COMPACT_CLUSTER_MAX	SWAP_CLUSTER_MAX

struct compact_control {
	uint32_t freepages;		/* list head: isolated free pages */
	uint32_t migratepages;		/* list head: pages to migrate */
	unsigned long nr_freepages;
	unsigned long nr_migratepages;
	unsigned long free_pfn;		/* isolate_freepages search base */
	unsigned long migrate_pfn;	/* isolate_migratepages search base */
	unsigned long last_migrated_pfn;
	enum migrate_mode mode;
	unsigned order;
	int alloc_flags;
	int classzone_idx;
	struct zone *zone;
	int contended;
	bool whole_zone;		/* the migrate scanner began at the zone's first pfn */
};

/*
 * Whether async compaction meets contention: zone->lock/lru_lock contended
 * or need_resched().  [choice: CHOICE_COMPACT_CONTENDED, default: neither]
 * Sync compaction only yields (cond_resched) and notices fatal signals.
 */
static bool compact_should_abort(struct model *m, struct compact_control *cc)
{
	struct choice_query q = { .id = CHOICE_COMPACT_CONTENDED, .nr = 3, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = (int)cc->order, .task = m->current,
				  .pfn = PFN_NONE, .label = m->trace.label,
				  .zone = 1 + zone_id_of(cc->zone) };
	unsigned a;

	if (cc->mode != MIGRATE_ASYNC) {
		cond_resched(m);
		return false;
	}
	a = choice_ask(m, &q);
	if (a == 1)
		cc->contended = COMPACT_CONTENDED_LOCK;
	else if (a == 2)
		cc->contended = COMPACT_CONTENDED_SCHED;
	return a != 0;
}

static bool migrate_async_suitable(int migratetype)
{
	return migratetype == MIGRATE_MOVABLE;
}

/* Returns the first page of a pageblock range if it lies wholly in the zone. */
static struct page *pageblock_pfn_to_page(struct model *m, unsigned long start_pfn,
					  unsigned long end_pfn, struct zone *zone)
{
	end_pfn--;
	if (!pfn_valid(m, start_pfn) || !pfn_valid(m, end_pfn))
		return NULL;
	if (!zone_spans_pfn(zone, start_pfn) || !zone_spans_pfn(zone, end_pfn))
		return NULL;
	return pfn_to_page(m, start_pfn);
}

static void update_pageblock_skip(struct model *m, struct compact_control *cc,
				  struct page *page, unsigned long nr_isolated, bool migrate_scanner)
{
	struct zone *zone = cc->zone;
	unsigned long pfn;

	if (!page || nr_isolated)
		return;
	pfn = page_to_pfn(m, page);
	set_pageblock_skip(m, pfn, true);
	/*
	 * Raise the cached restart points to this block: the migrate scanner's
	 * for async runs ([0]) always, for sync runs ([1]) only from a sync
	 * run; the free scanner's comes down to it.
	 */
	if (migrate_scanner) {
		if (pfn > zone->compact_cached_migrate_pfn[0])
			zone->compact_cached_migrate_pfn[0] = pfn;
		if (cc->mode != MIGRATE_ASYNC && pfn > zone->compact_cached_migrate_pfn[1])
			zone->compact_cached_migrate_pfn[1] = pfn;
	} else {
		if (pfn < zone->compact_cached_free_pfn)
			zone->compact_cached_free_pfn = pfn;
	}
}

/* Clears the skip bits of the zone (kswapd going to sleep, or a restart after deferral). */
static void __reset_isolation_suitable(struct model *m, struct zone *zone)
{
	unsigned long start_pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);

	zone->compact_cached_migrate_pfn[0] = start_pfn;
	zone->compact_cached_migrate_pfn[1] = start_pfn;
	zone->compact_cached_free_pfn = (end_pfn - 1) & ~(m->pageblock_nr_pages - 1);
	zone->compact_blockskip_flush = false;
	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn += m->pageblock_nr_pages)
		if (get_pageblock_skip(m, pfn))
			set_pageblock_skip(m, pfn, false);
}

/* kswapd going to sleep: zones whose skip bits compaction asked to flush are reset. */
void reset_isolation_suitable(struct model *m, struct pglist_data *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (populated_zone(zone) && zone->compact_blockskip_flush)
			__reset_isolation_suitable(m, zone);
	}
}

bool compaction_restarting(struct zone *zone, int order)
{
	if (order < zone->compact_order_failed)
		return false;
	return zone->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       zone->compact_considered >= 1u << zone->compact_defer_shift;
}

/*
 * isolate_freepages_block: take free blocks of one pageblock out of the
 * buddy as order-0 pages onto cc->freepages, until there are enough.
 */
static unsigned long isolate_freepages_block(struct model *m, struct compact_control *cc,
					     unsigned long *start_pfn, unsigned long end_pfn)
{
	unsigned long blockpfn = *start_pfn, total_isolated = 0, nr_scanned = 0;
	struct page *valid_page = NULL;

	for (; blockpfn < end_pfn; blockpfn++) {
		struct page *page = pfn_to_page(m, blockpfn);
		unsigned long isolated;

		if (!(blockpfn % SWAP_CLUSTER_MAX) && blockpfn != *start_pfn &&
		    compact_should_abort(m, cc))
			break;
		nr_scanned++;
		if (!valid_page)
			valid_page = page;
		if (!PageBuddy(page))
			continue;
		isolated = split_free_page(m, page);
		total_isolated += isolated;
		for (unsigned long i = 0; i < isolated; i++)
			list_add(m, (uint32_t)(blockpfn + i), cc->freepages);
		if (isolated) {
			cc->nr_freepages += isolated;
			if (cc->nr_migratepages <= cc->nr_freepages) {
				blockpfn += isolated;
				break;
			}
			blockpfn += isolated - 1;
		}
	}
	*start_pfn = blockpfn;
	if (blockpfn == end_pfn)
		update_pageblock_skip(m, cc, valid_page, total_isolated, false);
	count_vm_events(m, COMPACTFREE_SCANNED, (long)nr_scanned);
	charge_work(m, nr_scanned);
	count_vm_events(m, COMPACTISOLATED, (long)total_isolated);
	return total_isolated;
}

static bool suitable_migration_target(struct model *m, struct page *page)
{
	/* a free block of a pageblock or more is worth more whole than as a migration target */
	if (PageBuddy(page) && page_order(page) >= m->pageblock_order)
		return false;
	return migrate_async_suitable(get_pageblock_migratetype(m, page));
}

/* isolate_freepages: the free scanner, from the zone end downwards, pageblock by pageblock. */
static void isolate_freepages(struct model *m, struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	unsigned long nr = m->pageblock_nr_pages;
	unsigned long isolate_start_pfn = cc->free_pfn;
	long block_start_pfn = (long)(cc->free_pfn & ~(nr - 1));
	unsigned long block_end_pfn = (unsigned long)block_start_pfn + nr;
	unsigned long low_pfn = (cc->migrate_pfn + nr) & ~(nr - 1);

	if (block_end_pfn > zone_end_pfn(zone))
		block_end_pfn = zone_end_pfn(zone);
	for (; block_start_pfn >= (long)low_pfn && cc->nr_migratepages > cc->nr_freepages;
	     block_end_pfn = (unsigned long)block_start_pfn, block_start_pfn -= (long)nr,
	     isolate_start_pfn = (unsigned long)block_start_pfn) {
		struct page *page;

		if (!((unsigned long)block_start_pfn % (SWAP_CLUSTER_MAX * nr)) &&
		    compact_should_abort(m, cc))
			break;
		page = pageblock_pfn_to_page(m, (unsigned long)block_start_pfn, block_end_pfn, zone);
		if (!page || !suitable_migration_target(m, page))
			continue;
		if (get_pageblock_skip(m, (unsigned long)block_start_pfn))
			continue;
		isolate_freepages_block(m, cc, &isolate_start_pfn, block_end_pfn);
		/*
		 * The free scanner's next start: the pfn isolate_freepages_block()
		 * stopped at if it stopped inside this pageblock, else the
		 * pageblock below.
		 */
		cc->free_pfn = isolate_start_pfn < block_end_pfn ? isolate_start_pfn :
			       (unsigned long)block_start_pfn - nr;
		if (cc->contended)
			break;
	}
	/*
	 * Ran down to the migrate scanner: put free_pfn on migrate_pfn, so that
	 * compact_finished() sees the scanners have met and ends the run.
	 */
	if (block_start_pfn < (long)low_pfn)
		cc->free_pfn = cc->migrate_pfn;
}

enum isolate_migrate_t { ISOLATE_ABORT, ISOLATE_NONE, ISOLATE_SUCCESS };

/*
 * isolate_migratepages_block: isolate up to COMPACT_CLUSTER_MAX LRU pages
 * of one pageblock.  Returns the pfn where scanning stopped, 0 to abort.
 */
static unsigned long isolate_migratepages_block(struct model *m, struct compact_control *cc,
						unsigned long low_pfn, unsigned long end_pfn)
{
	unsigned long nr_scanned = 0, nr_isolated = 0;
	struct page *valid_page = NULL;

	if (compact_should_abort(m, cc))
		return 0;
	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page;

		if (!(low_pfn % SWAP_CLUSTER_MAX) && nr_scanned && compact_should_abort(m, cc))
			break;
		nr_scanned++;
		page = pfn_to_page(m, low_pfn);
		if (!valid_page)
			valid_page = page;
		if (PageBuddy(page)) {
			unsigned order = page_order(page);

			if (order > 0 && order < m->max_order)
				low_pfn += (1ul << order) - 1;
			continue;
		}
		if (!PageLRU(page))
			continue;
		/*
		 * A page with no page_mapping and more references than mappings
		 * is pinned (get_user_pages): migrate_pages could only fail on
		 * it, so it is not isolated.
		 */
		if (!page_mapping_set(page) && page_count(page) > page_mapcount(page))
			continue;
		/* ISOLATE_ASYNC_MIGRATE: no writeback pages in async mode */
		if (cc->mode == MIGRATE_ASYNC && PageWriteback(page))
			continue;
		if (isolate_lru_page(m, page) != 0)
			continue;
		list_add(m, (uint32_t)low_pfn, cc->migratepages);
		cc->nr_migratepages++;
		nr_isolated++;
		if (cc->nr_migratepages == COMPACT_CLUSTER_MAX) {
			++low_pfn;
			break;
		}
	}
	if (low_pfn > end_pfn)
		low_pfn = end_pfn;
	if (low_pfn == end_pfn)
		update_pageblock_skip(m, cc, valid_page, nr_isolated, true);
	count_vm_events(m, COMPACTMIGRATE_SCANNED, (long)nr_scanned);
	charge_work(m, nr_scanned);
	count_vm_events(m, COMPACTISOLATED, (long)nr_isolated);
	return low_pfn;
}

static enum isolate_migrate_t isolate_migratepages(struct model *m, struct compact_control *cc)
{
	unsigned long nr = m->pageblock_nr_pages;
	unsigned long low_pfn = cc->migrate_pfn;
	unsigned long end_pfn = (low_pfn + nr) & ~(nr - 1);

	for (; end_pfn <= cc->free_pfn; low_pfn = end_pfn, end_pfn += nr) {
		struct page *page;

		if (!(low_pfn % (SWAP_CLUSTER_MAX * nr)) && compact_should_abort(m, cc))
			break;
		page = pageblock_pfn_to_page(m, low_pfn, end_pfn, cc->zone);
		if (!page)
			continue;
		if (get_pageblock_skip(m, low_pfn))
			continue;
		/* an async run looks only at pageblocks migrate_async_suitable() accepts */
		if (cc->mode == MIGRATE_ASYNC &&
		    !migrate_async_suitable(get_pageblock_migratetype(m, page)))
			continue;
		low_pfn = isolate_migratepages_block(m, cc, low_pfn, end_pfn);
		if (!low_pfn || cc->contended)
			return ISOLATE_ABORT;
		break;
	}
	cc->migrate_pfn = end_pfn <= cc->free_pfn ? low_pfn : cc->free_pfn;
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* compaction_alloc: the next isolated free page, isolating more when empty. */
static struct page *compaction_alloc(struct model *m, struct compact_control *cc)
{
	uint32_t pfn;

	if (list_empty(m, cc->freepages)) {
		if (!cc->contended)
			isolate_freepages(m, cc);
		if (list_empty(m, cc->freepages))
			return NULL;
	}
	pfn = list_first(m, cc->freepages);
	list_del(m, pfn);
	cc->nr_freepages--;
	return pfn_to_page(m, pfn);
}

static void compaction_free(struct model *m, struct compact_control *cc, struct page *page)
{
	list_add(m, (uint32_t)page_to_pfn(m, page), cc->freepages);
	cc->nr_freepages++;
}

static void putback_movable_pages(struct model *m, uint32_t list)
{
	while (!list_empty(m, list)) {
		uint32_t pfn = list_first(m, list);

		list_del(m, pfn);
		putback_lru_page(m, pfn_to_page(m, pfn));
	}
}

static unsigned long release_freepages(struct model *m, uint32_t list)
{
	unsigned long count = 0;

	while (!list_empty(m, list)) {
		uint32_t pfn = list_first(m, list);

		list_del(m, pfn);
		__free_pages(m, pfn_to_page(m, pfn), 0);
		count++;
	}
	return count;
}

/*
 * unmap_and_move: one page to a new one.  [choice: CHOICE_MIGRATE_PAGE,
 * default: as the model decides] - the model refuses pinned pages (extra
 * references: -EAGAIN) and, outside MIGRATE_SYNC, pages under writeback
 * (-EBUSY); an injected answer fails it as a racing reference or lock would.
 */
static int unmap_and_move(struct model *m, struct compact_control *cc, struct page *page)
{
	struct choice_query q = { .id = CHOICE_MIGRATE_PAGE, .nr = 3, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = (int)cc->order, .task = m->current,
				  .pfn = (uint32_t)page_to_pfn(m, page), .label = m->trace.label,
				  .zone = 1 + page_zone_id(page) };
	struct page *newpage;
	unsigned a;
	int rc;

	newpage = compaction_alloc(m, cc);
	if (!newpage)
		return -12;	/* -ENOMEM */
	a = choice_ask(m, &q);
	if (a == 1)
		rc = -11;	/* -EAGAIN */
	else if (a == 2)
		rc = -16;	/* -EBUSY */
	else if (PageWriteback(page) && cc->mode != MIGRATE_SYNC)
		rc = -16;
	else
		rc = migrate_page_move(m, page, newpage);
	if (rc == -11) {
		compaction_free(m, cc, newpage);
		return rc;		/* stays on the list for the next pass */
	}
	list_del(m, (uint32_t)page_to_pfn(m, page));
	if (rc == 0) {
		page_owner_alloc(m, newpage, 0, SITE_MIGRATE);
		putback_lru_page(m, newpage);
		cc->last_migrated_pfn = page_to_pfn(m, page);
	} else {
		compaction_free(m, cc, newpage);
	}
	/* the old page goes back: on failure to its LRU, on success to the allocator */
	putback_lru_page(m, page);
	return rc;
}

/* migrate_pages: up to 10 passes; -EAGAIN pages are retried, others fail for good. */
static int migrate_pages(struct model *m, struct compact_control *cc)
{
	unsigned long nr_succeeded = 0, nr_failed = 0;
	int retry = 1, rc = 0;

	for (int pass = 0; pass < 10 && retry; pass++) {
		uint32_t pos, next;

		retry = 0;
		for (pos = list_first(m, cc->migratepages); pos != cc->migratepages; pos = next) {
			next = pl(m, pos)->next;
			cond_resched(m);
			rc = unmap_and_move(m, cc, pfn_to_page(m, pos));
			if (rc == -12)
				goto out;
			if (rc == -11)
				retry++;
			else if (rc == 0)
				nr_succeeded++;
			else
				nr_failed++;
		}
	}
	rc = (int)(nr_failed + (unsigned long)retry);
out:
	count_vm_events(m, PGMIGRATE_SUCCESS, (long)nr_succeeded);
	count_vm_events(m, PGMIGRATE_FAIL, (long)nr_failed);
	TRACE(m, EV_MM_MIGRATE_PAGES, (int64_t)nr_succeeded, (int64_t)nr_failed,
	      cc->mode != MIGRATE_ASYNC);
	return rc;
}

static int compact_finished(struct model *m, struct zone *zone, struct compact_control *cc,
			    int migratetype)
{
	unsigned long nr = m->pageblock_nr_pages;

	if (cc->contended || fatal_signal_pending(m))
		return COMPACT_PARTIAL;
	/* the free scanner's pageblock is at or below the migrate scanner's: they have met */
	if (cc->free_pfn / nr <= cc->migrate_pfn / nr) {
		/* the next run starts at the zone's two ends again */
		zone->compact_cached_migrate_pfn[0] = zone->zone_start_pfn;
		zone->compact_cached_migrate_pfn[1] = zone->zone_start_pfn;
		zone->compact_cached_free_pfn = zone_end_pfn(zone);
		/* a direct compactor asks kswapd to clear the skip bits when it next sleeps */
		if (!(current_task(m)->flags & PF_KSWAPD))
			zone->compact_blockskip_flush = true;
		return COMPACT_COMPLETE;
	}
	/* below the low mark at this order: keep going */
	if (!zone_watermark_ok(zone, cc->order, low_wmark_pages(zone), cc->classzone_idx,
			       cc->alloc_flags))
		return COMPACT_CONTINUE;
	/* the mark is met: stop once some free block of the order or larger is usable */
	for (unsigned order = cc->order; order < m->max_order; order++) {
		struct free_area *area = &zone->free_area[order];
		bool can_steal;

		/* one on the request's own list */
		if (!list_empty(m, area->free_list[migratetype]))
			return COMPACT_PARTIAL;
		/* or one __rmqueue_fallback would take from another type's list */
		if (find_suitable_fallback(m, area, order, migratetype, true, &can_steal) != -1)
			return COMPACT_PARTIAL;
	}
	return COMPACT_CONTINUE;
}

static int compact_zone(struct model *m, struct zone *zone, struct compact_control *cc,
			int migratetype)
{
	unsigned long start_pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);
	bool sync = cc->mode != MIGRATE_ASYNC;
	int ret = compaction_suitable(m, zone, (int)cc->order, cc->alloc_flags, cc->classzone_idx);

	if (ret == COMPACT_PARTIAL || ret == COMPACT_SKIPPED)
		return ret;
	/*
	 * The first run after a full deferral (compaction_restarting) scans
	 * the zone afresh: the skip bits from the failed runs are cleared.
	 * kswapd leaves them, since it clears them anyway when it sleeps.
	 */
	if (compaction_restarting(zone, (int)cc->order) && !(current_task(m)->flags & PF_KSWAPD))
		__reset_isolation_suitable(m, zone);
	cc->zone = zone;
	cc->migrate_pfn = zone->compact_cached_migrate_pfn[sync];
	cc->free_pfn = zone->compact_cached_free_pfn;
	if (cc->free_pfn < start_pfn || cc->free_pfn > end_pfn) {
		cc->free_pfn = (end_pfn - 1) & ~(m->pageblock_nr_pages - 1);
		zone->compact_cached_free_pfn = cc->free_pfn;
	}
	if (cc->migrate_pfn < start_pfn || cc->migrate_pfn > end_pfn) {
		cc->migrate_pfn = start_pfn;
		zone->compact_cached_migrate_pfn[0] = cc->migrate_pfn;
		zone->compact_cached_migrate_pfn[1] = cc->migrate_pfn;
	}
	cc->whole_zone = cc->migrate_pfn == start_pfn;
	TRACE(m, EV_MM_COMPACTION_BEGIN, (int64_t)start_pfn, (int64_t)cc->migrate_pfn,
	      (int64_t)cc->free_pfn, (int64_t)end_pfn, sync);
	cc->freepages = scratch_head_get(m);
	cc->migratepages = scratch_head_get(m);

	while ((ret = compact_finished(m, zone, cc, migratetype)) == COMPACT_CONTINUE) {
		int err;

		if (m->stopped) {
			ret = COMPACT_PARTIAL;
			break;
		}
		switch (isolate_migratepages(m, cc)) {
		case ISOLATE_ABORT:
			ret = COMPACT_PARTIAL;
			putback_movable_pages(m, cc->migratepages);
			cc->nr_migratepages = 0;
			goto out;
		case ISOLATE_NONE:
			goto check_drain;
		case ISOLATE_SUCCESS:
			break;
		}
		err = migrate_pages(m, cc);
		/* the migrated pages left the list; those that failed go back just below */
		cc->nr_migratepages = 0;
		if (err) {
			putback_movable_pages(m, cc->migratepages);
			/*
			 * -ENOMEM: no free page to migrate into.  If the scanners have
			 * met, compact_finished() says so next; otherwise the run ends.
			 */
			if (err == -12 && cc->free_pfn > cc->migrate_pfn) {
				ret = COMPACT_PARTIAL;
				goto out;
			}
		}
check_drain:
		/*
		 * Once the migrate scanner has left the cc->order aligned block
		 * it last migrated pages out of, that block will get no more
		 * frees: drain this CPU's lists so the pages just freed reach the
		 * buddy, merge, and count in compact_finished()'s next test.
		 */
		if (cc->order > 0 && cc->last_migrated_pfn) {
			unsigned long current_block_start = cc->migrate_pfn & ~((1ul << cc->order) - 1);

			if (cc->last_migrated_pfn < current_block_start) {
				drain_local_pages(m, zone);
				cc->last_migrated_pfn = 0;
			}
		}
	}
out:
	cc->nr_freepages -= release_freepages(m, cc->freepages);
	/* VM_BUG_ON in the kernel: the count kept of isolated free pages was the list's */
	if (DEBUG >= 1)
		MODEL_BUG_ON(m, cc->nr_freepages != 0);
	scratch_head_put(m, cc->freepages);
	scratch_head_put(m, cc->migratepages);
	/* the cached free-scanner start only moves down, towards the migrate scanner */
	if (cc->free_pfn < zone->compact_cached_free_pfn)
		zone->compact_cached_free_pfn = cc->free_pfn;
	TRACE(m, EV_MM_COMPACTION_END, ret);
	return ret;
}

/*
 * try_to_compact_pages: compact each zone of the zonelist that is not
 * deferred; stop at the first zone that then meets its watermark.  A sync
 * run that completed without success defers that zone.  *contended is
 * set only if every zone that was compacted met contention.
 */
/*
 * patch oom-detection-rework (0a0337e0d1d1): would some zone of the
 * request pass v4.7's __compaction_suitable if reclaim went on?  Against
 * free pages plus a 1/order share of the reclaimable ones: the order's low
 * mark already met on real free pages (v4.4's order rule), or the order-0
 * low mark + 2^(order+1) met and the fragmentation index outside [0,
 * extfrag_threshold].
 */
bool compaction_zonelist_suitable(struct model *m, const struct alloc_context *ac, int order,
				  int alloc_flags)
{
	for (int i = 0; i < ac->zonelist->nr; i++) {
		const struct zoneref *zr = &ac->zonelist->_zonerefs[i];
		struct zone *zone = model_zone(m, zr->node, zr->zone_idx);
		long free = zone_page_state(zone, NR_FREE_PAGES);
		long available;
		int fragindex;

		if (!zoneref_in_request(ac, zr))
			continue;
		if (!populated_zone(zone))
			continue;
		available = (long)(zone_reclaimable_pages(m, zone) / (unsigned long)order) + free;
		if (__zone_watermark_ok_v44(m, zone, (unsigned)order, low_wmark_pages(zone),
					    ac->classzone_idx, alloc_flags, free))
			return true;	/* COMPACT_PARTIAL */
		if (!__zone_watermark_ok_v44(m, zone, 0, low_wmark_pages(zone) + (2ul << order),
					     ac->classzone_idx, alloc_flags, available))
			continue;	/* COMPACT_SKIPPED */
		fragindex = fragmentation_index(m, zone, (unsigned)order);
		if (fragindex >= 0 && fragindex <= m->cfg.extfrag_threshold)
			continue;	/* COMPACT_NOT_SUITABLE_ZONE */
		return true;		/* COMPACT_CONTINUE */
	}
	return false;
}

unsigned long try_to_compact_pages(struct model *m, gfp_t gfp_mask, unsigned order,
				   int alloc_flags, const struct alloc_context *ac,
				   enum migrate_mode mode, int *contended)
{
	int may_enter_fs = gfp_mask & __GFP_FS;
	int may_perform_io = gfp_mask & __GFP_IO;
	/*
	 * patch revert-defer-preferred (reverts 53853e2d2bfb, v3.19): no
	 * zone's deferral is read or written here (the caller deferred on the
	 * preferred zone), and a run that compacted nothing was SKIPPED.
	 */
	const bool per_zone = !patch_on(m, PATCH_REVERT_DEFER_PREFERRED);
	int rc = per_zone ? COMPACT_DEFERRED : COMPACT_SKIPPED;
	int all_zones_contended = COMPACT_CONTENDED_LOCK;

	*contended = COMPACT_CONTENDED_NONE;
	/* v4.7's result (patch oom-detection-rework reads it): starts at SKIPPED */
	m->compact_result = COMPACT_R_SKIPPED;
	/* order 0 needs no compaction; without __GFP_FS and __GFP_IO migration may not run */
	if (!order || !may_enter_fs || !may_perform_io)
		return COMPACT_SKIPPED;
	TRACE(m, EV_MM_COMPACTION_TRY_TO_COMPACT_PAGES, order, gfp_mask, mode);

	for (int i = 0; i < ac->zonelist->nr; i++) {
		const struct zoneref *zr = &ac->zonelist->_zonerefs[i];
		struct zone *zone = model_zone(m, zr->node, zr->zone_idx);
		struct compact_control cc = { .order = order, .mode = mode,
					      .alloc_flags = alloc_flags,
					      .classzone_idx = ac->classzone_idx };
		int status;

		if (!zoneref_in_request(ac, zr))
			continue;
		if (per_zone && compaction_deferred(m, zone, (int)order)) {
			if (m->compact_result < COMPACT_R_DEFERRED)
				m->compact_result = COMPACT_R_DEFERRED;
			continue;
		}
		status = compact_zone(m, zone, &cc, ac->migratetype);
		if (status > rc)
			rc = status;
		{
			/*
			 * patch oom-detection-rework (0a0337e0d1d1 and the compaction
			 * result series of v4.7): scanners that met over the whole zone
			 * say COMPLETE, over part of it PARTIAL_SKIPPED; contention and
			 * aborts inside the zone stay PARTIAL.
			 */
			int r47 = status == COMPACT_SKIPPED ? COMPACT_R_SKIPPED :
				  status == COMPACT_COMPLETE ? (cc.whole_zone ? COMPACT_R_COMPLETE :
								COMPACT_R_PARTIAL_SKIPPED) :
				  COMPACT_R_PARTIAL;

			if (r47 > m->compact_result)
				m->compact_result = r47;
		}
		/*
		 * all_zones_contended stays set only while every zone compacted
		 * so far met lock contention.
		 */
		all_zones_contended &= cc.contended;

		/* the zone now meets the low mark at this order: no need to go on */
		if (zone_watermark_ok(zone, order, low_wmark_pages(zone), ac->classzone_idx,
				      alloc_flags)) {
			/*
			 * Likely, not certain, that the allocation gets its page
			 * here: reset the deferral without counting a success
			 * (false); the caller resets it again with true if the
			 * page does come from this zone.
			 */
			if (per_zone)	/* patch revert-defer-preferred (53853e2d2bfb) */
				compaction_defer_reset(m, zone, (int)order, false);
			/*
			 * An async run may have stopped for need_resched() while
			 * frees elsewhere lifted the zone over the mark.  The
			 * allocation may still fail, so the caller still hears of
			 * the contention; its next freelist attempt goes ahead.
			 */
			if (cc.contended == COMPACT_CONTENDED_SCHED)
				*contended = COMPACT_CONTENDED_SCHED;
			goto break_loop;
		}
		if (per_zone && mode != MIGRATE_ASYNC && status == COMPACT_COMPLETE) {
			/*
			 * A full sync run left the zone short of the mark: defer
			 * compaction of it.  A page from this zone in the end
			 * undoes the deferral (compaction_defer_reset).
			 */
			defer_compaction(m, zone, (int)order);
		}
		/*
		 * An async run stopped for need_resched(), or the task has a
		 * fatal signal: the remaining zones are left alone and the
		 * caller is told COMPACT_CONTENDED_SCHED.
		 */
		if (cc.contended == COMPACT_CONTENDED_SCHED || fatal_signal_pending(m)) {
			*contended = COMPACT_CONTENDED_SCHED;
			goto break_loop;
		}
		continue;
break_loop:
		/*
		 * The loop ends early: zones after this one were never tried,
		 * so "every zone contended" cannot be claimed.
		 */
		all_zones_contended = 0;
		break;
	}
	/*
	 * Lock contention is reported only when some zone was really
	 * compacted (rc above SKIPPED) and every one that was met it.
	 */
	if (rc > COMPACT_SKIPPED && all_zones_contended)
		*contended = COMPACT_CONTENDED_LOCK;
	return (unsigned long)rc;
}
