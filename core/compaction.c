// SPDX-License-Identifier: GPL-2.0
/*
 * compaction.c - direct compaction of v4.2 (mm/compaction.c): deferral,
 * compaction_suitable with the fragmentation index (mm/vmstat.c), and
 * try_to_compact_pages over the zonelist.
 *
 * NOT MODELLED YET: the migrate and free scanners.  compact_zone() checks
 * suitability, asks whether it meets contention, and then finds the
 * scanners met at once (COMPACT_COMPLETE) without moving a page, so direct
 * compaction succeeds only when the free lists already hold a suitable
 * block.  Deferral, the results and their use by the slowpath are modelled.
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
				  .pfn = PFN_NONE, .label = m->trace.label };
	bool deferred;

	if (choice_ask(m, &q) == 1)
		return true;
	if (order < zone->compact_order_failed)
		return false;
	/* Avoid possible overflow */
	if (++zone->compact_considered > defer_limit)
		zone->compact_considered = (unsigned)defer_limit;
	deferred = zone->compact_considered < defer_limit;
	if (deferred)
		TRACE(m, EV_MM_COMPACTION_DEFERRED, zone->node, zone->idx, order,
		      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
	return deferred;
}

void defer_compaction(struct model *m, struct zone *zone, int order)
{
	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	TRACE(m, EV_MM_COMPACTION_DEFER_COMPACTION, zone->node, zone->idx, order,
	      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
}

void compaction_defer_reset(struct model *m, struct zone *zone, int order, bool alloc_success)
{
	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
	TRACE(m, EV_MM_COMPACTION_DEFER_RESET, zone->node, zone->idx, order,
	      zone->compact_considered, zone->compact_defer_shift, zone->compact_order_failed);
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

struct compact_control {
	unsigned order;
	enum migrate_mode mode;
	int alloc_flags;
	int classzone_idx;
	int contended;
};

/*
 * Whether async compaction meets contention: zone->lock/lru_lock contended
 * or need_resched().  [choice: CHOICE_COMPACT_CONTENDED, default: neither]
 */
static bool compact_should_abort(struct model *m, struct compact_control *cc)
{
	struct choice_query q = { .id = CHOICE_COMPACT_CONTENDED, .nr = 3, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = (int)cc->order, .task = m->current,
				  .pfn = PFN_NONE, .label = m->trace.label };
	unsigned a;

	if (cc->mode != MIGRATE_ASYNC)
		return false;
	a = choice_ask(m, &q);
	if (a == 1)
		cc->contended = COMPACT_CONTENDED_LOCK;
	else if (a == 2)
		cc->contended = COMPACT_CONTENDED_SCHED;
	return a != 0;
}

static int compact_zone(struct model *m, struct zone *zone, struct compact_control *cc)
{
	unsigned long start_pfn = zone->zone_start_pfn, end_pfn = zone_end_pfn(zone);
	int ret = compaction_suitable(m, zone, (int)cc->order, cc->alloc_flags, cc->classzone_idx);

	if (ret == COMPACT_PARTIAL || ret == COMPACT_SKIPPED)
		return ret;
	TRACE(m, EV_MM_COMPACTION_BEGIN, (int64_t)start_pfn,
	      (int64_t)zone->compact_cached_migrate_pfn[cc->mode != MIGRATE_ASYNC],
	      (int64_t)zone->compact_cached_free_pfn, (int64_t)end_pfn, cc->mode != MIGRATE_ASYNC);
	if (compact_should_abort(m, cc) || fatal_signal_pending(m)) {
		ret = COMPACT_PARTIAL;
	} else {
		/* the scanners meet at once: see the file comment */
		zone->compact_cached_migrate_pfn[0] = start_pfn;
		zone->compact_cached_migrate_pfn[1] = start_pfn;
		zone->compact_cached_free_pfn = end_pfn & ~(m->pageblock_nr_pages - 1);
		zone->compact_blockskip_flush = true;
		ret = COMPACT_COMPLETE;
	}
	TRACE(m, EV_MM_COMPACTION_END, ret);
	return ret;
}

/*
 * try_to_compact_pages: compact each zone of the zonelist that is not
 * deferred; stop at the first zone that then meets its watermark.  A sync
 * run that completed without success defers that zone.  *contended is
 * set only if every zone that was compacted met contention.
 */
unsigned long try_to_compact_pages(struct model *m, gfp_t gfp_mask, unsigned order,
				   int alloc_flags, const struct alloc_context *ac,
				   enum migrate_mode mode, int *contended)
{
	int may_enter_fs = gfp_mask & __GFP_FS;
	int may_perform_io = gfp_mask & __GFP_IO;
	int rc = COMPACT_DEFERRED;
	int all_zones_contended = COMPACT_CONTENDED_LOCK;

	*contended = COMPACT_CONTENDED_NONE;
	/* Check if the GFP flags allow compaction */
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

		if (zr->zone_idx > ac->high_zoneidx)
			continue;
		if (ac->nodemask && !(*ac->nodemask & (1u << zr->node)))
			continue;
		if (compaction_deferred(m, zone, (int)order))
			continue;
		status = compact_zone(m, zone, &cc);
		if (status > rc)
			rc = status;
		/*
		 * It takes at least one zone that wasn't lock contended
		 * to clear all_zones_contended.
		 */
		all_zones_contended &= cc.contended;

		/* If a normal allocation would succeed, stop compacting */
		if (zone_watermark_ok(zone, order, low_wmark_pages(zone), ac->classzone_idx,
				      alloc_flags)) {
			/*
			 * We think the allocation will succeed in this zone,
			 * but it is not certain, hence the false. The caller
			 * will repeat this with true if allocation indeed
			 * succeeds in this zone.
			 */
			compaction_defer_reset(m, zone, (int)order, false);
			/*
			 * It is possible that async compaction aborted due to
			 * need_resched() and the watermarks were ok thanks to
			 * somebody else freeing memory. The allocation can
			 * however still fail so we better signal the
			 * need_resched() contention anyway (this will not
			 * prevent the allocation attempt).
			 */
			if (cc.contended == COMPACT_CONTENDED_SCHED)
				*contended = COMPACT_CONTENDED_SCHED;
			goto break_loop;
		}
		if (mode != MIGRATE_ASYNC && status == COMPACT_COMPLETE) {
			/*
			 * We think that allocation won't succeed in this zone
			 * so we defer compaction there. If it ends up
			 * succeeding after all, it will be reset.
			 */
			defer_compaction(m, zone, (int)order);
		}
		/*
		 * We might have stopped compacting due to need_resched() in
		 * async compaction, or due to a fatal signal detected. In that
		 * case do not try further zones and signal need_resched()
		 * contention.
		 */
		if (cc.contended == COMPACT_CONTENDED_SCHED || fatal_signal_pending(m)) {
			*contended = COMPACT_CONTENDED_SCHED;
			goto break_loop;
		}
		continue;
break_loop:
		/*
		 * We might not have tried all the zones, so be conservative
		 * and assume they are not all lock contended.
		 */
		all_zones_contended = 0;
		break;
	}
	/*
	 * If at least one zone wasn't deferred or skipped, we report if all
	 * zones that were tried were lock contended.
	 */
	if (rc > COMPACT_SKIPPED && all_zones_contended)
		*contended = COMPACT_CONTENDED_LOCK;
	return (unsigned long)rc;
}
