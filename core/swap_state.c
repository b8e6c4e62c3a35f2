// SPDX-License-Identifier: GPL-2.0
/*
 * swap_state.c - the swap cache (mm/swap_state.c and mm/page_io.c of
 * v4.2): add_to_swap for reclaim, lookup for faults, deletion, and the
 * swap write [choice: CHOICE_SWAP_WRITE, default: the write is submitted].
 * Swap-cache pages count in NR_FILE_PAGES, as in the kernel.
 */
#include <errno.h>
#include "internal.h"

int add_to_swap_cache(struct model *m, struct page *page, uint32_t slot)
{
	struct world *w = m->w;

	MODEL_BUG_ON_PAGE(m, PageSwapCache(page) || w->swap_cache[slot], page);
	get_page(m, page);
	SetPageFlag(m, page, PG_swapcache);
	page_touch(m, page);
	page->private = slot;
	w_set(w, &w->swap_cache[slot], (uint32_t)page_to_pfn(m, page) + 1, WK_SWAP_CACHE, slot);
	if (!(w->swap_map[slot] & SWAP_HAS_CACHE))
		w_set(w, &w->swap_map[slot], w->swap_map[slot] | SWAP_HAS_CACHE, WK_SWAP_MAP, slot);
	if (slot >= w->swap_hwm)
		w->swap_hwm = slot + 1;
	__mod_zone_page_state(page_zone(m, page), NR_FILE_PAGES, 1);
	return 0;
}

/*
 * add_to_swap: a slot for an anonymous page about to be reclaimed; the page
 * enters the swap cache dirty (its data is not on the device yet).
 */
bool add_to_swap(struct model *m, struct page *page)
{
	uint32_t slot = get_swap_page(m);

	if (!slot)
		return false;
	/* get_swap_page set SWAP_HAS_CACHE already */
	add_to_swap_cache(m, page, slot - 1);
	SetPageFlag(m, page, PG_dirty);
	return true;
}

/* The page leaves the swap cache; the slot's cache use and the reference are the caller's. */
void __delete_from_swap_cache(struct model *m, struct page *page)
{
	struct world *w = m->w;
	uint32_t slot = page->private;

	MODEL_BUG_ON_PAGE(m, !PageSwapCache(page) || w->swap_cache[slot] != page_to_pfn(m, page) + 1,
			  page);
	w_set(w, &w->swap_cache[slot], 0, WK_SWAP_CACHE, slot);
	ClearPageFlag(m, page, PG_swapcache);
	page_touch(m, page);
	page->private = 0;
	__mod_zone_page_state(page_zone(m, page), NR_FILE_PAGES, -1);
}

void delete_from_swap_cache(struct model *m, struct page *page)
{
	uint32_t slot = page->private;

	__delete_from_swap_cache(m, page);
	swapcache_free(m, slot);
	put_page(m, page);
}

struct page *lookup_swap_cache(struct model *m, uint32_t slot)
{
	uint32_t v = slot < m->w->nr_swap ? m->w->swap_cache[slot] : 0;

	return v ? pfn_to_page(m, v - 1) : NULL;
}

/*
 * swap_writepage: the write is submitted and completes later; a failed
 * write (the bio ends in error at once) leaves the page dirty.
 */
int swap_writepage(struct model *m, struct page *page)
{
	struct choice_query q = { .id = CHOICE_SWAP_WRITE, .nr = 2, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = m->alloc_order, .task = m->current,
				  .pfn = (uint32_t)page_to_pfn(m, page), .label = m->trace.label,
				  .zone = 1 + page_zone_id(page) };
	bool fail = !choice_fair(m, CHOICE_SWAP_WRITE) && choice_ask(m, &q);

	set_page_writeback(m, page);
	count_vm_events(m, PSWPOUT, 1);
	TRACE(m, EV_MM_VMSCAN_WRITEPAGE, (int64_t)page_to_pfn(m, page), fail ? -EIO : 0);
	if (fail)
		end_page_writeback(m, page, true);
	return 0;
}
