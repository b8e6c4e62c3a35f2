// SPDX-License-Identifier: GPL-2.0
/*
 * page_alloc.c - the zoned buddy allocator of Linux v4.2 (mm/page_alloc.c):
 * zone setup (watermarks, lowmem_reserve, MIGRATE_RESERVE, zonelists), the
 * buddy (__free_one_page, expand, __rmqueue and its fallbacks), per-cpu
 * lists, prep_new_page/free_pages_prepare with bad-page handling, the fast
 * path get_page_from_freelist, and __alloc_pages_nodemask.
 */
#include <string.h>
#include "internal.h"

const int fallbacks[MIGRATE_TYPES][4] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE,   MIGRATE_RESERVE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE,   MIGRATE_RESERVE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_RESERVE },
	[MIGRATE_RESERVE]     = { MIGRATE_RESERVE },	/* never used */
	[MIGRATE_ISOLATE]     = { MIGRATE_RESERVE },	/* never used */
};

int zone_idx_of(const struct zone *z)
{
	return z->idx;
}

/* ---- gfp helpers ------------------------------------------------------- */

/* indexed by flags & GFP_ZONEMASK (the four zone modifier bits); -1: GFP_ZONE_BAD */
static const signed char gfp_zone_table[16] = {
	[0] = ZONE_NORMAL,
	[__GFP_DMA] = ZONE_DMA,
	[__GFP_HIGHMEM] = ZONE_HIGHMEM,
	[__GFP_DMA32] = ZONE_DMA32,
	[__GFP_MOVABLE] = ZONE_NORMAL,
	[__GFP_MOVABLE | __GFP_DMA] = ZONE_DMA,
	[__GFP_MOVABLE | __GFP_HIGHMEM] = ZONE_MOVABLE,
	[__GFP_MOVABLE | __GFP_DMA32] = ZONE_DMA32,
	[__GFP_DMA | __GFP_HIGHMEM] = -1, [__GFP_DMA | __GFP_DMA32] = -1,
	[__GFP_HIGHMEM | __GFP_DMA32] = -1,
	[__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32] = -1,
	[__GFP_MOVABLE | __GFP_DMA | __GFP_HIGHMEM] = -1,
	[__GFP_MOVABLE | __GFP_DMA | __GFP_DMA32] = -1,
	[__GFP_MOVABLE | __GFP_HIGHMEM | __GFP_DMA32] = -1,
	[GFP_ZONEMASK] = -1,
};

/*
 * gfp_zone: the GFP_ZONE_TABLE of include/linux/gfp.h.  Combinations the
 * table marks bad (GFP_ZONE_BAD) are a VM_BUG_ON in a DEBUG_VM kernel and
 * read as zone 0 otherwise; the model records a warning and returns 0.
 */
int gfp_zone(struct model *m, gfp_t flags)
{
	int z = gfp_zone_table[flags & GFP_ZONEMASK];

	if (z >= 0)
		return z;
	if (m)
		model_warn(m, WARN_BAD_GFP_ZONE, "gfp_zone: bad zone modifiers 0x%x",
			   flags & GFP_ZONEMASK);
	return ZONE_DMA;
}

int gfpflags_to_migratetype(gfp_t gfp)
{
	/* (MOVABLE << 1 | RECLAIMABLE) >> GFP_MOVABLE_SHIFT of the era */
	return ((gfp & __GFP_MOVABLE) ? 2 : 0) | ((gfp & __GFP_RECLAIMABLE) ? 1 : 0);
}

/* ---- buddy helpers ------------------------------------------------------ */

static inline void rmv_page_order(struct model *m, struct page *page)
{
	page_touch(m, page);
	page->_mapcount = -1;				/* __ClearPageBuddy */
	page->private = 0;
}

/*
 * set_page_order: a free block's head.  The caller has just put the page on a
 * free list, and the list operation marked it (physmem.h).
 */
static inline void set_page_order(struct page *page, unsigned order)
{
	page->private = order;
	page->_mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
}

/* rmv_page_order for a page the caller has just taken off a free list (so marked) */
static inline void rmv_page_order_unlinked(struct page *page)
{
	page->_mapcount = -1;
	page->private = 0;
}

static inline void set_freepage_migratetype(struct model *m, struct page *page, int mt)
{
	page_touch(m, page);
	page->index = (uint32_t)mt;
}

static inline int get_freepage_migratetype(const struct page *page)
{
	return (int)page->index;
}

static inline uint32_t free_list_id(const struct zone *z, unsigned order, int mt)
{
	return z->free_area[order].free_list[mt];
}

/*
 * page_is_buddy: the buddy is free, heads a block of the same order, and
 * lies in the same zone.  page_zid is page_zone_id() of the page whose buddy
 * this is (the merge loop reads it once).  The caller has checked that the
 * buddy's frame is inside the memory map.
 */
static inline bool page_is_buddy(struct model *m, unsigned page_zid, const struct page *buddy,
				 unsigned order)
{
	if (PageBuddy(buddy) && page_order(buddy) == order) {
		if (page_zid != buddy->zone_id)
			return false;
		VM_BUG_ON_PAGE(m, page_count(buddy) != 0, buddy);
		return true;
	}
	return false;
}

/*
 * __free_one_page: merge a freed block with its buddies while they are free
 * and of the same order, up to MAX_ORDER-1.  A block whose next-higher buddy
 * is also free goes to the list tail, so that it is likely to merge soon.
 * The caller holds the zone lock and has accounted NR_FREE_PAGES.  Inline in
 * free_one_page, so that freeing a high-order block runs in one function.
 */
static inline __attribute__((always_inline)) void
__free_one_page_inline(struct model *m, struct page *page, unsigned long pfn, struct zone *zone,
		       unsigned order, int migratetype)
{
	struct page *pages = m->pm.pages;
	uint32_t page_idx = (uint32_t)pfn, buddy_idx, combined_idx;	/* frame ids are 32-bit */
	unsigned max_order = m->max_order;
	const unsigned zid = page_zone_id(page);

	VM_BUG_ON_PAGE(m, page->flags & PAGE_FLAGS_CHECK_AT_PREP, page);
	/* the kernel's VM_BUG_ON_PAGEs: cheap checks, so from DEBUG=1 */
	if (DEBUG >= 1) {
		MODEL_BUG_ON_PAGE(m, page_idx & ((1ul << order) - 1), page);
		MODEL_BUG_ON_PAGE(m, !zone_spans_pfn(zone, pfn), page);
	}

	while (order < max_order - 1) {
		struct page *buddy;

		buddy_idx = page_idx ^ (1u << order);
		buddy = &pages[buddy_idx];	/* past the last frame: never a buddy (physmem.h) */
		/*
		 * The kernel passes the merged block's head; it lies in the freed
		 * page's zone, which page_is_buddy checked at every step.
		 */
		if (!page_is_buddy(m, zid, buddy, order))
			break;
		/* A free buddy of the same order: unlist it, go on with the pair one order up. */
		list_del_at(m, pages, buddy_idx);
		zone->free_area[order].nr_free--;
		rmv_page_order_unlinked(buddy);
		combined_idx = buddy_idx & page_idx;
		page_idx = combined_idx;
		order++;
	}
	page = &pages[page_idx];
	/*
	 * While the parent can still merge upwards (order + 2 < MAX_ORDER),
	 * look one level up: if the parent's buddy is free, freeing this
	 * block's own buddy would merge two orders at once.  The block goes
	 * to the tail, the last its list hands out, so that it is likely
	 * still free by then.
	 */
	if (order + 2 < max_order) {
		unsigned long higher_idx = page_idx & ~(1ul << order);
		unsigned long higher_buddy = higher_idx ^ (1ul << (order + 1));

		if (page_is_buddy(m, page_zone_id(&pages[higher_idx]), &pages[higher_buddy], order + 1)) {
			list_add_tail_at(m, pages, page_idx, free_list_id(zone, order, migratetype));
			goto out;
		}
	}
	list_add_at(m, pages, page_idx, free_list_id(zone, order, migratetype));
out:
	set_page_order(page, order);
	zone->free_area[order].nr_free++;
	if (DEBUG >= 1)
		check_merged(m, zone, page_idx, order);
}

/* __free_one_page for the per-cpu drain and the other callers */
void __free_one_page(struct model *m, struct page *page, unsigned long pfn,
		     struct zone *zone, unsigned order, int migratetype)
{
	__free_one_page_inline(m, page, pfn, zone, order, migratetype);
}

static inline void __mod_zone_freepage_state(struct zone *zone, long nr, int migratetype)
{
	if (migratetype != MIGRATE_ISOLATE)
		__mod_zone_page_state(zone, NR_FREE_PAGES, nr);
}

static bool has_isolate_pageblock(const struct zone *zone)
{
	(void)zone;
	return false;	/* the model has no page isolation (memory hotplug, CMA) */
}

/* Every free into the buddy resets the zone's scan counter (zone_reclaimable). */
static inline void reset_pages_scanned(struct model *m, struct zone *zone)
{
	if (zone->vm_stat[NR_PAGES_SCANNED]) {
		zone->vm_stat[NR_PAGES_SCANNED] = 0;
		watchdog_note_scan_reset(m, zone);
	}
	/*
	 * patch revert-all-unreclaimable (reverts 6e543d5780e3, v3.12): the
	 * free also cleared 3.11's zone->all_unreclaimable (only that patch
	 * ever sets the bit)
	 */
	if (__builtin_expect(test_bit_zone(zone, ZONE_ALL_UNRECLAIMABLE), 0)) {
		clear_bit_zone(zone, ZONE_ALL_UNRECLAIMABLE);
		TRACE(m, EV_ALL_UNRECLAIMABLE, zone->node, zone->idx, 0, 0, 0);
	}
}

static inline __attribute__((always_inline)) void
free_one_page(struct model *m, struct zone *zone, struct page *page, unsigned long pfn,
	      unsigned order, int migratetype)
{
	reset_pages_scanned(m, zone);
	if (has_isolate_pageblock(zone) || migratetype == MIGRATE_ISOLATE)
		migratetype = get_pfnblock_migratetype(m, pfn);
	__mod_zone_freepage_state(zone, 1l << order, migratetype);
	__free_one_page_inline(m, page, pfn, zone, order, migratetype);
}

/* An order-0 page of an isolated pageblock skips the per-cpu lists. */
static __attribute__((noinline)) void free_one_page_isolated(struct model *m, struct zone *zone,
							     struct page *page, unsigned long pfn)
{
	free_one_page(m, zone, page, pfn, 0, MIGRATE_ISOLATE);
}

/*
 * expand: split a block of order high down to order low, putting the upper
 * halves back on the free lists of the requested migratetype.
 */
static void expand(struct model *m, struct zone *zone, struct page *page, unsigned low,
		   unsigned high, int migratetype)
{
	struct page *pages = m->pm.pages;
	uint32_t size = 1u << high;	/* frame ids are 32-bit */
	uint32_t pfn = (uint32_t)page_to_pfn(m, page);

	while (high > low) {
		high--;
		size >>= 1;
		list_add_at(m, pages, pfn + size, free_list_id(zone, high, migratetype));
		zone->free_area[high].nr_free++;
		set_page_order(&pages[pfn + size], high);
	}
}

static inline __attribute__((always_inline)) struct page *
__rmqueue_smallest(struct model *m, struct zone *zone, unsigned order, int migratetype)
{
	for (unsigned current_order = order; current_order < m->max_order; current_order++) {
		uint32_t head = free_list_id(zone, current_order, migratetype), pfn;
		struct page *page;

		if (list_empty(m, head))
			continue;
		pfn = list_first(m, head);
		page = pfn_to_page(m, pfn);
		list_del(m, pfn);
		rmv_page_order_unlinked(page);
		zone->free_area[current_order].nr_free--;
		expand(m, zone, page, order, current_order, migratetype);
		/* set_freepage_migratetype, without a mark: list_del made it */
		page->index = (uint32_t)migratetype;
		return page;
	}
	return NULL;
}

/*
 * move_freepages: move the free blocks in [start, end] onto the lists of
 * migratetype; pages in use are passed over.  The result counts the pages
 * of the free blocks that changed lists.
 */
static int move_freepages(struct model *m, struct zone *zone, unsigned long start_pfn,
			  unsigned long end_pfn, int migratetype)
{
	int pages_moved = 0;
	unsigned long pfn = start_pfn;

	while (pfn <= end_pfn) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = page_order(page);
		list_move(m, (uint32_t)pfn, free_list_id(zone, order, migratetype));
		set_freepage_migratetype(m, page, migratetype);
		pfn += 1ul << order;
		pages_moved += 1 << order;
	}
	return pages_moved;
}

int move_freepages_block(struct model *m, struct zone *zone, struct page *page, int migratetype)
{
	unsigned long start_pfn = page_to_pfn(m, page) & ~(m->pageblock_nr_pages - 1);
	unsigned long end_pfn = start_pfn + m->pageblock_nr_pages - 1;

	/* a pageblock the zone spans in part: from the page on, or nothing past the zone's end */
	if (!zone_spans_pfn(zone, start_pfn))
		start_pfn = page_to_pfn(m, page);
	if (!zone_spans_pfn(zone, end_pfn))
		return 0;
	return move_freepages(m, zone, start_pfn, end_pfn, migratetype);
}

static void change_pageblock_range(struct model *m, struct page *pageblock_page,
				   unsigned start_order, int migratetype)
{
	long nr_pageblocks = 1l << (start_order - m->pageblock_order);

	while (nr_pageblocks--) {
		set_pageblock_migratetype(m, pageblock_page, migratetype);
		pageblock_page += m->pageblock_nr_pages;
	}
}

static bool can_steal_fallback(struct model *m, unsigned order, int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	if (order >= m->pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	    start_mt == MIGRATE_UNMOVABLE)
		return true;
	return false;
}

static void steal_suitable_fallback(struct model *m, struct zone *zone, struct page *page,
				    int start_type)
{
	unsigned current_order = page_order(page);
	int pages;

	/* a block of a pageblock or more retypes every pageblock it covers */
	if (current_order >= m->pageblock_order) {
		change_pageblock_range(m, page, current_order, start_type);
		return;
	}
	pages = move_freepages_block(m, zone, page, start_type);
	/* half the pageblock or more was free (and has moved): the pageblock is retyped too */
	if (pages >= (1 << (m->pageblock_order - 1)))
		set_pageblock_migratetype(m, page, start_type);
}

int find_suitable_fallback(struct model *m, struct free_area *area, unsigned order,
			   int migratetype, bool only_stealable, bool *can_steal)
{
	if (area->nr_free == 0)
		return -1;
	*can_steal = false;
	for (int i = 0;; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (fallback_mt == MIGRATE_RESERVE)
			break;
		if (list_empty(m, area->free_list[fallback_mt]))
			continue;
		if (can_steal_fallback(m, order, migratetype))
			*can_steal = true;
		if (!only_stealable)
			return fallback_mt;
		if (*can_steal)
			return fallback_mt;
	}
	return -1;
}

/* Steal the largest free block of another type, as the era did. */
static __attribute__((noinline)) struct page *
__rmqueue_fallback(struct model *m, struct zone *zone, unsigned order, int start_migratetype)
{
	for (int current_order = (int)m->max_order - 1; current_order >= (int)order; current_order--) {
		struct free_area *area = &zone->free_area[current_order];
		bool can_steal;
		int fallback_mt;
		uint32_t pfn;
		struct page *page;

		fallback_mt = find_suitable_fallback(m, area, (unsigned)current_order,
						     start_migratetype, false, &can_steal);
		if (fallback_mt == -1)
			continue;
		pfn = list_first(m, area->free_list[fallback_mt]);
		page = pfn_to_page(m, pfn);
		if (can_steal)
			steal_suitable_fallback(m, zone, page, start_migratetype);

		area->nr_free--;
		list_del(m, pfn);
		rmv_page_order(m, page);
		expand(m, zone, page, order, (unsigned)current_order, start_migratetype);
		set_freepage_migratetype(m, page, start_migratetype);
		TRACE(m, EV_MM_PAGE_ALLOC_EXTFRAG, pfn, order, current_order, start_migratetype,
		      fallback_mt, get_pageblock_migratetype(m, page) == start_migratetype);
		return page;
	}
	return NULL;
}

/* __rmqueue, once the type's own lists had nothing: a fallback, else MIGRATE_RESERVE */
static __attribute__((noinline)) struct page *__rmqueue_fallbacks(struct model *m, struct zone *zone,
								unsigned order, int migratetype)
{
	struct page *page;

	if (migratetype == MIGRATE_RESERVE)
		return NULL;
	page = __rmqueue_fallback(m, zone, order, migratetype);
	if (!page)	/* retry_reserve */
		page = __rmqueue_smallest(m, zone, order, MIGRATE_RESERVE);
	return page;
}

/*
 * __rmqueue: the smallest block of the type, else a fallback, else
 * MIGRATE_RESERVE.  Inline in buffered_rmqueue, so that a high-order
 * allocation runs in one function; the fallbacks are out of line.
 */
static inline __attribute__((always_inline)) struct page *
__rmqueue_inline(struct model *m, struct zone *zone, unsigned order, int migratetype)
{
	struct page *page = __rmqueue_smallest(m, zone, order, migratetype);

	if (__builtin_expect(!page, 0))
		page = __rmqueue_fallbacks(m, zone, order, migratetype);
	return page;
}

struct page *__rmqueue(struct model *m, struct zone *zone, unsigned order, int migratetype)
{
	return __rmqueue_inline(m, zone, order, migratetype);
}

/* ---- per-cpu lists ------------------------------------------------------ */

static __attribute__((noinline)) int rmqueue_bulk(struct model *m, struct zone *zone, unsigned order,
						   int count, uint32_t list, int migratetype, bool cold)
{
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(m, zone, order, migratetype);
		uint32_t pfn;

		if (!page)
			break;
		pfn = (uint32_t)page_to_pfn(m, page);
		/* keep the order the buddy handed them out in */
		if (!cold)
			list_add(m, pfn, list);
		else
			list_add_tail(m, pfn, list);
		list = pfn;
		TRACE(m, EV_MM_PAGE_ALLOC_ZONE_LOCKED, pfn, order, migratetype, 1);
	}
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(i << order));
	return i;
}

/*
 * free_pcppages_bulk: return count pages from a pcp to the buddy, taking
 * from the lists round-robin and from each list's tail (the coldest).
 */
static void free_pcppages_bulk(struct model *m, struct zone *zone, int count,
			       struct per_cpu_pages *pcp)
{
	int migratetype = 0;
	int batch_free = 0;
	int to_free = count;

	reset_pages_scanned(m, zone);
	while (to_free) {
		uint32_t list;
		int nr_empty = 0;

		do {
			batch_free++;
			if (++migratetype == MIGRATE_PCPTYPES)
				migratetype = 0;
			list = pcp->lists[migratetype];
		} while (list_empty(m, list) && ++nr_empty < MIGRATE_PCPTYPES);
		if (nr_empty == MIGRATE_PCPTYPES) {
			/*
			 * pcp->count promised pages the lists do not hold: the
			 * kernel's loop above spins forever with the zone lock
			 * held and interrupts off (a hard lockup).
			 */
			model_finding(m, V_BUDDY_CORRUPT, "buddy-corrupt:pcp-count",
				      "free_pcppages_bulk: %d of %d pages left to free but every "
				      "pcp list of Node %d %s cpu %d is empty (pcp->count %d): the "
				      "kernel would spin here with the zone lock held",
				      to_free, count, zone->node, zone->name, (int)(pcp - zone->pcp),
				      pcp->count);
			return;
		}

		/* every other list was found empty: take all that is left from this one */
		if (batch_free == MIGRATE_PCPTYPES)
			batch_free = to_free;

		do {
			uint32_t pfn = list_last(m, list);
			struct page *page = pfn_to_page(m, pfn);
			int mt;

			list_del(m, pfn);
			mt = get_freepage_migratetype(page);
			if (has_isolate_pageblock(zone))
				mt = get_pageblock_migratetype(m, page);
			__free_one_page(m, page, pfn, zone, 0, mt);
			TRACE(m, EV_MM_PAGE_PCPU_DRAIN, pfn, 0, mt);
			if (mt != MIGRATE_ISOLATE)
				__mod_zone_page_state(zone, NR_FREE_PAGES, 1);
		} while (--to_free && --batch_free && !list_empty(m, list));
	}
}

static void drain_pages_zone(struct model *m, int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pcp[cpu];

	if (pcp->count) {
		free_pcppages_bulk(m, zone, pcp->count, pcp);
		pcp->count = 0;
	}
}

static void drain_pages(struct model *m, int cpu)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (populated_zone(model_zone(m, nid, zid)))
				drain_pages_zone(m, cpu, model_zone(m, nid, zid));
}

/* drain_local_pages: the current CPU's lists (one zone, or all with NULL). */
void drain_local_pages(struct model *m, struct zone *zone)
{
	int cpu = current_task(m)->cpu;

	if (zone)
		drain_pages_zone(m, cpu, zone);
	else
		drain_pages(m, cpu);
}

/*
 * drain_all_pages: every CPU with pages on its lists drains them.  Whether
 * the other CPUs get the IPI in time is a choice point
 * [choice: CHOICE_PCP_DRAIN, default: they do].
 */
void drain_all_pages(struct model *m, struct zone *zone)
{
	int self = current_task(m)->cpu;
	struct choice_query q = { .id = CHOICE_PCP_DRAIN, .nr = 2, .dflt = 0,
				  .order = -1, .task = m->current, .pfn = PFN_NONE,
				  .label = m->trace.label };
	bool others = choice_ask(m, &q) == 0;

	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
		if (cpu != self && !others)
			continue;
		if (zone)
			drain_pages_zone(m, cpu, zone);
		else
			drain_pages(m, cpu);
	}
}

void model_drain_all(struct model *m)
{
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		drain_pages(m, cpu);
}

/* ---- freeing ------------------------------------------------------------ */

/* The kernel tests these in the opposite order and reports the last that fails. */
static const char *free_pages_check_reason(const struct page *page)
{
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	if (page->_count != 0)
		return "nonzero _count";
	if (page->mapping != 0)
		return "non-NULL mapping";
	if (page_mapcount(page))
		return "nonzero mapcount";
	return NULL;
}

/*
 * page_expected_state (the kernel's later name): no reference, mapping or
 * mapcount, and of the flags in check exactly those in want.  Tested as one
 * branch: the allocation fast path asks it of every page.
 */
static inline bool page_expected_state(const struct page *page, uint32_t check, uint32_t want)
{
	return !(((page->flags & check) ^ want) | (uint32_t)page->_count | page->mapping |
		 ((uint32_t)page->_mapcount + 1u));
}

/*
 * tails_state: the OR of what a block's tail pages hold that the bad-page
 * checks look at (the flags in check, reference, mapping, mapcount); 0 when
 * every tail is clean, as nearly all are.  Tails untouched since the reset
 * and clean as set up (physmem_clean_word) are passed over 64 at a time:
 * a fill's blocks come whole from the pristine free lists, and reading each
 * of their struct pages was a tenth of a fuzzing build's time.  The rest are
 * read one by one.  The walk reads only struct pages inside the block, whose
 * bounds the buddy lists gave, and is left out of ASan's instrumentation for
 * the same reason.
 */
static __attribute__((noinline, no_sanitize("address"))) uint32_t
tails_state(const struct model *m, const struct page *page, unsigned long nr, uint32_t check)
{
	unsigned long head = page_to_pfn(m, page), i = 1;
	uint32_t acc = 0;

	while (i < nr) {
		/* up to the next multiple of 64 frames, at most to the block's end */
		unsigned long pfn = head + i, stop = (pfn | 63) + 1 - head;
		uint64_t want;

		if (stop > nr)
			stop = nr;
		want = (stop - i == 64 ? ~0ull : (1ull << (stop - i)) - 1) << (pfn % 64);
		if (head + stop <= m->pm.nr_frames &&
		    (physmem_clean_word(&m->pm, pfn / 64) & want) == want) {
			i = stop;
			continue;
		}
		for (; i < stop; i++) {
			const struct page *p = page + i;

			acc |= (p->flags & check) | (uint32_t)p->_count | p->mapping |
			       ((uint32_t)p->_mapcount + 1u);
		}
	}
	return acc;
}

/*
 * A page whose only fault is the PG_hwpoison that CHOICE_PAGE_BAD (the page_bad
 * answer, the page.bad fault) set on it: the corruption was injected.  Nothing
 * else in the model sets PG_hwpoison.
 */
static bool page_bad_injected(const struct page *page)
{
	return page_expected_state(page, PAGE_FLAGS_CHECK_AT_PREP, 1u << PG_hwpoison);
}

/*
 * bad_page: "BUG: Bad page state".  Its signature says whether the corruption
 * was injected (warning:bad-page-injected@, what v4.2 does with a corrupted
 * page, a known finding) or is state the model left on the page
 * (warning:bad-page@, which may be a model bug and stays new).
 */
static void bad_page(struct model *m, struct page *page, const char *reason)
{
	char buf[256] = "";

	count_vm_events(m, BAD_PAGES, 1);
	if (model_warn_describes(m, WARN_BAD_PAGE))
		dump_page(m, page, buf, sizeof(buf));
	TRACE(m, EV_BAD_PAGE, (int64_t)page_to_pfn(m, page), 0);
	model_warn_named(m, WARN_BAD_PAGE, page_bad_injected(page) ? "bad-page-injected" : "bad-page",
			 "BUG: Bad page state in process %s  pfn:%05lx: %s; %s",
			 current_task(m)->name, page_to_pfn(m, page), reason, buf);
	/*
	 * The bad state stays for the report's reader; only _mapcount is
	 * reset, as its buddy marker would let the page pass for a free one.
	 */
	page_touch(m, page);
	page->_mapcount = -1;
}

/*
 * A block taken out of use by bad_page: kept on the model's quarantine list
 * so page conservation can account for it (the kernel simply leaks it).
 */
static void quarantine_block(struct model *m, struct page *page, unsigned order)
{
	uint32_t pfn = (uint32_t)page_to_pfn(m, page);

	page_touch(m, page);
	page->private = order;
	list_add_tail(m, pfn, m->bad_list);
}

static __attribute__((noinline)) bool __free_pages_prepare(struct model *m, struct page *page,
							   unsigned order)
{
	bool compound = PageCompound(page);
	int bad = 0;
	unsigned long nr = 1ul << order;
	unsigned long head = page_to_pfn(m, page);

	if (compound && page->compound_order != order) {
		bad_page(m, page, "compound order mismatch");
		return false;
	}
	/*
	 * DEBUG >= 1 walks the tails as the kernel does.  Most tails are clean
	 * (no flag the checks test or clear, no reference, mapping or
	 * mapcount): one pass ORs their state together, and only if some tail
	 * is not clean does the loop below look at each, so reports and
	 * clearing are the same.  The per-page loop over the tails of a fill's
	 * blocks was a sixth of a DEBUG=1 run of a grown corpus.
	 */
	if (!compound && DEBUG >= 1 && nr > 1 &&
	    !tails_state(m, page, nr, PAGE_FLAGS_CHECK_AT_FREE | PAGE_FLAGS_CHECK_AT_PREP |
				   (1u << PG_head) | (1u << PG_tail)))
		nr = 1;
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = page + i;
		const char *why;

		if (compound) {
			if (i == 0) {
				ClearPageFlag(m, p, PG_head);
				p->compound_order = 0;
			} else {
				if (!PageTail(p) || p->first_page != head) {
					bad_page(m, p, "corrupted compound tail");
					bad++;
					continue;
				}
				ClearPageFlag(m, p, PG_tail);
				p->first_page = PFN_NONE;
			}
		} else if (i > 0 && DEBUG < 1) {
			break;	/* DEBUG=0: tails are not walked (see README) */
		}
		why = free_pages_check_reason(p);
		if (why) {
			bad_page(m, p, why);
			bad++;
		} else if (p->flags & PAGE_FLAGS_CHECK_AT_PREP) {
			/* free_pages_check: a good page loses its state flags */
			page_touch(m, p);
			p->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		}
	}
	if (bad) {
		quarantine_block(m, page, order);
		return false;
	}
	return true;
}

/*
 * free_pages_prepare: check every page of a block being freed and clear its
 * state; false if the block was bad (reported and quarantined).  An order-0
 * page with no flag, reference, mapping or mapcount left, the common case,
 * needs nothing more, so it is tested inline (at DEBUG=0, where tails are
 * not walked, so is a non-compound block of any order).
 */
static inline __attribute__((always_inline)) bool free_pages_prepare(struct model *m, struct page *page,
							    unsigned order)
{
	/*
	 * page_expected_state's tests, written as branches: here on the free path
	 * they measure ~0.5 ns faster per order-0 pair than its one-branch form.
	 */
	if ((!order || DEBUG < 1) && !(page->flags & (PAGE_FLAGS_CHECK_AT_FREE | PAGE_FLAGS_CHECK_AT_PREP |
				       (1u << PG_head) | (1u << PG_tail))) &&
	    !page->_count && !page->mapping && page->_mapcount == -1)
		return true;
	return __free_pages_prepare(m, page, order);
}

static void __free_pages_ok(struct model *m, struct page *page, unsigned order)
{
	unsigned long pfn = page_to_pfn(m, page);
	int migratetype;

	if (!free_pages_prepare(m, page, order))
		return;
	migratetype = get_pfnblock_migratetype(m, pfn);
	set_freepage_migratetype(m, page, migratetype);
	count_vm_events(m, PGFREE, 1l << order);
	free_one_page(m, page_zone(m, page), page, pfn, order, migratetype);
}

/* Past its high mark, a per-cpu list gives a batch back to the buddy. */
static __attribute__((noinline)) void pcp_free_batch(struct model *m, struct zone *zone,
						     struct per_cpu_pages *pcp)
{
	free_pcppages_bulk(m, zone, pcp->batch, pcp);
	pcp->count -= pcp->batch;
}

/*
 * free_hot_cold_page: free an order-0 page to the current CPU's list (hot:
 * head, cold: tail); past pcp->high, a batch goes back to the buddy.
 */
static inline __attribute__((always_inline)) void __free_hot_cold_page(struct model *m,
									struct page *page, bool cold)
{
	struct zone *zone = page_zone(m, page);
	unsigned long pfn = page_to_pfn(m, page);
	struct per_cpu_pages *pcp;
	int migratetype, list_mt;

	if (!free_pages_prepare(m, page, 0))
		return;
	migratetype = get_pfnblock_migratetype(m, pfn);
	count_vm_events(m, PGFREE, 1);

	/*
	 * The per-cpu lists hold the three types below MIGRATE_PCPTYPES only.
	 * A page of an isolated pageblock bypasses them and goes to the buddy,
	 * where the range being taken offline collects.  A MIGRATE_RESERVE
	 * page sits on the movable list but keeps its own type in the page
	 * (set below), so a drain returns it to the reserve's free list and
	 * the reserve pageblocks are not lost to the lists.
	 */
	list_mt = migratetype;
	if (migratetype >= MIGRATE_PCPTYPES) {
		if (migratetype == MIGRATE_ISOLATE) {
			set_freepage_migratetype(m, page, migratetype);
			free_one_page_isolated(m, zone, page, pfn);
			return;
		}
		list_mt = MIGRATE_MOVABLE;
	}

	pcp = &zone->pcp[current_task(m)->cpu];
	if (!cold)
		list_add(m, (uint32_t)pfn, pcp->lists[list_mt]);
	else
		list_add_tail(m, (uint32_t)pfn, pcp->lists[list_mt]);
	/* set_freepage_migratetype, after the list op that marked the page */
	page->index = (uint32_t)migratetype;
	pcp->count++;
	if (pcp->count >= pcp->high)
		pcp_free_batch(m, zone, pcp);
}

void free_hot_cold_page(struct model *m, struct page *page, bool cold)
{
	__free_hot_cold_page(m, page, cold);
}

/* A free of a page nobody holds: a double free, reported with the page's state. */
static __attribute__((noinline, cold)) void refcount_underflow(struct model *m, struct page *page)
{
	char buf[256];

	dump_page(m, page, buf, sizeof(buf));
	model_finding(m, V_BUDDY_CORRUPT, "buddy-corrupt:refcount-underflow",
		      "__free_pages of a page with _count %d (double free): %s",
		      page->_count, buf);
}

/* __free_pages: drop a reference; the last one frees the block. */
void __free_pages(struct model *m, struct page *page, unsigned order)
{
	if (__builtin_expect(page->_count <= 0, 0)) {
		refcount_underflow(m, page);
		return;
	}
	page_touch(m, page);
	if (--page->_count)
		return;
	TRACE(m, EV_MM_PAGE_FREE, (int64_t)page_to_pfn(m, page), order);
	if (order == 0)
		__free_hot_cold_page(m, page, false);
	else
		__free_pages_ok(m, page, order);
}

/*
 * split_page: turn a non-compound high-order page into 2^order order-0
 * pages with a reference each.
 */
void split_page(struct model *m, struct page *page, unsigned order)
{
	for (unsigned long i = 1; i < (1ul << order); i++)
		set_page_count(m, page + i, 1);
}

/*
 * __isolate_free_page / split_free_page: compaction's free scanner takes a
 * free block out of the buddy, obeying the low mark as if allocating, and
 * splits it into order-0 pages with a reference each.  A block of at least
 * half a pageblock turns its pageblocks MIGRATE_MOVABLE.
 */
unsigned long split_free_page(struct model *m, struct page *page)
{
	unsigned order = page_order(page);
	struct zone *zone = page_zone(m, page);
	unsigned long pfn = page_to_pfn(m, page);
	int mt = get_pageblock_migratetype(m, page);

	MODEL_BUG_ON_PAGE(m, !PageBuddy(page), page);
	if (mt != MIGRATE_ISOLATE) {
		/* only while the zone stays above its low mark without them, as for an allocation */
		if (!zone_watermark_ok(zone, 0, low_wmark_pages(zone) + (1ul << order), 0, 0))
			return 0;
		__mod_zone_freepage_state(zone, -(1l << order), mt);
	}
	list_del(m, (uint32_t)pfn);
	zone->free_area[order].nr_free--;
	rmv_page_order(m, page);
	if (order >= m->pageblock_order - 1) {
		for (unsigned long p = pfn; p < pfn + (1ul << order) - 1; p += m->pageblock_nr_pages)
			if (get_pfnblock_migratetype(m, p) != MIGRATE_ISOLATE)
				set_pageblock_migratetype(m, pfn_to_page(m, p), MIGRATE_MOVABLE);
	}
	set_page_count(m, page, 1);
	split_page(m, page, order);
	page_owner_alloc(m, page, order, SITE_MIGRATE);
	return 1ul << order;
}

/*
 * take_free_page: one given free frame out of the buddy, for the program's
 * shaping operations (the way alloc_contig_range takes a range, one frame
 * at a time): the free block that holds it leaves its list, the halves that
 * do not hold it go back through free_one_page, and the frame is returned
 * with one reference.  NULL when the frame is not a free buddy page (in use,
 * on a per-cpu list: drain first, reserved, a hole).  No watermark, no trace:
 * the caller says what it did.  `fragment` takes its frames with
 * take_free_range below, which must leave what this leaves frame by frame;
 * core/tests/test_shape.c holds the two against each other.
 */
struct page *take_free_page(struct model *m, unsigned long pfn)
{
	unsigned long head = pfn;
	struct page *page = NULL;
	struct zone *zone;
	unsigned order;

	if (!pfn_valid(m, pfn))
		return NULL;
	for (order = 0; order < m->max_order; order++) {
		head = pfn & ~((1ul << order) - 1);
		if (!pfn_valid(m, head))
			return NULL;
		page = pfn_to_page(m, head);
		if (PageBuddy(page) && page_order(page) == order)
			break;
	}
	if (order == m->max_order)
		return NULL;
	zone = page_zone(m, page);
	list_del(m, (uint32_t)head);
	zone->free_area[order].nr_free--;
	rmv_page_order(m, page);
	__mod_zone_freepage_state(zone, -(1l << order), MIGRATE_MOVABLE);
	while (order > 0) {
		unsigned long other;

		order--;
		if (pfn >= head + (1ul << order)) {
			other = head;
			head += 1ul << order;
		} else {
			other = head + (1ul << order);
		}
		free_one_page(m, zone, pfn_to_page(m, other), other, order,
			      get_pfnblock_migratetype(m, other));
	}
	page = pfn_to_page(m, pfn);
	page_touch(m, page);
	page->private = 0;
	page->index = 0;
	page->_count = 1;
	return page;
}

/*
 * The shaping operations' frames: pfn % every < keep.  kept_from gives the
 * first such frame at or above pfn (end if none below end); kept_below counts
 * those below pfn; kept_nth gives the one of index j in that count.  No sum
 * here passes the largest frame number.
 */
static unsigned long kept_from(unsigned long pfn, unsigned long end, unsigned every, unsigned keep)
{
	unsigned long r = pfn % every;

	if (pfn >= end)
		return end;
	if (r < keep)
		return pfn;
	return every - r >= end - pfn ? end : pfn + (every - r);
}

static unsigned long kept_below(unsigned long pfn, unsigned every, unsigned keep)
{
	unsigned long r = pfn % every;

	return pfn / every * keep + (r < keep ? r : keep);
}

static unsigned long kept_nth(unsigned long j, unsigned every, unsigned keep)
{
	return j / keep * every + j % keep;
}

/*
 * take_block: what take_free_page does to the free block [h, h + 2^k) of
 * zone when it is called for each of the block's kept frames from t0 up to
 * stop (exclusive), in ascending order: those frames end in frames[] with a
 * reference each, and the free lists, counters and frames end as those calls
 * leave them.  The calls free each half that does not hold their frame; a
 * half that holds a later frame is taken again by a later call.  Here such a
 * half is never listed: a block put on a list and taken off again leaves the
 * others in the order they were, so the lists come out the same when only
 * the halves that stay free are listed, each at the moment and at the end
 * (head or tail) __free_one_page would give it:
 *  - no half merges (its buddy holds the frame being taken);
 *  - a lower half never holds a later frame;
 *  - __free_one_page puts a half at the tail when the block beside its
 *    parent is free at the parent's order.  Below the first split of a
 *    call, that block is the half the previous split freed: tail.  At the
 *    first split of a call on a half an earlier call freed, it is the half
 *    that call went on splitting: not free at that order, head.  At the
 *    block's own first split it is whatever lies beside the block: asked.
 * A pending half waits on a stack while the nearer ones are split: the
 * frames it holds come after theirs.
 */
static unsigned long take_block(struct model *m, struct zone *zone, unsigned long h, unsigned k,
				unsigned long t0, unsigned long stop, unsigned every, unsigned keep,
				uint32_t *frames, unsigned long n)
{
	struct page *pages = m->pm.pages;
	const unsigned zid = zone_id_of(zone);
	/*
	 * A half to split later and its first frame to take.  Orders fall from
	 * the stack's bottom to its top: one entry per order at most.
	 */
	struct { unsigned long c, t; unsigned order; } stack[MAX_ORDER_LIMIT];
	int sp = 0;

	list_del(m, (uint32_t)h);
	zone->free_area[k].nr_free--;
	rmv_page_order(m, &pages[h]);
	__mod_zone_freepage_state(zone, -(1l << k), MIGRATE_MOVABLE);
	/* every free resets the zone's scan counter: the first one here does it */
	if (k)
		reset_pages_scanned(m, zone);
	stack[sp].c = h;
	stack[sp].t = t0;
	stack[sp++].order = k;
	while (sp) {
		unsigned long c = stack[--sp].c, t = stack[sp].t;
		unsigned ck = stack[sp].order;
		struct page *page;

		for (unsigned o = ck; o-- > 0; ) {
			unsigned long half = 1ul << o, parent = t & ~((half << 1) - 1), other, lim;
			bool upper = t - parent < half, tail = false;
			int mt;

			other = upper ? parent + half : parent;
			mt = get_pfnblock_migratetype(m, other);
			__mod_zone_freepage_state(zone, 1l << o, mt);
			VM_BUG_ON_PAGE(m, pages[other].flags & PAGE_FLAGS_CHECK_AT_PREP, &pages[other]);
			lim = other + half < stop ? other + half : stop;
			if (upper && (stack[sp].t = kept_from(other, lim, every, keep)) < lim) {
				/* taken again by a later frame's call, which takes it off its list */
				__mod_zone_freepage_state(zone, -(1l << o), MIGRATE_MOVABLE);
				stack[sp].c = other;
				stack[sp++].order = o;
				continue;
			}
			if (DEBUG >= 1)
				MODEL_BUG_ON_PAGE(m, page_is_buddy(m, zid, &pages[other ^ half], o),
						  &pages[other]);
			if (o + 2 < m->max_order) {
				if (o + 1 < ck)
					tail = true;
				else if (c == h)
					tail = page_is_buddy(m, zid, &pages[c ^ (1ul << ck)], ck);
			}
			if (tail)
				list_add_tail_at(m, pages, (uint32_t)other, free_list_id(zone, o, mt));
			else
				list_add_at(m, pages, (uint32_t)other, free_list_id(zone, o, mt));
			set_page_order(&pages[other], o);
			zone->free_area[o].nr_free++;
			if (DEBUG >= 1)
				check_merged(m, zone, other, o);
		}
		page = &pages[t];
		page_touch(m, page);
		if (t == c && c != h) {
			/* the head of a half taken off its list (rmv_page_order) */
			page->lru.next = PFN_NONE;
			page->lru.prev = PFN_NONE;
			page->_mapcount = -1;
		}
		page->private = 0;
		page->index = 0;
		page->_count = 1;
		frames[n++] = (uint32_t)t;
	}
	return n;
}

/*
 * take_free_range: take_free_page for each frame of [lo, hi) with
 * pfn % every < keep, in ascending order, until max frames are taken; the
 * frames taken go to frames[] and their number is returned.  The state it
 * leaves is the one those calls leave (core/tests/test_shape.c compares the
 * two), in time linear in the frames taken: a free block is split once.
 */
unsigned long take_free_range(struct model *m, unsigned long lo, unsigned long hi, unsigned every,
			      unsigned keep, uint32_t *frames, unsigned long max)
{
	unsigned long n = 0, pfn;

	if (!every || !keep || hi > m->pm.nr_frames)
		return 0;
	if (keep > every)
		keep = every;
	for (pfn = kept_from(lo, hi, every, keep); pfn < hi && n < max; ) {
		unsigned long head = pfn, end, stop, want = max - n, first;
		struct page *page = pfn_to_page(m, pfn);
		unsigned order;

		/*
		 * A frame with a reference is in use: the frames of a free block
		 * have none, so no block holds it (and over memory already in use,
		 * as a second fragment of a range finds it, this skips the search)
		 */
		if (page->_count > 0) {
			pfn = kept_from(pfn + 1, hi, every, keep);
			continue;
		}
		for (order = 0; order < m->max_order; order++) {
			head = pfn & ~((1ul << order) - 1);
			page = pfn_to_page(m, head);
			if (PageBuddy(page) && page_order(page) == order)
				break;
		}
		if (order == m->max_order) {
			pfn = kept_from(pfn + 1, hi, every, keep);
			continue;
		}
		end = head + (1ul << order) < hi ? head + (1ul << order) : hi;
		/* the block's frames to take: up to the max-th of the range */
		first = kept_below(pfn, every, keep);
		stop = kept_below(end, every, keep) - first > want ?
		       kept_nth(first + want - 1, every, keep) + 1 : end;
		n = take_block(m, page_zone(m, page), head, order, pfn, stop, every, keep, frames, n);
		pfn = kept_from(end, hi, every, keep);
	}
	return n;
}

/* ---- allocating --------------------------------------------------------- */

/* The kernel tests these in the opposite order and reports the last that fails. */
static __attribute__((noinline, cold)) const char *check_new_page_reason(const struct page *page)
{
	if (page->flags & PAGE_FLAGS_CHECK_AT_PREP)
		return "PAGE_FLAGS_CHECK_AT_PREP flag set";
	if (page->_count != 0)
		return "nonzero _count";
	if (page->mapping != 0)
		return "non-NULL mapping";
	if (page_mapcount(page))
		return "nonzero mapcount";
	return NULL;
}

static __attribute__((noinline)) void prep_compound_page(struct model *m, struct page *page, unsigned order)
{
	unsigned long head = page_to_pfn(m, page);

	SetPageFlag(m, page, PG_head);
	page->compound_order = (uint8_t)order;
	for (unsigned long i = 1; i < (1ul << order); i++) {
		struct page *p = page + i;

		SetPageFlag(m, p, PG_tail);
		p->first_page = (uint32_t)head;
	}
}

/*
 * prep_new_page: sanity-check every page of the block and make it a live
 * allocation.  Returns true if the block is bad: it is then reported and
 * kept out of use, and the caller tries the zone again.  Whether a page
 * turns out corrupted by a stray write is a choice point
 * [choice: CHOICE_PAGE_BAD, default: it is not], asked until the run has
 * used its budget of MODEL_MAX_INJECTED_BAD corruptions.
 */
static inline __attribute__((always_inline)) bool
prep_new_page(struct model *m, struct page *page, unsigned order, gfp_t gfp, int alloc_flags)
{
	unsigned long nr;

	if (m->nr_injected_bad < MODEL_MAX_INJECTED_BAD && !choice_fair(m, CHOICE_PAGE_BAD)) {
		struct choice_query q = { .id = CHOICE_PAGE_BAD, .nr = 2, .dflt = 0, .gfp = gfp,
					  .order = (int)order, .task = m->current,
					  .pfn = (uint32_t)page_to_pfn(m, page),
					  .label = m->trace.label, .zone = 1 + page_zone_id(page) };

		if (choice_ask(m, &q) == 1) {
			m->nr_injected_bad++;
			page_touch(m, page);
			page->flags |= 1u << PG_hwpoison;
		}
	}
	nr = 1ul << order;
	if (DEBUG < 1 || (nr > 1 && !tails_state(m, page, nr, PAGE_FLAGS_CHECK_AT_PREP)))
		nr = 1;	/* DEBUG=0 walks no tails (see README); DEBUG=1 only unclean ones */
	for (unsigned long i = 0; i < nr; i++) {
		const char *why;

		/* check_new_page's four tests at once; the reason only when one fails */
		if (__builtin_expect(page_expected_state(page + i, PAGE_FLAGS_CHECK_AT_PREP, 0), 1))
			continue;
		why = check_new_page_reason(page + i);
		if (why) {
			bad_page(m, page + i, why);
			quarantine_block(m, page, order);
			return true;
		}
	}
	/* buffered_rmqueue took it off a list, which marked it (physmem.h) */
	if (DEBUG >= 1)
		MODEL_BUG_ON_PAGE(m, !(page->mflags & MF_DIRTY), page);
	page->private = 0;
	page->_count = 1;		/* set_page_refcounted */
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(m, page, order);
	page->pfmemalloc = !!(alloc_flags & ALLOC_NO_WATERMARKS);
	return false;
}

/*
 * buffered_rmqueue: order 0 from the current CPU's list (refilled with a
 * batch from the buddy when empty), higher orders from the buddy.
 */
static inline __attribute__((always_inline)) struct page *
buffered_rmqueue(struct model *m, struct zone *preferred_zone, struct zone *zone, unsigned order,
		 gfp_t gfp_flags, int migratetype)
{
	bool cold = !!(gfp_flags & __GFP_COLD);
	struct page *page;
	(void)preferred_zone;

	if (order == 0) {
		struct per_cpu_pages *pcp = &zone->pcp[current_task(m)->cpu];
		uint32_t list = pcp->lists[migratetype];
		uint32_t pfn;

		if (list_empty(m, list)) {
			pcp->count += rmqueue_bulk(m, zone, 0, pcp->batch, list, migratetype, cold);
			if (list_empty(m, list))
				return NULL;
		}
		pfn = cold ? list_last(m, list) : list_first(m, list);
		page = pfn_to_page(m, pfn);
		list_del(m, pfn);
		pcp->count--;
	} else {
		if (gfp_flags & __GFP_NOFAIL) {
			if (order > 1)
				model_warn(m, WARN_NOFAIL_HIGH_ORDER,
					   "WARNING: buffered_rmqueue: __GFP_NOFAIL with order %u > 1",
					   order);
		}
		page = __rmqueue_inline(m, zone, order, migratetype);
		if (!page)
			return NULL;
		__mod_zone_freepage_state(zone, -(1l << order), get_freepage_migratetype(page));
		TRACE(m, EV_MM_PAGE_ALLOC_ZONE_LOCKED, (int64_t)page_to_pfn(m, page), order,
		      migratetype, 0);
	}
	__mod_zone_page_state(zone, NR_ALLOC_BATCH, -(1l << order));
	if (zone_page_state(zone, NR_ALLOC_BATCH) <= 0 && !test_bit_zone(zone, ZONE_FAIR_DEPLETED))
		set_bit_zone(zone, ZONE_FAIR_DEPLETED);
	count_vm_events(m, PGALLOC, 1l << order);
	return page;
}

/* ---- watermarks ------------------------------------------------------------- */

/*
 * The part of the watermark test v4.2 and v4.4 share: the mark lowered for
 * ALLOC_HIGH and ALLOC_HARDER against the free pages less the request's
 * and the zone's lowmem reserve.  Leaves *free_pages and *min as the
 * per-order part goes on with them.
 */
static inline bool watermark_base_ok(const struct zone *z, unsigned order, unsigned long mark,
				     int classzone_idx, int alloc_flags, long *free_pages,
				     long *min)
{
	*min = (long)mark;
	/* no block that large exists: the buddy would fail it anyway */
	if (order >= MAX_ORDER_LIMIT)
		return false;
	/* the request's pages but one come off; the count is signed and may fall below 0 */
	*free_pages -= (1l << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		*min -= *min / 2;
	if (alloc_flags & ALLOC_HARDER)
		*min -= *min / 4;
	return *free_pages > *min + z->lowmem_reserve[classzone_idx];
}

static bool __zone_watermark_ok(const struct zone *z, unsigned order, unsigned long mark,
				int classzone_idx, int alloc_flags, long free_pages)
{
	long min;

	if (!watermark_base_ok(z, order, mark, classzone_idx, alloc_flags, &free_pages, &min))
		return false;
	for (unsigned o = 0; o < order && o < MAX_ORDER_LIMIT; o++) {
		/* blocks of order o are too small for what is left to test: no longer counted */
		free_pages -= z->free_area[o].nr_free << o;
		/* each order up needs half the mark of the one below */
		min >>= 1;
		if (free_pages <= min)
			return false;
	}
	return true;
}

/*
 * patch oom-detection-rework (0a0337e0d1d1 builds on v4.4's "mm, page_alloc:
 * only enforce watermarks for order-0 allocations", 97a16fc82a7c): the
 * order-0 test against free_pages, then one free block of the order or
 * larger on an UNMOVABLE, RECLAIMABLE or MOVABLE list (any list for
 * ALLOC_HARDER).  Used only by the checks the rework adds.
 */
bool __zone_watermark_ok_v44(struct model *m, const struct zone *z, unsigned order,
			     unsigned long mark, int classzone_idx, int alloc_flags,
			     long free_pages)
{
	long min;

	if (!watermark_base_ok(z, order, mark, classzone_idx, alloc_flags, &free_pages, &min))
		return false;
	if (!order)
		return true;
	for (unsigned o = order; o < m->max_order; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		if (alloc_flags & ALLOC_HARDER)
			return true;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(m, area->free_list[mt]))
				return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned order, unsigned long mark, int classzone_idx,
		       int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags,
				   zone_page_state(z, NR_FREE_PAGES));
}

/* The model keeps exact counters, so the "safe" variant needs no snapshot. */
bool zone_watermark_ok_safe(struct zone *z, unsigned order, unsigned long mark,
			    int classzone_idx, int alloc_flags)
{
	return zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags);
}

/* ---- dirty limits (mm/page-writeback.c) ----------------------------------- */

#define VM_DIRTY_RATIO 20

/* zone_dirtyable_memory (page-writeback.c): free pages above the dirty reserve, plus the file LRU */
unsigned long zone_dirtyable_memory(const struct zone *zone)
{
	unsigned long nr_pages = (unsigned long)zone_page_state(zone, NR_FREE_PAGES);

	nr_pages -= nr_pages < zone->dirty_balance_reserve ? nr_pages : zone->dirty_balance_reserve;
	nr_pages += (unsigned long)zone_page_state(zone, NR_INACTIVE_FILE);
	nr_pages += (unsigned long)zone_page_state(zone, NR_ACTIVE_FILE);
	return nr_pages;
}

static __attribute__((noinline)) bool zone_dirty_ok(struct model *m, const struct zone *zone)
{
	unsigned long dirty = zone_dirtyable_memory(zone) * VM_DIRTY_RATIO / 100;

	if (current_task(m)->rt || (current_task(m)->flags & PF_LESS_THROTTLE))
		dirty += dirty / 4;
	return (unsigned long)(zone_page_state(zone, NR_FILE_DIRTY) +
			       zone_page_state(zone, NR_UNSTABLE_NFS) +
			       zone_page_state(zone, NR_WRITEBACK)) <= dirty;
}

/* ---- zonelists and cpusets ---------------------------------------------------- */

struct zonelist *node_zonelist(struct model *m, int nid, gfp_t flags)
{
	return &m->node[nid].node_zonelists[(m->cfg.numa && (flags & __GFP_THISNODE)) ?
					    ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
}

static inline struct zone *zoneref_zone(struct model *m, const struct zoneref *z)
{
	return model_zone(m, z->node, z->zone_idx);
}

struct zone *first_zones_zonelist(struct model *m, struct zonelist *zl, int highest_zoneidx,
				  nodemask_t *nodes, int *idx_out)
{
	for (int i = 0; i < zl->nr; i++) {
		const struct zoneref *z = &zl->_zonerefs[i];

		if (z->zone_idx > highest_zoneidx)
			continue;
		if (nodes && !(*nodes & (1u << z->node)))
			continue;
		if (idx_out)
			*idx_out = z->zone_idx;
		return zoneref_zone(m, z);
	}
	if (idx_out)
		*idx_out = highest_zoneidx;
	return NULL;
}

static inline bool in_interrupt(struct model *m)
{
	return current_task(m)->ctx != CTX_PROCESS;
}

static inline bool in_serving_softirq(struct model *m)
{
	return current_task(m)->ctx == CTX_SOFTIRQ;
}

/*
 * cpuset_zone_allowed (__cpuset_node_allowed): interrupts, the task's own
 * mems, and OOM victims may use any node; a hardwall request stops there;
 * an exiting task may; a softwall request is checked against the nearest
 * hardwall ancestor, which in the model is the root cpuset (all nodes).
 */
bool cpuset_zone_allowed(struct model *m, struct zone *z, gfp_t gfp)
{
	struct task *t = current_task(m);
	int node = zone_to_nid(z);

	if (in_interrupt(m))
		return true;
	if (t->mems_allowed & (1u << node))
		return true;
	if (t->tif & TIF_MEMDIE)
		return true;
	if (gfp & __GFP_HARDWALL)
		return false;
	if (t->flags & PF_EXITING)
		return true;
	return true;
}

static inline bool zone_local(const struct zone *local_zone, const struct zone *zone)
{
	return local_zone->node == zone->node;
}

void reset_alloc_batches(struct model *m, struct zone *preferred_zone)
{
	struct pglist_data *pgdat = &m->node[preferred_zone->node];

	/* the node's zones from the lowest up to the preferred one, as the kernel walks them */
	for (int zid = 0; zid <= preferred_zone->idx; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		zone->vm_stat[NR_ALLOC_BATCH] = (long)(high_wmark_pages(zone) - low_wmark_pages(zone));
		clear_bit_zone(zone, ZONE_FAIR_DEPLETED);
	}
}

/*
 * The walk's tests of a zoneref that need no look at the zone's pages: the
 * zone index, the node mask, the cpuset, and for the fair pass the node.
 */
enum zoneref_verdict { ZR_USE, ZR_SKIP, ZR_STOP };

static inline __attribute__((always_inline)) enum zoneref_verdict
zoneref_filter(struct model *m, const struct zoneref *zr, gfp_t gfp_mask, int alloc_flags,
	       const struct alloc_context *ac, struct zone **zonep)
{
	struct zone *zone;

	if (!zoneref_in_request(ac, zr))
		return ZR_SKIP;
	zone = zoneref_zone(m, zr);
	if ((alloc_flags & ALLOC_CPUSET) && !cpuset_zone_allowed(m, zone, gfp_mask))
		return ZR_SKIP;
	if ((alloc_flags & ALLOC_FAIR) && !zone_local(ac->preferred_zone, zone))
		return ZR_STOP;
	*zonep = zone;
	return ZR_USE;
}

/*
 * A walk started at a hint (alloc_plan_make) skips no zoneref the kernel's
 * walk would have used: every one before it fails on its zone index, and the
 * hinted one passes zoneref_filter as the preferred zone.  Debug level 3, as
 * check_alloc_plan (the same shortcut).
 */
static __attribute__((noinline)) void check_walk_hint(struct model *m, const struct alloc_context *ac,
						      int hint, gfp_t gfp_mask, int alloc_flags)
{
	struct zone *zone = NULL;

	if (hint < 0)
		return;
	for (int i = 0; i < hint; i++)
		MODEL_BUG_ON(m, ac->zonelist->_zonerefs[i].zone_idx <= ac->high_zoneidx);
	MODEL_BUG_ON(m, hint >= ac->zonelist->nr);
	MODEL_BUG_ON(m, zoneref_filter(m, &ac->zonelist->_zonerefs[hint], gfp_mask, alloc_flags, ac,
				       &zone) != ZR_USE);
	MODEL_BUG_ON(m, zone != ac->preferred_zone);
}

/*
 * One zone of the walk, past zoneref_filter: the fair pass's depleted batch,
 * the dirty limit, the watermark (zone_reclaim when it fails and the mode is
 * on), then a page from buffered_rmqueue; a bad page makes it try again.
 */
static inline __attribute__((always_inline)) struct page *
zone_attempt(struct model *m, struct zone *zone, gfp_t gfp_mask, unsigned order, int alloc_flags,
	     const struct alloc_context *ac, bool consider_zone_dirty, int *nr_fair_skipped)
{
	unsigned long mark;
	struct page *page;

	if ((alloc_flags & ALLOC_FAIR) && test_bit_zone(zone, ZONE_FAIR_DEPLETED)) {
		(*nr_fair_skipped)++;
		return NULL;
	}
	if (consider_zone_dirty && !zone_dirty_ok(m, zone))
		return NULL;

	mark = zone->watermark[alloc_flags & ALLOC_WMARK_MASK];
	if (!zone_watermark_ok(zone, order, mark, ac->classzone_idx, alloc_flags)) {
		int ret;

		if (alloc_flags & ALLOC_NO_WATERMARKS)
			goto try_this_zone;
		/*
		 * zone_allows_reclaim() always holds: the model's two
		 * nodes are at distance 20, below RECLAIM_DISTANCE.
		 */
		if (!m->cfg.zone_reclaim_mode)
			return NULL;
		ret = zone_reclaim(m, zone, gfp_mask, order);
		switch (ret) {
		case ZONE_RECLAIM_NOSCAN:
		case ZONE_RECLAIM_FULL:
			return NULL;
		default:
			if (zone_watermark_ok(zone, order, mark, ac->classzone_idx, alloc_flags))
				goto try_this_zone;
			return NULL;
		}
	}

try_this_zone:
	page = buffered_rmqueue(m, ac->preferred_zone, zone, order, gfp_mask, ac->migratetype);
	if (page) {
		if (prep_new_page(m, page, order, gfp_mask, alloc_flags))
			goto try_this_zone;
		return page;
	}
	return NULL;
}

/*
 * get_page_from_freelist: walk the zonelist and take a page from the first
 * zone that passes the watermark for alloc_flags.  The fair pass stays on
 * the local node and skips depleted zones; a second pass runs without it.
 * The zonelist cache (zlc) is left out: it only remembers, for one second,
 * zones found full, and the second pass runs without it anyway.
 */
static inline __attribute__((always_inline)) struct page *
__get_page_from_freelist(struct model *m, gfp_t gfp_mask, unsigned order, int alloc_flags,
			 const struct alloc_context *ac, int hint)
{
	bool zonelist_rescan;
	int nr_fair_skipped;
	bool consider_zone_dirty = (alloc_flags & ALLOC_WMARK_LOW) && (gfp_mask & __GFP_WRITE);
	struct page *page;
	int i;

zonelist_scan:
	zonelist_rescan = false;
	nr_fair_skipped = 0;
	i = 0;
	if (hint >= 0) {
		if (DEBUG >= 1 && m->cfg.debug >= 3)
			check_walk_hint(m, ac, hint, gfp_mask, alloc_flags);
		/* the preferred zone, known to pass zoneref_filter (alloc_plan_make) */
		page = zone_attempt(m, ac->preferred_zone, gfp_mask, order, alloc_flags, ac,
				    consider_zone_dirty, &nr_fair_skipped);
		if (page)
			return page;
		i = hint + 1;
	}
	for (; i < ac->zonelist->nr; i++) {
		struct zone *zone;
		enum zoneref_verdict v = zoneref_filter(m, &ac->zonelist->_zonerefs[i], gfp_mask,
							alloc_flags, ac, &zone);

		if (v == ZR_SKIP)
			continue;
		if (v == ZR_STOP)
			break;
		page = zone_attempt(m, zone, gfp_mask, order, alloc_flags, ac, consider_zone_dirty,
				    &nr_fair_skipped);
		if (page)
			return page;
	}

	/*
	 * The fair pass stayed on the local node and passed over zones whose
	 * fair batch was spent.  Before the slowpath (and kswapd's wake-up),
	 * walk the zonelist again without that rule: the spent local zones may
	 * still hold free pages, and the remote nodes were not looked at yet.
	 * A remote page costs less than reclaim on the local node.
	 */
	if (alloc_flags & ALLOC_FAIR) {
		alloc_flags &= ~ALLOC_FAIR;
		if (nr_fair_skipped) {
			zonelist_rescan = true;
			reset_alloc_batches(m, ac->preferred_zone);
		}
		if (m->nr_online_nodes > 1)
			zonelist_rescan = true;
	}
	if (zonelist_rescan) {
		hint = -1;
		goto zonelist_scan;
	}
	return NULL;
}

struct page *get_page_from_freelist(struct model *m, gfp_t gfp_mask, unsigned order,
				    int alloc_flags, const struct alloc_context *ac)
{
	return __get_page_from_freelist(m, gfp_mask, order, alloc_flags, ac, -1);
}

/* ---- entry ---------------------------------------------------------------------- */

/* should_fail_alloc_page [choice: CHOICE_FAIL_ALLOC_PAGE, default: no]; never for NOFAIL. */
static bool should_fail_alloc_page(struct model *m, gfp_t gfp_mask, unsigned order)
{
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (choice_fair(m, CHOICE_FAIL_ALLOC_PAGE))
		return false;
	{
		struct choice_query q = { .id = CHOICE_FAIL_ALLOC_PAGE, .nr = 2, .dflt = 0,
					  .gfp = gfp_mask, .order = (int)order, .task = m->current,
					  .pfn = PFN_NONE, .label = L_ENTRY,
					  .ctx = current_task(m)->ctx };

		return choice_ask(m, &q) == 1;
	}
}

/* read_mems_allowed_retry [choice: CHOICE_CPUSET_CHANGED, default: no change]. */
static bool read_mems_allowed_retry(struct model *m, uint32_t cookie)
{
	struct task *t = current_task(m);
	struct choice_query q = { .id = CHOICE_CPUSET_CHANGED, .nr = 2, .dflt = 0,
				  .order = -1, .task = m->current, .pfn = PFN_NONE,
				  .label = L_RETRY_CPUSET };

	if (choice_ask(m, &q) == 1) {
		/* another CPU rewrote the cpuset: the task's mems were updated */
		t->mems_seq++;
	}
	return t->mems_seq != cookie;
}

static inline gfp_t memalloc_noio_flags(struct model *m, gfp_t flags)
{
	if (current_task(m)->flags & PF_MEMALLOC_NOIO)
		flags &= ~(__GFP_IO | __GFP_FS);
	return flags;
}

/*
 * The gfp contract at the end of an allocation: NOFAIL never returns NULL,
 * THISNODE never comes from another node, order >= MAX_ORDER always fails.
 */
static void check_gfp_contract_result(struct model *m, gfp_t gfp, unsigned order,
				      struct page *page, const struct alloc_context *ac)
{
	char sig[160];

	if (m->stopped)
		return;
	if (!page && (gfp & __GFP_NOFAIL)) {
		const char *where = "nopage";

		for (int b = NR_SEED_LABELS - 1; b >= 0; b--)
			if (b != L_NOPAGE && b != L_GOT_PG && (m->alloc_path & (1u << b))) {
				where = seed_label_name[b];
				break;
			}
		snprintf(sig, sizeof(sig), "gfp-contract:nofail-null@%s", where);
		model_finding(m, V_GFP_CONTRACT, sig,
			      "__GFP_NOFAIL allocation (order %u, gfp %#x, task %s) returned NULL; "
			      "last step before nopage: %s", order, gfp, current_task(m)->name, where);
		return;
	}
	if (page && order >= m->max_order) {
		model_finding(m, V_GFP_CONTRACT, "gfp-contract:order-ge-max-order-served",
			      "an order-%u request (MAX_ORDER %u) returned a page", order, m->max_order);
		return;
	}
	if (page && m->cfg.numa && (gfp & __GFP_THISNODE) && ac->zonelist->nr &&
	    page_to_nid(page) != ac->zonelist->_zonerefs[0].node) {
		model_finding(m, V_GFP_CONTRACT, "gfp-contract:thisnode-remote",
			      "__GFP_THISNODE allocation for node %d was served from node %d (pfn %#lx)",
			      ac->zonelist->_zonerefs[0].node, page_to_nid(page), page_to_pfn(m, page));
	}
}

/*
 * The first allocation attempt: the zonelist walk with the fast path's flags
 * and __GFP_HARDWALL, under the fastpath label; hint as for the walk.
 */
static inline __attribute__((always_inline)) struct page *
first_attempt(struct model *m, gfp_t gfp_mask, unsigned order, const struct alloc_context *ac,
	      int hint)
{
	gfp_t alloc_mask = gfp_mask | __GFP_HARDWALL;
	struct page *page;

	m->trace.label = L_FASTPATH;
	page = __get_page_from_freelist(m, alloc_mask, order,
					ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR, ac, hint);
	if (page)
		TRACE(m, EV_MM_PAGE_ALLOC, (int64_t)page_to_pfn(m, page), order, alloc_mask,
		      ac->migratetype);
	return page;
}

/*
 * The rest of __alloc_pages_nodemask when the first attempt failed or its
 * page needs the gfp contract checked: the slowpath, the cpuset retry and
 * the contract.  Out of line, so that the common case (a page from the
 * first attempt) runs in a small function.
 */
static __attribute__((noinline)) struct page *
__alloc_pages_rest(struct model *m, gfp_t gfp_mask, unsigned order, struct alloc_context *ac,
		   struct page *page, uint32_t cpuset_mems_cookie)
{
	gfp_t alloc_mask;
	int wd = -1;

	if (page || !ac->preferred_zone)
		goto out;
	goto slowpath;

retry_cpuset:
	cpuset_mems_cookie = current_task(m)->mems_seq;
	m->alloc_cookie = cpuset_mems_cookie;
	ac->preferred_zone = first_zones_zonelist(m, ac->zonelist, ac->high_zoneidx,
						  ac->nodemask ? ac->nodemask :
						  &current_task(m)->mems_allowed,
						  &ac->classzone_idx);
	if (!ac->preferred_zone)
		goto out;

	page = first_attempt(m, gfp_mask, order, ac, -1);
	if (page)
		goto out;
slowpath:
	alloc_mask = memalloc_noio_flags(m, gfp_mask);
	page = __alloc_pages_slowpath(m, alloc_mask, order, ac);
	if (page)
		TRACE(m, EV_MM_PAGE_ALLOC, (int64_t)page_to_pfn(m, page), order, alloc_mask,
		      ac->migratetype);
out:
	if (!page && !m->stopped && read_mems_allowed_retry(m, cpuset_mems_cookie)) {	/* [step:retry_cpuset] */
		TRACE0(m, EV_CPUSET_RETRY);
		if (wd < 0)
			wd = watchdog_enter(m, LOOP_RETRY_CPUSET);
		watchdog_progress(m, wd, 0, PR_CPUSET_CHANGED);
		if (!watchdog_round(m, wd, 0))
			goto retry_cpuset;
	}
	check_gfp_contract_result(m, gfp_mask, order, page, ac);
	if (wd >= 0)
		watchdog_exit(m, wd);
	return page;
}

static __attribute__((noinline, cold)) void warn_bad_migratetype(struct model *m, gfp_t gfp_mask)
{
	model_warn(m, WARN_BAD_GFP_MIGRATETYPE, "VM_WARN_ON: gfp %#x has both __GFP_MOVABLE "
		   "and __GFP_RECLAIMABLE", gfp_mask);
}

static __attribute__((noinline, cold)) void warn_sleep_in_atomic(struct model *m, gfp_t gfp_mask,
								unsigned order)
{
	model_warn(m, WARN_SLEEP_IN_ATOMIC, "BUG: sleeping function called from invalid "
		   "context: gfp %#x order %u in %s context", gfp_mask, order,
		   in_serving_softirq(m) ? "softirq" : "irq");
}

/*
 * The first attempt's context (gfp_zone, the migratetype, first_zones_zonelist)
 * is a function of the gfp mask, the zonelist and the node mask alone, so the
 * last one worked out is kept in m->plan and used again for the same three.
 * plan_compute works it out (gfp_zone's warning only if warn); a mask whose
 * zone modifiers are bad is never kept: gfp_zone warns each time.
 */
static void plan_compute(struct model *m, bool warn, gfp_t gfp_mask, struct zonelist *zonelist,
			 nodemask_t mask, struct alloc_plan *plan)
{
	plan->high_zoneidx = gfp_zone(warn ? m : NULL, gfp_mask);
	plan->migratetype = gfpflags_to_migratetype(gfp_mask);
	if (plan->migratetype >= MIGRATE_PCPTYPES)
		plan->migratetype = MIGRATE_MOVABLE;	/* both mobility bits: see the caller */
	plan->preferred_zone = first_zones_zonelist(m, zonelist, plan->high_zoneidx, &mask,
						    &plan->classzone_idx);
	/*
	 * The walk may start at the preferred zone, its zoneref's tests taken as
	 * passed, when every zoneref before it is one the walk skips for its zone
	 * index alone.  Passed they are when the node mask is the task's mems (a
	 * caller's nodemask gets no hint): the zone's index is <= high_zoneidx,
	 * its node is in the mems, and it is the preferred zone itself.
	 */
	plan->hint = -1;
	for (int i = 0; plan->preferred_zone && i < zonelist->nr; i++) {
		if (zoneref_zone(m, &zonelist->_zonerefs[i]) == plan->preferred_zone) {
			plan->hint = i;
			break;
		}
		if (zonelist->_zonerefs[i].zone_idx <= plan->high_zoneidx)
			break;
	}
	plan->zonelist = gfp_zone_table[gfp_mask & GFP_ZONEMASK] >= 0 ? zonelist : NULL;
	plan->gfp = gfp_mask;
	plan->mask = mask;
}

/*
 * The plan in use is what gfp_zone and first_zones_zonelist say now.  It
 * checks the harness's own shortcut, not the kernel's rules, so it runs at
 * debug level 3 (the tests that set it, PAFUZZ_DEBUG=3, and the regression
 * cases' run at that level in make check): at every allocation it was 3% of
 * a fuzzing build's time.
 */
static __attribute__((noinline)) void check_alloc_plan(struct model *m, gfp_t gfp_mask,
						       struct zonelist *zonelist, nodemask_t mask)
{
	struct alloc_plan now;

	plan_compute(m, false, gfp_mask, zonelist, mask, &now);
	MODEL_BUG_ON(m, m->plan.high_zoneidx != now.high_zoneidx);
	MODEL_BUG_ON(m, m->plan.migratetype != now.migratetype);
	MODEL_BUG_ON(m, m->plan.preferred_zone != now.preferred_zone);
	MODEL_BUG_ON(m, m->plan.classzone_idx != now.classzone_idx);
}

static __attribute__((noinline)) void alloc_plan_make(struct model *m, gfp_t gfp_mask,
						      struct zonelist *zonelist, nodemask_t mask)
{
	plan_compute(m, true, gfp_mask, zonelist, mask, &m->plan);
}

struct page *__alloc_pages_nodemask(struct model *m, gfp_t gfp_mask, unsigned order,
				    struct zonelist *zonelist, nodemask_t *nodemask)
{
	/* the current task, read only before the first attempt's walk */
	struct task *t = current_task(m);
	struct page *page = NULL;
	uint32_t cpuset_mems_cookie;
	nodemask_t mask = nodemask ? *nodemask : t->mems_allowed;
	struct alloc_context ac;
	int saved_label = m->trace.label;
	gfp_t saved_gfp = m->alloc_gfp;
	int saved_order = m->alloc_order;
	uint32_t saved_cookie = m->alloc_cookie, saved_path = m->alloc_path;

	/* ac as the kernel sets it up, from the plan (gfp_zone's warning, if any, first) */
	if (__builtin_expect(m->plan.zonelist != zonelist || m->plan.gfp != gfp_mask ||
			     m->plan.mask != mask, 0))
		alloc_plan_make(m, gfp_mask, zonelist, mask);
	if (DEBUG >= 1 && m->cfg.debug >= 3)
		check_alloc_plan(m, gfp_mask, zonelist, mask);
	ac.high_zoneidx = m->plan.high_zoneidx;
	ac.migratetype = m->plan.migratetype;
	ac.nodemask = nodemask;
	ac.zonelist = zonelist;
	ac.preferred_zone = m->plan.preferred_zone;
	ac.classzone_idx = m->plan.classzone_idx;
	/*
	 * gfpflags_to_migratetype: both mobility bits make index 3, past the
	 * per-cpu lists (a VM_WARN_ON in the kernel, memory corruption without
	 * DEBUG_VM); the model warns and treats the request as movable (the
	 * plan's migratetype already says so).
	 */
	if (__builtin_expect((gfp_mask & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) ==
			     (__GFP_MOVABLE | __GFP_RECLAIMABLE), 0))
		warn_bad_migratetype(m, gfp_mask);
	if (__builtin_expect(gfp_mask & ~m->gfp_allowed_mask, 0))
		TRACE(m, EV_GFP_ALLOWED, gfp_mask, gfp_mask & m->gfp_allowed_mask);
	gfp_mask &= m->gfp_allowed_mask;
	/*
	 * might_sleep_if(gfp_mask & __GFP_WAIT): a request that may sleep, made
	 * from interrupt or softirq context, is the caller's bug; the kernel
	 * (DEBUG_ATOMIC_SLEEP) prints the splat and goes on, and so does the model.
	 * The test is in_interrupt(), on t, which is already read.
	 */
	if ((gfp_mask & __GFP_WAIT) && __builtin_expect(t->ctx != CTX_PROCESS, 0))
		warn_sleep_in_atomic(m, gfp_mask, order);
	m->alloc_depth++;
	m->alloc_gfp = gfp_mask;
	m->alloc_order = (int)order;
	m->alloc_path = 0;
	m->trace.label = L_ENTRY;
	if (should_fail_alloc_page(m, gfp_mask, order))
		goto out_label;
	/* empty zonelist: THISNODE on a memoryless node */
	if (zonelist->nr == 0)
		goto out_label;

	cpuset_mems_cookie = t->mems_seq;
	m->alloc_cookie = cpuset_mems_cookie;
	if (ac.preferred_zone) {
		/* the walk may start at the plan's hint; a copy for order 0, one for the rest */
		int hint = nodemask ? -1 : m->plan.hint;

		page = order == 0 ? first_attempt(m, gfp_mask, 0, &ac, hint) :
				    first_attempt(m, gfp_mask, order, &ac, hint);
	}
	/* the common case, a page of a valid order without THISNODE, needs nothing more */
	if (__builtin_expect(!page || order >= m->max_order || (gfp_mask & __GFP_THISNODE), 0))
		page = __alloc_pages_rest(m, gfp_mask, order, &ac, page, cpuset_mems_cookie);
out_label:
	m->trace.label = saved_label;
	m->alloc_depth--;
	m->alloc_gfp = saved_gfp;
	m->alloc_order = saved_order;
	m->alloc_cookie = saved_cookie;
	m->alloc_path = saved_path;
	return page;
}

/* alloc_pages_current with the default (local) policy. */
struct page *alloc_pages_current(struct model *m, gfp_t gfp, unsigned order)
{
	return __alloc_pages_nodemask(m, gfp, order, node_zonelist(m, current_task(m)->nid, gfp),
				      NULL);
}

/* ---- zone setup (free_area_init, init_per_zone_wmark_min, build_zonelists) ---- */

static const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable"
};

const char *zone_name(int idx)
{
	return idx >= 0 && idx < MAX_NR_ZONES ? zone_names[idx] : "?";
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1ul << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* nr_free_zone_pages: managed minus high mark over zones <= offset of the zonelist. */
unsigned long nr_free_zone_pages(struct model *m, int offset)
{
	struct zonelist *zl = node_zonelist(m, 0, GFP_KERNEL);
	unsigned long sum = 0;

	for (int i = 0; i < zl->nr; i++) {
		struct zone *zone = zoneref_zone(m, &zl->_zonerefs[i]);
		unsigned long size = zone->managed_pages, high = high_wmark_pages(zone);

		if (zl->_zonerefs[i].zone_idx > offset)
			continue;
		if (size > high)
			sum += size - high;
	}
	return sum;
}

/* zone_batchsize and pageset_set_batch: batch ~ 1/4 of a 1/1024 share, high = 6 * batch. */
static int zone_batchsize(const struct zone *zone)
{
	long batch = (long)(zone->managed_pages / 1024);

	if (batch * 4096 > 512 * 1024)
		batch = (512 * 1024) / 4096;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* rounddown_pow_of_two(batch + batch/2) - 1 */
	{
		long v = batch + batch / 2, p = 1;

		while (p * 2 <= v)
			p *= 2;
		batch = p - 1;
	}
	return (int)batch;
}

static bool pageblock_is_reserved(struct model *m, unsigned long start_pfn, unsigned long end_pfn)
{
	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++)
		if (!pfn_valid(m, pfn) || PageReserved(pfn_to_page(m, pfn)))
			return true;
	return false;
}

/*
 * setup_zone_migrate_reserve: mark up to two movable pageblocks at the start
 * of the zone MIGRATE_RESERVE, as many as the min mark covers.
 */
static void setup_zone_migrate_reserve(struct model *m, struct zone *zone)
{
	unsigned long nr = m->pageblock_nr_pages;
	unsigned long start_pfn = (zone->zone_start_pfn + nr - 1) / nr * nr;
	unsigned long end_pfn = zone_end_pfn(zone);
	long reserve = (long)(((min_wmark_pages(zone) + nr - 1) / nr * nr) >> m->pageblock_order);

	if (reserve > 2)
		reserve = 2;
	for (unsigned long pfn = start_pfn; pfn < end_pfn && reserve > 0; pfn += nr) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned long block_end_pfn = pfn + nr < end_pfn ? pfn + nr : end_pfn;
		int mt = get_pageblock_migratetype(m, page);

		if (page_to_nid(page) != zone_to_nid(zone))
			continue;
		if (pageblock_is_reserved(m, pfn, block_end_pfn))
			continue;
		if (mt == MIGRATE_RESERVE) {
			reserve--;
			continue;
		}
		if (mt == MIGRATE_MOVABLE) {
			set_pageblock_migratetype(m, page, MIGRATE_RESERVE);
			move_freepages_block(m, zone, page, MIGRATE_RESERVE);
			reserve--;
		}
	}
}

static void setup_per_zone_wmarks(struct model *m)
{
	unsigned long pages_min = m->min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = model_zone(m, nid, zid);

			if (!is_highmem_idx(zid))
				lowmem_pages += z->managed_pages;
		}
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = model_zone(m, nid, zid);
			unsigned long tmp = lowmem_pages ?
				(unsigned long)((uint64_t)pages_min * zone->managed_pages / lowmem_pages) : 0;

			if (is_highmem_idx(zid)) {
				unsigned long min_pages = zone->managed_pages / 1024;

				if (min_pages < SWAP_CLUSTER_MAX)
					min_pages = SWAP_CLUSTER_MAX;
				if (min_pages > 128)
					min_pages = 128;
				zone->watermark[WMARK_MIN] = min_pages;
			} else {
				zone->watermark[WMARK_MIN] = tmp;
			}
			zone->watermark[WMARK_LOW] = min_wmark_pages(zone) + (tmp >> 2);
			zone->watermark[WMARK_HIGH] = min_wmark_pages(zone) + (tmp >> 1);
			zone->vm_stat[NR_ALLOC_BATCH] =
				(long)(high_wmark_pages(zone) - low_wmark_pages(zone));
			if (populated_zone(zone))
				setup_zone_migrate_reserve(m, zone);
		}
}

static void setup_per_zone_lowmem_reserve(struct model *m)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node[nid];

		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &pgdat->node_zones[j];
			unsigned long managed_pages = zone->managed_pages;

			zone->lowmem_reserve[j] = 0;
			for (int idx = j - 1; idx >= 0; idx--) {
				struct zone *lower_zone = &pgdat->node_zones[idx];
				int ratio = m->cfg.lowmem_reserve_ratio[idx];

				if (ratio < 1)
					ratio = 1;
				lower_zone->lowmem_reserve[j] = (long)(managed_pages / (unsigned long)ratio);
				managed_pages += lower_zone->managed_pages;
			}
		}
	}
}

/* calculate_totalreserve_pages: also sets each zone's dirty_balance_reserve. */
static void calculate_totalreserve_pages(struct model *m)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = model_zone(m, nid, zid);
			unsigned long max = 0;

			for (int j = zid; j < MAX_NR_ZONES; j++)
				if ((unsigned long)zone->lowmem_reserve[j] > max)
					max = (unsigned long)zone->lowmem_reserve[j];
			max += high_wmark_pages(zone);
			if (max > zone->managed_pages)
				max = zone->managed_pages;
			zone->dirty_balance_reserve = max;
		}
}

/* build_zonelists in node order (the 64-bit default): own node first, highest zone first. */
static void build_zonelists(struct model *m)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node[nid];

		for (int list = 0; list < 2; list++) {
			struct zonelist *zl = &pgdat->node_zonelists[list];
			int nr_nodes = list == ZONELIST_NOFALLBACK ? 1 : m->cfg.nr_nodes;

			zl->nr = 0;
			for (int k = 0; k < nr_nodes; k++) {
				int n = (nid + k) % m->cfg.nr_nodes;

				for (int zid = MAX_NR_ZONES - 1; zid >= 0; zid--) {
					if (!populated_zone(model_zone(m, n, zid)))
						continue;
					zl->_zonerefs[zl->nr].node = (int8_t)n;
					zl->_zonerefs[zl->nr].zone_idx = (int8_t)zid;
					zl->nr++;
				}
			}
		}
	}
}

static bool frame_is_hole(const struct zone_config *zc, unsigned long off)
{
	for (int h = 0; h < MODEL_MAX_HOLES; h++)
		if (zc->hole_pages[h] && off >= zc->hole_start[h] &&
		    off < zc->hole_start[h] + zc->hole_pages[h])
			return true;
	return false;
}

/* __free_pages_memory: free [start, end) in the largest aligned chunks. */
static void free_pages_memory(struct model *m, struct zone *zone, unsigned long start,
			      unsigned long end)
{
	while (start < end) {
		unsigned order = m->max_order - 1;

		while (order && (start & ((1ul << order) - 1)))
			order--;
		while (start + (1ul << order) > end)
			order--;
		zone->managed_pages += 1ul << order;
		free_one_page(m, zone, pfn_to_page(m, start), start, order, MIGRATE_MOVABLE);
		start += 1ul << order;
	}
}

/*
 * model_setup_zones: lay out the frames, free all memory into the buddy the
 * way free_all_bootmem did, then compute min_free_kbytes, watermarks,
 * lowmem_reserve, MIGRATE_RESERVE blocks, pcp batches and zonelists.
 * Returns 0, or -1 with a message for a configuration it cannot build.
 */
int model_setup_zones(struct model *m, char *err, size_t len)
{
	const struct model_config *c = &m->cfg;
	unsigned long pfn = 0;
	uint32_t nr_heads = 0;
	uint32_t heads_needed = (uint32_t)(c->nr_nodes * MAX_NR_ZONES *
		(m->max_order * MIGRATE_TYPES + MODEL_MAX_CPUS * MIGRATE_PCPTYPES + NR_LRU_LISTS) +
		1 + MODEL_SCRATCH_HEADS);

	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			pfn += c->zones[nid][zid].pages;
	if (physmem_init(&m->pm, pfn, m->pageblock_order, m->max_order, heads_needed)) {
		snprintf(err, len, "out of memory for %lu frames", pfn);
		return -1;
	}

	pfn = 0;
	for (int nid = 0; nid < c->nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node[nid];

		pgdat->node_id = nid;
		pgdat->node_start_pfn = pfn;
		pgdat->kswapd_max_order = 0;
		pgdat->kswapd_waiting = true;	/* kswapd sleeps on kswapd_wait until woken */
		pgdat->classzone_idx = MAX_NR_ZONES - 1;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_config *zc = &c->zones[nid][zid];
			struct zone *zone = &pgdat->node_zones[zid];

			zone->node = nid;
			zone->idx = zid;
			m->zone_of_id[nid * MAX_NR_ZONES + zid] = zone;
			zone->name = zone_names[zid];
			zone->zone_start_pfn = pfn;
			zone->spanned_pages = zc->pages;
			for (unsigned o = 0; o < m->max_order; o++)
				for (int mt = 0; mt < MIGRATE_TYPES; mt++)
					zone->free_area[o].free_list[mt] = physmem_head_id(&m->pm, nr_heads++);
			/*
			 * Every possible CPU gets its lists: the number of CPUs a
			 * run uses (cfg.nr_cpus) is set at reset, so one model
			 * serves every CPU count of its layout.
			 */
			for (int cpu = 0; cpu < MODEL_MAX_CPUS; cpu++)
				for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
					zone->pcp[cpu].lists[mt] = physmem_head_id(&m->pm, nr_heads++);
			for (int l = 0; l < NR_LRU_LISTS; l++)
				zone->lru[l] = physmem_head_id(&m->pm, nr_heads++);
			zone->compact_cached_free_pfn = zone_end_pfn(zone) & ~(m->pageblock_nr_pages - 1);
			zone->compact_cached_migrate_pfn[0] = pfn;
			zone->compact_cached_migrate_pfn[1] = pfn;
			zone->compact_order_failed = (int)m->max_order;

			for (unsigned long off = 0; off < zc->pages; off++, pfn++) {
				struct page *page = pfn_to_page(m, pfn);

				page->zone_id = (uint8_t)(nid * MAX_NR_ZONES + zid);
				page->_mapcount = -1;
				page->lru.next = page->lru.prev = PFN_NONE;
				page->first_page = PFN_NONE;
				if (frame_is_hole(zc, off)) {
					page->flags = (1u << PG_hole) | (1u << PG_reserved);
					page->_count = 1;
				} else {
					zone->present_pages++;
					if (off < zc->reserved) {
						page->flags = 1u << PG_reserved;
						page->_count = 1;
					}
				}
			}
			pgdat->node_present_pages += zone->present_pages;
			pgdat->node_spanned_pages += zone->spanned_pages;
			if (zone->present_pages)
				pgdat->nr_zones = zid + 1;
		}
	}
	m->bad_list = physmem_head_id(&m->pm, nr_heads++);
	m->pm.nr_fixed_heads = nr_heads;
	for (uint32_t h = 0; h < m->pm.nr_heads; h++) {
		m->pm.heads[h].lru.next = physmem_head_id(&m->pm, h);
		m->pm.heads[h].lru.prev = physmem_head_id(&m->pm, h);
	}
	/* memmap_init_zone: every pageblock starts MIGRATE_MOVABLE */
	for (unsigned long pb = 0; pb < m->pm.nr_pageblocks; pb++)
		m->pm.pageblock_flags[pb] = MIGRATE_MOVABLE;

	/* free_all_bootmem */
	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = model_zone(m, nid, zid);
			unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);

			for (unsigned long p = start; p < end;) {
				unsigned long q;

				if (PageReserved(pfn_to_page(m, p))) {
					p++;
					continue;
				}
				for (q = p; q < end && !PageReserved(pfn_to_page(m, q)); q++)
					;
				free_pages_memory(m, zone, p, q);
				p = q;
			}
		}

	m->nr_online_nodes = c->nr_nodes;
	build_zonelists(m);

	/* init_per_zone_wmark_min */
	if (c->min_free_kbytes) {
		m->min_free_kbytes = c->min_free_kbytes;
	} else {
		unsigned long lowmem_kbytes = nr_free_zone_pages(m, ZONE_NORMAL) * PAGE_SIZE_KB;

		m->min_free_kbytes = int_sqrt(lowmem_kbytes * 16);
		if (m->min_free_kbytes < 128)
			m->min_free_kbytes = 128;
		if (m->min_free_kbytes > 65536)
			m->min_free_kbytes = 65536;
	}
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	calculate_totalreserve_pages(m);

	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = model_zone(m, nid, zid);
			int batch = zone_batchsize(zone);

			for (int cpu = 0; cpu < MODEL_MAX_CPUS; cpu++) {
				zone->pcp[cpu].high = 6 * batch;
				zone->pcp[cpu].batch = batch > 1 ? batch : 1;
				zone->pcp[cpu].count = 0;
			}
		}
	(void)err;
	(void)len;
	return 0;
}


/* ---- the slowpath (the seed) ------------------------------------------------------ */

static inline void slowpath_label(struct model *m, int label, gfp_t gfp, unsigned order,
				  int alloc_flags)
{
	m->trace.label = label;
	m->alloc_path |= 1u << label;
	TRACE(m, EV_SLOWPATH_LABEL, label, order, gfp, alloc_flags);
}

/*
 * get_page_from_freelist as the slowpath calls it, with a line saying what
 * it returned: the page (and so whether the step went to got_pg) is an
 * input of the next decision.
 */
static struct page *slowpath_freelist(struct model *m, gfp_t gfp_mask, unsigned order,
				      int alloc_flags, const struct alloc_context *ac)
{
	struct page *page = get_page_from_freelist(m, gfp_mask, order, alloc_flags, ac);

	TRACE(m, EV_FREELIST, order, gfp_mask, alloc_flags,
	      page ? (int64_t)page_to_pfn(m, page) : -1);
	return page;
}

/*
 * gfp_to_alloc_flags: the min mark; ALLOC_HIGH for __GFP_HIGH; atomic
 * requests (neither WAIT nor NO_KSWAPD) get ALLOC_HARDER unless NOMEMALLOC
 * and ignore cpusets; real-time tasks outside interrupts get ALLOC_HARDER;
 * the right to ignore watermarks comes from __GFP_MEMALLOC, or PF_MEMALLOC
 * (in softirq or process context) or TIF_MEMDIE (process context), never
 * with __GFP_NOMEMALLOC.
 */
static int gfp_to_alloc_flags(struct model *m, gfp_t gfp_mask)
{
	int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	const bool atomic = !(gfp_mask & (__GFP_WAIT | __GFP_NO_KSWAPD));
	struct task *t = current_task(m);

	/* ALLOC_HIGH has __GFP_HIGH's value on purpose: the bit is copied, not tested */
	alloc_flags |= (int)(gfp_mask & __GFP_HIGH);
	if (atomic) {
		if (!(gfp_mask & __GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_HARDER;
		alloc_flags &= ~ALLOC_CPUSET;
	} else if (t->rt && !in_interrupt(m)) {
		alloc_flags |= ALLOC_HARDER;
	}
	if (!(gfp_mask & __GFP_NOMEMALLOC)) {
		if (gfp_mask & __GFP_MEMALLOC)
			alloc_flags |= ALLOC_NO_WATERMARKS;
		else if (in_serving_softirq(m) && (t->flags & PF_MEMALLOC))
			alloc_flags |= ALLOC_NO_WATERMARKS;
		else if (!in_interrupt(m) && ((t->flags & PF_MEMALLOC) || (t->tif & TIF_MEMDIE)))
			alloc_flags |= ALLOC_NO_WATERMARKS;
	}
	if (m->cfg.cma && gfpflags_to_migratetype(gfp_mask) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

/* The oracle's own reading of the right to ignore watermarks. */
static bool may_ignore_watermarks(struct model *m, gfp_t gfp)
{
	struct task *t = current_task(m);

	if (gfp & __GFP_NOMEMALLOC)
		return false;
	if (gfp & __GFP_MEMALLOC)
		return true;
	if (in_serving_softirq(m))
		return t->flags & PF_MEMALLOC;
	if (in_interrupt(m))
		return false;
	return (t->flags & PF_MEMALLOC) || (t->tif & TIF_MEMDIE);
}

/*
 * __alloc_pages_high_priority: ignore the watermarks; with __GFP_NOFAIL
 * wait and try again until a page turns up (a loop the watchdog watches).
 */
static struct page *__alloc_pages_high_priority(struct model *m, gfp_t gfp_mask, unsigned order,
						const struct alloc_context *ac)
{
	struct page *page;
	int wd = -1;

	if (!may_ignore_watermarks(m, gfp_mask)) {
		model_finding(m, V_GFP_CONTRACT, "gfp-contract:no-watermarks-without-right",
			      "ALLOC_NO_WATERMARKS used for gfp %#x by task %s (flags %#x, tif %#x, "
			      "context %d) without __GFP_MEMALLOC, PF_MEMALLOC or TIF_MEMDIE",
			      gfp_mask, current_task(m)->name, current_task(m)->flags,
			      current_task(m)->tif, current_task(m)->ctx);
		return NULL;
	}
	for (;;) {
		/* each round of the loop passes this step: the signature's path says so */
		m->alloc_path |= 1u << L_HIGH_PRIORITY;
		page = slowpath_freelist(m, gfp_mask, order, ALLOC_NO_WATERMARKS, ac);
		if (page || !(gfp_mask & __GFP_NOFAIL) || m->stopped)	/* [step:high-priority-nofail-loop] */
			break;
		wait_iff_congested(m, ac->preferred_zone);
		if (wd < 0)
			wd = watchdog_enter(m, LOOP_HIGH_PRIORITY);
		watchdog_progress(m, wd, 0, PR_NOFAIL);
		if (watchdog_round(m, wd, 0))
			break;
	}
	if (wd >= 0)
		watchdog_exit(m, wd);
	return page;
}

static void wake_all_kswapds(struct model *m, unsigned order, const struct alloc_context *ac)
{
	for (int i = 0; i < ac->zonelist->nr; i++) {
		const struct zoneref *zr = &ac->zonelist->_zonerefs[i];

		if (!zoneref_in_request(ac, zr))
			continue;
		wakeup_kswapd(m, zoneref_zone(m, zr), (int)order,
				      zone_idx_of(ac->preferred_zone));
	}
}

/* An allocation without __GFP_WAIT may not reclaim or compact. */
static bool check_may_reclaim(struct model *m, gfp_t gfp_mask, const char *what)
{
	char sig[96];

	if (gfp_mask & __GFP_WAIT)
		return true;
	snprintf(sig, sizeof(sig), "gfp-contract:atomic-%s", what);
	model_finding(m, V_GFP_CONTRACT, sig,
		      "an allocation without __GFP_WAIT (gfp %#x, order %d, task %s) entered %s",
		      gfp_mask, m->alloc_order, current_task(m)->name, what);
	return false;
}

/*
 * __alloc_pages_direct_compact: for a high order, compact the zones and try
 * the freelist again; NULL at order 0 or without CONFIG_COMPACTION.
 */
static struct page *__alloc_pages_direct_compact(struct model *m, gfp_t gfp_mask, unsigned order,
						 int alloc_flags, const struct alloc_context *ac,
						 enum migrate_mode mode, int *contended_compaction,
						 bool *deferred_compaction)
{
	unsigned long compact_result;
	struct page *page;
	struct task *t = current_task(m);
	const bool defer_preferred = patch_on(m, PATCH_REVERT_DEFER_PREFERRED);

	m->compact_result = COMPACT_R_SKIPPED;
	if (!m->cfg.compaction || !order)
		return NULL;
	if (!check_may_reclaim(m, gfp_mask, "compaction"))
		return NULL;
	/*
	 * patch revert-defer-preferred (reverts 53853e2d2bfb, v3.19): the
	 * preferred zone's deferral decides for the whole zonelist, before
	 * anything is compacted.
	 */
	if (defer_preferred && compaction_deferred(m, ac->preferred_zone, (int)order)) {
		*deferred_compaction = true;
		m->compact_result = COMPACT_R_DEFERRED;
		TRACE(m, EV_DIRECT_COMPACT, (int64_t)COMPACT_DEFERRED, *contended_compaction, 1, mode);
		return NULL;
	}
	t->flags |= PF_MEMALLOC;
	compact_result = try_to_compact_pages(m, gfp_mask, order, alloc_flags, ac, mode,
					      contended_compaction);
	t->flags &= ~PF_MEMALLOC;
	if (m->stopped)
		return NULL;
	TRACE(m, EV_DIRECT_COMPACT, (int64_t)compact_result, *contended_compaction,
	      *deferred_compaction || compact_result == COMPACT_DEFERRED, mode);
	switch (compact_result) {	/* [step:compact-result] */
	case COMPACT_DEFERRED:
		*deferred_compaction = true;
		/* fall-through */
	case COMPACT_SKIPPED:
		return NULL;
	default:
		break;
	}
	/* some zone was really compacted (not deferred, not skipped): that is a stall */
	count_vm_events(m, COMPACTSTALL, 1);
	page = slowpath_freelist(m, gfp_mask, order, alloc_flags & ~ALLOC_NO_WATERMARKS, ac);
	if (page) {	/* [step:compact-success] */
		/* patch revert-defer-preferred (reverts 53853e2d2bfb): the preferred zone's */
		struct zone *zone = defer_preferred ? ac->preferred_zone : page_zone(m, page);

		zone->compact_blockskip_flush = false;
		compaction_defer_reset(m, zone, (int)order, true);
		count_vm_events(m, COMPACTSUCCESS, 1);
		return page;
	}
	/*
	 * Compaction ran and still no page: usually enough pages were free,
	 * just not enough to pass the watermark for this order.
	 */
	count_vm_events(m, COMPACTFAIL, 1);
	/*
	 * patch revert-defer-preferred (reverts 53853e2d2bfb): a sync run
	 * that did not give a page defers the preferred zone, whichever zones
	 * it compacted.
	 */
	if (defer_preferred && mode != MIGRATE_ASYNC)
		defer_compaction(m, ac->preferred_zone, (int)order);
	/*
	 * patch oom-detection-rework (0a0337e0d1d1, v4.7's compaction feedback):
	 * lock contention in every zone tried, or need_resched in a user task,
	 * makes the result CONTENDED.
	 */
	if (*contended_compaction == COMPACT_CONTENDED_LOCK ||
	    (*contended_compaction == COMPACT_CONTENDED_SCHED && !(t->flags & PF_KTHREAD)))
		m->compact_result = COMPACT_R_CONTENDED;
	cond_resched(m);
	return NULL;
}

/* Why try_to_free_pages reported what it did (set by core/vmscan.c). */
static enum progress_reason reclaim_reason(struct model *m, unsigned long progress)
{
	if (!progress)
		return PR_NONE;
	switch (m->reclaim_progress_reason) {
	case PR_COMPACTION_READY:
	case PR_ZONE_RECLAIMABLE:
		return (enum progress_reason)m->reclaim_progress_reason;
	default:
		return PR_RECLAIMED;
	}
}

/* __perform_reclaim: try_to_free_pages with PF_MEMALLOC set, a yield either side. */
static unsigned long __perform_reclaim(struct model *m, gfp_t gfp_mask, unsigned order,
				       const struct alloc_context *ac)
{
	struct task *t = current_task(m);
	unsigned long progress = 0;

	cond_resched(m);
	if (m->stopped)
		return 0;
	/* direct reclaim proper (do_try_to_free_pages counts the ALLOCSTALL) */
	t->flags |= PF_MEMALLOC;
	m->reclaim_progress_reason = PR_NONE;
	progress = try_to_free_pages(m, ac->zonelist, (int)order, gfp_mask, ac->nodemask);
	t->flags &= ~PF_MEMALLOC;
	cond_resched(m);
	return progress;
}

/*
 * __alloc_pages_direct_reclaim: reclaim, then the freelist again if it
 * reported progress; did_some_progress is what try_to_free_pages returned.
 */
static struct page *__alloc_pages_direct_reclaim(struct model *m, gfp_t gfp_mask, unsigned order,
						 int alloc_flags, const struct alloc_context *ac,
						 unsigned long *did_some_progress)
{
	struct page *page = NULL;
	bool drained = false;

	if (!check_may_reclaim(m, gfp_mask, "reclaim"))
		return NULL;
	*did_some_progress = __perform_reclaim(m, gfp_mask, order, ac);
	if (!*did_some_progress || m->stopped)	/* [step:reclaim-no-progress] */
		return NULL;
retry:
	page = slowpath_freelist(m, gfp_mask, order, alloc_flags & ~ALLOC_NO_WATERMARKS, ac);
	/*
	 * Reclaim freed pages and still none fits: they may sit on other
	 * CPUs' per-cpu lists.  Drain every list once and look again.
	 */
	if (!page && !drained) {	/* [step:reclaim-drain-retry] */
		drain_all_pages(m, NULL);
		drained = true;
		goto retry;
	}
	return page;
}

/*
 * __alloc_pages_may_oom: take the OOM lock by trylock (a busy lock means
 * another task is already in the OOM killer: progress), try the high mark
 * once more, then skip the kill where it cannot help (core dumps, costly
 * orders, lowmem-only requests, IO-less reclaim - where v4.2 reports
 * progress anyway - suspended storage, THISNODE), unless __GFP_NOFAIL;
 * else out_of_memory.
 * [choice: CHOICE_OOM_LOCK_BUSY, default: the lock is free]
 */
/* What each of __alloc_pages_may_oom's exits before out_of_memory is about (NULL: none). */
static const char *const oom_skip_name[] = {
	[OOM_MAY_CALL] = NULL,
	[OOM_MAY_SKIP_DUMPCORE] = "core dump",
	[OOM_MAY_SKIP_COSTLY] = "costly order",
	[OOM_MAY_SKIP_LOWMEM] = "lowmem request",
	[OOM_MAY_SKIP_NOFS] = "no __GFP_FS",
	[OOM_MAY_SKIP_SUSPENDED] = "storage suspended",
	[OOM_MAY_SKIP_THISNODE] = "__GFP_THISNODE",
};

static struct page *__alloc_pages_may_oom(struct model *m, gfp_t gfp_mask, unsigned order,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress,
					  enum progress_reason *why)
{
	struct choice_query q = { .id = CHOICE_OOM_LOCK_BUSY, .nr = 2, .dflt = 0, .gfp = gfp_mask,
				  .order = (int)order, .task = m->current, .pfn = PFN_NONE,
				  .label = L_MAY_OOM };
	struct task *t = current_task(m);
	struct page *page = NULL;
	const char *skipped;
	enum oom_may skip_why = OOM_MAY_CALL;
	uint32_t killed_before = (uint32_t)m->vm_events[OOM_KILL_EVENTS];

	*did_some_progress = 0;
	*why = PR_NONE;
	/*
	 * A trylock: whoever holds the lock is running the OOM killer, which
	 * counts as progress for this allocation too.
	 */
	if (m->oom_lock_holder != -1 || choice_ask(m, &q) == 1) {	/* [step:oom-lock-busy] */
		TRACE(m, EV_OOM_LOCK, 0);
		*did_some_progress = 1;
		*why = PR_OOM_LOCK_BUSY;
		schedule_timeout_uninterruptible(m, 1);
		return NULL;
	}
	m->oom_lock_holder = m->current;
	TRACE(m, EV_OOM_LOCK, 1);

	/*
	 * One more look at the freelist, at the high mark: it only succeeds
	 * if a kill elsewhere freed plenty; under real pressure it fails.
	 */
	page = slowpath_freelist(m, gfp_mask | __GFP_HARDWALL, order,
				      ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac);
	if (page)	/* [step:oom-high-wmark] */
		goto out;

	if (t->flags & PF_DUMPCORE)	/* [step:oom-skip-dumpcore] */
		skip_why = OOM_MAY_SKIP_DUMPCORE;
	else if (order > PAGE_ALLOC_COSTLY_ORDER)	/* [step:oom-skip-costly] */
		skip_why = OOM_MAY_SKIP_COSTLY;
	else if (ac->high_zoneidx < ZONE_NORMAL)	/* [step:oom-skip-lowmem] */
		skip_why = OOM_MAY_SKIP_LOWMEM;
	/* patch oom-detection-rework ("move GFP_NOFS check to out_of_memory"): not here */
	else if (!(gfp_mask & __GFP_FS) && !patch_on(m, PATCH_OOM_DETECTION_REWORK))	/* [step:oom-skip-nofs] */
		skip_why = OOM_MAY_SKIP_NOFS;
	else if (m->storage_suspended)	/* [step:oom-skip-suspended] */
		skip_why = OOM_MAY_SKIP_SUSPENDED;
	else if (gfp_mask & __GFP_THISNODE)	/* [step:oom-skip-thisnode] */
		skip_why = OOM_MAY_SKIP_THISNODE;
	skipped = oom_skip_name[skip_why];

	TRACE(m, EV_OOM_MAY, (gfp_mask & __GFP_NOFAIL) || !skipped ? OOM_MAY_CALL : skip_why, order,
	      ac->high_zoneidx, !!(gfp_mask & __GFP_NOFAIL), !!(t->flags & PF_DUMPCORE),
	      m->storage_suspended);
	if (!(gfp_mask & __GFP_NOFAIL) && skipped) {
		/*
		 * patch oom-detection-rework ("move GFP_NOFS check to
		 * out_of_memory"): no such progress here; a request without
		 * __GFP_FS skipped for another reason (suspended storage,
		 * __GFP_THISNODE) reports none.
		 */
		if (!(gfp_mask & __GFP_FS) && !(t->flags & PF_DUMPCORE) &&
		    order <= PAGE_ALLOC_COSTLY_ORDER && ac->high_zoneidx >= ZONE_NORMAL &&
		    !patch_on(m, PATCH_OOM_DETECTION_REWORK)) {
			/*
			 * Reclaim got nothing and the OOM killer may not run
			 * for a request without __GFP_FS, yet v4.2 reports
			 * progress so the caller loops (its XXX: "as per
			 * tradition").
			 */
			*did_some_progress = 1;
			*why = PR_OOM_NOFS;
		}
		goto out;
	}
	/* nothing else is left to try: ask the OOM killer */
	if (out_of_memory(m, ac->zonelist, gfp_mask, (int)order, ac->nodemask, false)) {	/* [step:out_of_memory] */
		*did_some_progress = 1;
		if ((uint32_t)m->vm_events[OOM_KILL_EVENTS] != killed_before)
			*why = PR_OOM_KILLED;
		else if (t->tif & TIF_MEMDIE)
			*why = PR_OOM_CURRENT_VICTIM;
		else if (patch_on(m, PATCH_OOM_DETECTION_REWORK) && !(gfp_mask & (__GFP_FS | __GFP_NOFAIL)))
			*why = PR_OOM_NOFS;	/* out_of_memory's no-FS pretence */
		else
			*why = PR_OOM_VICTIM_PENDING;
	} else if (gfp_mask & __GFP_NOFAIL) {	/* [step:oom-nofail-warn] */
		model_warn(m, WARN_OOM_NOFAIL, "WARNING: __alloc_pages_may_oom: __GFP_NOFAIL "
			   "and out_of_memory did nothing: progress reported anyway");
		*did_some_progress = 1;
		*why = PR_OOM_NOFAIL;
	}
	/* a kill the era's own rules say cannot help this request */
	if (skipped && (uint32_t)m->vm_events[OOM_KILL_EVENTS] != killed_before) {
		model_warn(m, WARN_OOM_OVERKILL, "oom-overkill: __GFP_NOFAIL order %u request "
			   "killed a task although the OOM killer cannot help it (%s)", order, skipped);
	}
out:
	if (m->oom_lock_holder == m->current)
		m->oom_lock_holder = -1;
	return page;
}

/* "page allocation failure" with a show_mem-style dump, rate-limited, NOWARN respected. */
static void warn_alloc_failed(struct model *m, gfp_t gfp_mask, unsigned order)
{
	if (gfp_mask & __GFP_NOWARN)
		return;
	/* the kernel's nopage_rs allows 10 messages per 5 seconds: the model allows 10 a run */
	if (m->warn_count[WARN_ALLOC_FAILED] >= 10) {
		m->warn_count[WARN_ALLOC_FAILED]++;
		return;
	}
	TRACE(m, EV_ALLOC_FAIL, order, gfp_mask, m->current);
	model_warn(m, WARN_ALLOC_FAILED, "%s: page allocation failure: order:%u, mode:0x%x",
		   current_task(m)->name, order, gfp_mask);
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = model_zone(m, nid, zid);

			if (populated_zone(z))
				TRACE(m, EV_SHOW_MEM, nid, zid, zone_page_state(z, NR_FREE_PAGES),
				      (int64_t)min_wmark_pages(z), (int64_t)low_wmark_pages(z),
				      (int64_t)high_wmark_pages(z));
		}
}

/*
 * should_reclaim_retry (patch oom-detection-rework, 0a0337e0d1d1, with "mm:
 * throttle on IO only when there are too many dirty and writeback pages"):
 * false after MAX_RECLAIM_RETRIES rounds without progress; else true if
 * some zone of the request would meet its min mark (v4.4's order rule) with
 * its free pages plus the share of its reclaimable pages not yet written
 * off (R - ceil(loops * R / 16)).  With no progress this round and dirty +
 * writeback above half of R it waits for IO first (congestion_wait HZ/10),
 * else it yields.
 */
bool should_reclaim_retry(struct model *m, gfp_t gfp_mask, unsigned order,
			  const struct alloc_context *ac, int alloc_flags, bool did_some_progress,
			  int no_progress_loops)
{
	(void)gfp_mask;
	if (no_progress_loops > MAX_RECLAIM_RETRIES)
		return false;
	for (int i = 0; i < ac->zonelist->nr; i++) {
		const struct zoneref *zr = &ac->zonelist->_zonerefs[i];
		struct zone *zone = zoneref_zone(m, zr);
		unsigned long reclaimable, available;

		if (!zoneref_in_request(ac, zr))
			continue;
		if (!populated_zone(zone))
			continue;
		available = reclaimable = zone_reclaimable_pages(m, zone);
		available -= ((unsigned long)no_progress_loops * available + MAX_RECLAIM_RETRIES - 1) /
			     MAX_RECLAIM_RETRIES;
		available += (unsigned long)zone_page_state(zone, NR_FREE_PAGES);
		if (!__zone_watermark_ok_v44(m, zone, order, min_wmark_pages(zone), ac->classzone_idx,
					     alloc_flags, (long)available)) {
			TRACE(m, EV_RECLAIM_RETRY, zone->node, zone->idx, (int64_t)reclaimable,
			      (int64_t)available, no_progress_loops, 0);
			continue;
		}
		if (!did_some_progress) {
			unsigned long writeback = (unsigned long)zone_page_state(zone, NR_WRITEBACK);
			unsigned long dirty = (unsigned long)zone_page_state(zone, NR_FILE_DIRTY);

			if (2 * (writeback + dirty) > reclaimable) {
				TRACE(m, EV_RECLAIM_RETRY, zone->node, zone->idx, (int64_t)reclaimable,
				      (int64_t)available, no_progress_loops, 2);
				congestion_wait(m);
				return true;
			}
		}
		TRACE(m, EV_RECLAIM_RETRY, zone->node, zone->idx, (int64_t)reclaimable,
		      (int64_t)available, no_progress_loops, 1);
		cond_resched(m);
		return true;
	}
	return false;
}

/*
 * should_compact_retry (patch oom-detection-rework, 0a0337e0d1d1 with the
 * costly-order compaction feedback of v4.7): order 0 never; a COMPLETE run
 * retries once more in SYNC_LIGHT if it was ASYNC; a withdrawn result
 * (skipped, deferred, contended, partial skipped) retries while the zonelist
 * stays suitable; otherwise up to MAX_COMPACT_RETRIES counted rounds (a
 * quarter above the costly order).  Without compaction built in: orders
 * 1..3 while some zone meets its order-0 min mark.
 *
 * patch premature-oom-workaround (6b4e3181d7bd) replaces all of it with
 * that last rule, compaction or not, and the mode stays ASYNC.
 */
bool should_compact_retry(struct model *m, const struct alloc_context *ac, unsigned order,
			  int alloc_flags, int compact_result, enum migrate_mode *migrate_mode,
			  int compaction_retries)
{
	int max_retries = MAX_COMPACT_RETRIES;
	enum migrate_mode was = *migrate_mode;
	bool ret = false;

	if (!order)
		goto out;
	if (!m->cfg.compaction || patch_on(m, PATCH_PREMATURE_OOM_WORKAROUND)) {
		if (order > PAGE_ALLOC_COSTLY_ORDER)
			goto out;
		for (int i = 0; i < ac->zonelist->nr && !ret; i++) {
			const struct zoneref *zr = &ac->zonelist->_zonerefs[i];
			struct zone *zone = zoneref_zone(m, zr);

			if (!zoneref_in_request(ac, zr))
				continue;
			if (populated_zone(zone) &&
			    zone_watermark_ok(zone, 0, min_wmark_pages(zone), ac->classzone_idx,
					      alloc_flags))
				ret = true;
		}
		goto out;
	}
	/* compaction_failed: the scanners met over the whole zone */
	if (compact_result == COMPACT_R_COMPLETE) {
		if (*migrate_mode == MIGRATE_ASYNC) {
			*migrate_mode = MIGRATE_SYNC_LIGHT;
			ret = true;
		}
		goto out;
	}
	/* compaction_withdrawn: it did not really run; retry while it might */
	if (compact_result == COMPACT_R_SKIPPED || compact_result == COMPACT_R_DEFERRED ||
	    compact_result == COMPACT_R_CONTENDED || compact_result == COMPACT_R_PARTIAL_SKIPPED) {
		ret = compaction_zonelist_suitable(m, ac, (int)order, alloc_flags);
		goto out;
	}
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		max_retries /= 4;
	ret = compaction_retries <= max_retries;
out:
	TRACE(m, EV_COMPACT_RETRY, compact_result, was, compaction_retries, ret);
	return ret;
}

struct page *__alloc_pages_slowpath(struct model *m, gfp_t gfp_mask, unsigned order,
				    struct alloc_context *ac)
{
	const gfp_t wait = gfp_mask & __GFP_WAIT;
	struct page *page = NULL;
	int alloc_flags = 0;
	unsigned long pages_reclaimed = 0;
	unsigned long did_some_progress = 0;
	enum migrate_mode migration_mode = MIGRATE_ASYNC;
	bool deferred_compaction = false;
	int contended_compaction = COMPACT_CONTENDED_NONE;
	enum progress_reason why = PR_NONE;
	struct task *t = current_task(m);
	bool should_retry;
	bool rebalance = false;	/* patch revert-rebalance-label: this round resumes at rebalance: */
	int wd = -1;
	/* patch oom-detection-rework (0a0337e0d1d1): the loop's own counters */
	const bool rework = patch_on(m, PATCH_OOM_DETECTION_REWORK);
	int compaction_retries = 0, no_progress_loops = 0;
	int compact_result = COMPACT_R_SKIPPED;

	TRACE(m, EV_SLOWPATH_ENTER, m->current, order, gfp_mask, t->flags,
	      ((t->tif & TIF_MEMDIE) ? TRACE_TASK_TIF_MEMDIE : 0) | (t->rt ? TRACE_TASK_RT : 0) |
	      (t->fatal_signal ? TRACE_TASK_FATAL : 0) | ((int64_t)t->ctx << TRACE_TASK_CTX_SHIFT),
	      m->max_order);
	/*
	 * Step 1: no amount of reclaim makes a block of MAX_ORDER or more, so
	 * such a request fails here; callers that try large sizes first rely
	 * on that, so only one without __GFP_NOWARN gets the warning.
	 */
	/* what the oracles of spec/patches.md attribute to this request */
	if (m->alloc_depth == 1) {
		m->alloc_injected = 0;
		m->request_victims = 0;
		m->request_zonelist = ac->zonelist;
		m->request_has_nodemask = ac->nodemask != NULL;
		m->request_nodemask = ac->nodemask ? *ac->nodemask : 0;
		m->request_high_zoneidx = ac->high_zoneidx;
		m->request_classzone_idx = ac->classzone_idx;
	}
	if (order >= m->max_order) {	/* [step:order>=MAX_ORDER] */
		TRACE(m, EV_SLOWPATH_EARLY, SLOWPATH_EARLY_MAX_ORDER, order, m->max_order, m->cfg.numa);
		if (!(gfp_mask & __GFP_NOWARN) && !m->warn_count[WARN_ORDER_GE_MAX_ORDER])
			model_warn(m, WARN_ORDER_GE_MAX_ORDER, "WARNING: __alloc_pages_slowpath: "
				   "order %u >= MAX_ORDER %u", order, m->max_order);
		return NULL;
	}

	/*
	 * Step 2: a node-bound request that may not sleep is a guess; a NUMA
	 * kernel gives up at once, without waking kswapd or retrying.
	 */
	if (m->cfg.numa && (patch_on(m, PATCH_REVERT_GFP_THISNODE) ?
			    /*
			     * patch revert-gfp-thisnode (reverts 4167e9b2cf10, v4.0):
			     * the whole GFP_THISNODE mask, sleeping or not, meant
			     * "the caller falls back itself": no kswapd, no reclaim.
			     */
			    (gfp_mask & GFP_THISNODE) == GFP_THISNODE :
			    (gfp_mask & __GFP_THISNODE) && !wait)) {	/* [step:thisnode-nowait] */
		TRACE(m, EV_SLOWPATH_EARLY, patch_on(m, PATCH_REVERT_GFP_THISNODE) ?
		      SLOWPATH_EARLY_GFP_THISNODE : SLOWPATH_EARLY_THISNODE, order, m->max_order,
		      m->cfg.numa);
		goto nopage;
	}

	/* Step 3 (retry:): wake kswapd for every zone the request may use */
retry:
	if (m->stopped)
		return NULL;
	slowpath_label(m, L_RETRY, gfp_mask, order, alloc_flags);	/* [step:retry] */
	if (!(gfp_mask & __GFP_NO_KSWAPD)) {	/* [step:wake_all_kswapds] */
		slowpath_label(m, L_WAKE_KSWAPD, gfp_mask, order, alloc_flags);
		wake_all_kswapds(m, order, ac);
	}

	/*
	 * Step 4: kswapd has been woken (below the low mark); from here the
	 * flags say how hard this request may dig: min mark, HIGH, HARDER,
	 * no watermarks.
	 */
	alloc_flags = gfp_to_alloc_flags(m, gfp_mask);

	/* Step 5: without a cpuset limit or a nodemask, pick the preferred zone anew */
	if (!(alloc_flags & ALLOC_CPUSET) && !ac->nodemask)
		ac->preferred_zone = first_zones_zonelist(m, ac->zonelist, ac->high_zoneidx, NULL,
							  &ac->classzone_idx);

	/* Step 6: the freelist at the min mark, for most requests their last try */
	slowpath_label(m, L_FREELIST, gfp_mask, order, alloc_flags);
	page = slowpath_freelist(m, gfp_mask, order, alloc_flags & ~ALLOC_NO_WATERMARKS, ac);
	if (page)	/* [step:get_page_from_freelist] */
		goto got_pg;

	/*
	 * patch revert-rebalance-label (reverts cfa54a0fcfc1, v3.0): 2.6.39's
	 * rebalance: label stood here, past the kswapd wake-up, the alloc_flags
	 * and preferred zone and the min-mark freelist attempt; its retries
	 * came back here (see round:).
	 */
rebalance:
	/* Step 7: a context with the right to the reserves ignores the watermarks */
	if (alloc_flags & ALLOC_NO_WATERMARKS) {	/* [step:no-watermarks] */
		/*
		 * The local node's zonelist, not the mempolicy's: such a
		 * request serves the system (reclaim, an exiting victim), not
		 * the task's placement wishes.
		 */
		slowpath_label(m, L_HIGH_PRIORITY, gfp_mask, order, alloc_flags);
		ac->zonelist = node_zonelist(m, t->nid, gfp_mask);
		page = __alloc_pages_high_priority(m, gfp_mask, order, ac);
		if (page)
			goto got_pg;
		if (m->stopped)
			goto out;
	}

	/* Step 8: a request that may not sleep can neither compact nor reclaim */
	if (!wait) {	/* [step:atomic-nopage] */
		/*
		 * __GFP_NOFAIL without __GFP_WAIT cannot be kept: the kernel
		 * warns once, the request fails anyway.
		 */
		slowpath_label(m, L_ATOMIC, gfp_mask, order, alloc_flags);
		if ((gfp_mask & __GFP_NOFAIL) && !m->warn_count[WARN_ATOMIC_NOFAIL])
			model_warn(m, WARN_ATOMIC_NOFAIL, "WARNING: __alloc_pages_slowpath: "
				   "__GFP_NOFAIL without __GFP_WAIT");
		goto nopage;
	}

	/* Step 9: PF_MEMALLOC means we are reclaiming already: no recursion */
	if (t->flags & PF_MEMALLOC) {	/* [step:pf_memalloc-nopage] */
		slowpath_label(m, L_PF_MEMALLOC, gfp_mask, order, alloc_flags);
		goto nopage;
	}

	/* Step 10: an OOM victim had its reserves at step 7; it may not loop on */
	if ((t->tif & TIF_MEMDIE) && !(gfp_mask & __GFP_NOFAIL)) {	/* [step:tif_memdie-nopage] */
		slowpath_label(m, L_TIF_MEMDIE, gfp_mask, order, alloc_flags);
		goto nopage;
	}

	/* Step 11: direct compaction, async this time; after reclaim it runs sync */
	slowpath_label(m, L_COMPACT, gfp_mask, order, alloc_flags);	/* [step:direct-compact-async] */
	page = __alloc_pages_direct_compact(m, gfp_mask, order, alloc_flags, ac, migration_mode,
					    &contended_compaction, &deferred_compaction);
	if (page)
		goto got_pg;
	if (m->stopped)
		goto out;
	compact_result = m->compact_result;

	/*
	 * patch oom-detection-rework (0a0337e0d1d1): THP gives up on a deferred
	 * or contended result; a result that made progress counts a retry, and
	 * the migration mode is should_compact_retry's to raise.
	 */
	if (rework) {
		if ((gfp_mask & GFP_TRANSHUGE) == GFP_TRANSHUGE &&
		    (compact_result == COMPACT_R_DEFERRED || compact_result == COMPACT_R_CONTENDED)) {
			slowpath_label(m, L_THP_GIVEUP, gfp_mask, order, alloc_flags);
			goto nopage;
		}
		if (order && compact_result == COMPACT_R_PARTIAL)
			compaction_retries++;
		goto direct_reclaim;
	}

	/* Step 12: a transparent huge page gives up rather than reclaim, when... */
	if ((gfp_mask & GFP_TRANSHUGE) == GFP_TRANSHUGE) {	/* [step:thp-checks] */
		/* ...compaction is deferred: a sync run failed not long ago; */
		if (deferred_compaction ||
		    /* ...every zone it compacted hit lock contention: leave the others be; */
		    contended_compaction == COMPACT_CONTENDED_LOCK ||
		    /*
		     * ...or it stopped for need_resched(): a fault should not
		     * wait longer, though khugepaged (a kernel thread) may.
		     */
		    (contended_compaction == COMPACT_CONTENDED_SCHED && !(t->flags & PF_KTHREAD))) {
			slowpath_label(m, L_THP_GIVEUP, gfp_mask, order, alloc_flags);
			goto nopage;
		}
	}

	/*
	 * Step 13: later compaction is sync-light, except for a THP fault of a
	 * user task, which stays async (a huge page at fault time is not worth
	 * waiting for; khugepaged may wait).
	 */
	if ((gfp_mask & GFP_TRANSHUGE) != GFP_TRANSHUGE || (t->flags & PF_KTHREAD))	/* [step:sync-light] */
		migration_mode = MIGRATE_SYNC_LIGHT;

direct_reclaim:
	/* Step 14: direct reclaim, then the freelist */
	slowpath_label(m, L_RECLAIM, gfp_mask, order, alloc_flags);	/* [step:direct-reclaim] */
	page = __alloc_pages_direct_reclaim(m, gfp_mask, order, alloc_flags, ac, &did_some_progress);
	if (page)
		goto got_pg;
	if (m->stopped)
		goto out;
	why = reclaim_reason(m, did_some_progress);

	/* Step 15: __GFP_NORETRY asked for no loop */
	if (gfp_mask & __GFP_NORETRY) {	/* [step:noretry-check] */
		slowpath_label(m, L_NORETRY_CHECK, gfp_mask, order, alloc_flags);
		goto noretry;
	}

	/*
	 * patch oom-detection-rework (0a0337e0d1d1): costly orders without
	 * __GFP_REPEAT give up at once; otherwise should_reclaim_retry, then
	 * (after progress) should_compact_retry decide the retry, and only
	 * then the OOM killer.
	 */
	if (rework) {
		if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp_mask & __GFP_REPEAT)) {
			slowpath_label(m, L_NORETRY_CHECK, gfp_mask, order, alloc_flags);
			goto noretry;
		}
		if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
			no_progress_loops = 0;
		else
			no_progress_loops++;
		if (should_reclaim_retry(m, gfp_mask, order, ac, alloc_flags, did_some_progress > 0,
					 no_progress_loops)) {
			slowpath_label(m, L_RECLAIM_RETRY, gfp_mask, order, alloc_flags);
			why = PR_RECLAIM_RETRY;
			goto round;
		}
		if (m->stopped)
			goto out;
		if (did_some_progress > 0 &&
		    should_compact_retry(m, ac, order, alloc_flags, compact_result, &migration_mode,
					 compaction_retries)) {
			slowpath_label(m, L_COMPACT_RETRY, gfp_mask, order, alloc_flags);
			why = PR_COMPACT_RETRY;
			goto round;
		}
		goto may_oom;
	}
	/*
	 * Step 16: loop while reclaim reports progress for a cheap order, or
	 * for __GFP_REPEAT until it has reclaimed 1 << order pages in all.
	 */
	pages_reclaimed += did_some_progress;
	should_retry = (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER) ||	/* [step:should-retry] */
		       ((gfp_mask & __GFP_REPEAT) && pages_reclaimed < (1ul << order));	/* [step:should-retry-repeat] */
	TRACE(m, EV_SHOULD_RETRY, (int64_t)did_some_progress, (int64_t)pages_reclaimed, order,
	      !!(gfp_mask & __GFP_REPEAT), should_retry);
	if (should_retry) {
		/* let some writeback finish first */
		slowpath_label(m, L_SHOULD_RETRY, gfp_mask, order, alloc_flags);
		if (!did_some_progress || order > PAGE_ALLOC_COSTLY_ORDER)
			why = PR_REPEAT;
		wait_iff_congested(m, ac->preferred_zone);
		/* patch revert-rebalance-label (reverts cfa54a0fcfc1): should_alloc_retry's goto */
		rebalance = patch_on(m, PATCH_REVERT_REBALANCE_LABEL);
		goto round;
	}

may_oom:
	/* Step 17: reclaim did not do it: the OOM path */
	slowpath_label(m, L_MAY_OOM, gfp_mask, order, alloc_flags);	/* [step:may-oom] */
	page = __alloc_pages_may_oom(m, gfp_mask, order, ac, &did_some_progress, &why);
	if (page)
		goto got_pg;
	if (m->stopped)
		goto out;

	/* the OOM path reported progress (a kill, a victim pending, ...): go round */
	if (did_some_progress) {	/* [step:oom-progress-retry] */
		slowpath_label(m, L_OOM_RETRY, gfp_mask, order, alloc_flags);
		no_progress_loops = 0;	/* patch oom-detection-rework (0a0337e0d1d1) */
		/*
		 * patch revert-rebalance-label (reverts cfa54a0fcfc1): a request
		 * without __GFP_FS never reached the OOM path in 2.6.39; its
		 * "keep looping" came from should_alloc_retry, to rebalance:.
		 * A kill, a busy lock or a pending victim went to restart:.
		 */
		rebalance = patch_on(m, PATCH_REVERT_REBALANCE_LABEL) && !rework && why == PR_OOM_NOFS;
		goto round;
	}

noretry:
	/*
	 * patch oom-detection-rework (0a0337e0d1d1): the last compaction is
	 * async for THP from a user task, else light sync, whatever the loop
	 * did before.
	 */
	if (rework)
		migration_mode = (gfp_mask & GFP_TRANSHUGE) == GFP_TRANSHUGE &&
				 !(t->flags & PF_KTHREAD) ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT;
	/*
	 * Step 18: a high order that will not loop gets one more compaction
	 * now, in the mode step 13 chose: reclaim alone makes no large block,
	 * it only frees the pages compaction then assembles.
	 */
	slowpath_label(m, L_NORETRY, gfp_mask, order, alloc_flags);	/* [step:noretry-compact] */
	page = __alloc_pages_direct_compact(m, gfp_mask, order, alloc_flags, ac, migration_mode,
					    &contended_compaction, &deferred_compaction);
	if (page)
		goto got_pg;
nopage:
	slowpath_label(m, L_NOPAGE, gfp_mask, order, alloc_flags);	/* [step:nopage] */
	warn_alloc_failed(m, gfp_mask, order);
	/* the premature-oom oracle (spec/patches.md): a request that should not fail failed */
	if (m->cfg.patch_oracles && wait && order <= PAGE_ALLOC_COSTLY_ORDER &&
	    !(gfp_mask & __GFP_NORETRY) && !(t->flags & PF_MEMALLOC) && !(t->tif & TIF_MEMDIE))
		oom_check_premature(m, gfp_mask, order, "null");
	goto out;
got_pg:
	slowpath_label(m, L_GOT_PG, gfp_mask, order, alloc_flags);	/* [step:got_pg] */
out:
	if (wd >= 0)
		watchdog_exit(m, wd);
	return page;

round:
	/* goto retry, watched: NORETRY must never get here */
	if (gfp_mask & __GFP_NORETRY) {
		model_finding(m, V_GFP_CONTRACT, "gfp-contract:noretry-looped",
			      "a __GFP_NORETRY allocation (gfp %#x, order %u) went round the retry "
			      "loop", gfp_mask, order);
		goto out;
	}
	if (wd < 0)
		wd = watchdog_enter(m, LOOP_SLOWPATH_RETRY);
	watchdog_progress(m, wd, did_some_progress, why);
	{
		unsigned long sat = 1ul << order;
		uint64_t locals = mix64((pages_reclaimed < sat ? pages_reclaimed : sat) ^
					((uint64_t)migration_mode << 40) ^
					((uint64_t)deferred_compaction << 44) ^
					((uint64_t)contended_compaction << 48));

		/*
		 * patch oom-detection-rework: its counters, saturated past the
		 * last value any test reads (17 > MAX_*_RETRIES)
		 */
		if (rework)
			locals = mix64(locals ^ ((uint64_t)(no_progress_loops < 17 ? no_progress_loops : 17) << 8) ^
				       (uint64_t)(compaction_retries < 17 ? compaction_retries : 17) ^
				       ((uint64_t)compact_result << 16));
		/*
		 * patch revert-rebalance-label: a round that resumes at
		 * rebalance: keeps its alloc_flags and preferred zone, so
		 * both decide the next round
		 */
		if (rebalance)
			locals = mix64(locals ^ ((uint64_t)(uint32_t)alloc_flags << 24) ^
				       ((uint64_t)(1 + zone_id_of(ac->preferred_zone)) << 56) ^
				       ((uint64_t)(uint32_t)ac->classzone_idx << 52));

		if (watchdog_round(m, wd, locals))
			goto out;
	}
	if (rebalance) {
		rebalance = false;
		if (m->stopped)
			return NULL;
		slowpath_label(m, L_REBALANCE, gfp_mask, order, alloc_flags);
		goto rebalance;
	}
	goto retry;
}
