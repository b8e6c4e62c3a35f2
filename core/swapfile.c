// SPDX-License-Identifier: GPL-2.0
/*
 * swapfile.c - the swap device (mm/swapfile.c of v4.2): one swap area of
 * cfg.swap_pages slots (0: no swap), swap_map counts per slot with
 * SWAP_HAS_CACHE, slot allocation by a rotating cursor (scan_swap_map's
 * next-fit), swap_free, free_swap_and_cache and try_to_free_swap.
 */
#include "internal.h"

static void set_map(struct world *w, uint32_t slot, uint32_t v)
{
	w_set(w, &w->swap_map[slot], v, WK_SWAP_MAP, slot);
}

long get_nr_swap_pages(struct model *m)
{
	return m->w->nr_swap_free;
}

/* vm_swap_full: less than half the swap space is free */
bool vm_swap_full(struct model *m)
{
	return m->w->nr_swap_free * 2 < (long)m->w->nr_swap;
}

/* get_swap_page: a free slot, taken for the swap cache; returns slot + 1, or 0. */
uint32_t get_swap_page(struct model *m)
{
	struct world *w = m->w;

	if (w->nr_swap_free <= 0)
		return 0;
	for (uint32_t n = 0; n < w->nr_swap; n++) {
		uint32_t slot = w->swap_cursor;

		w->swap_cursor = slot + 1 == w->nr_swap ? 0 : slot + 1;
		if (w->swap_map[slot])
			continue;
		set_map(w, slot, SWAP_HAS_CACHE);
		w->nr_swap_free--;
		if (slot >= w->swap_hwm)
			w->swap_hwm = slot + 1;
		return slot + 1;
	}
	MODEL_BUG_ON(m, 1);	/* nr_swap_free said there was one */
	return 0;
}

static void swap_entry_free(struct model *m, uint32_t slot, uint32_t usage)
{
	struct world *w = m->w;
	uint32_t v = w->swap_map[slot];

	MODEL_BUG_ON(m, usage == SWAP_HAS_CACHE ? !(v & SWAP_HAS_CACHE) : !(v & SWAP_COUNT_MASK));
	v = usage == SWAP_HAS_CACHE ? v & ~SWAP_HAS_CACHE : v - 1;
	set_map(w, slot, v);
	if (!v)
		w->nr_swap_free++;
}

/* swap_free: a swap pte is gone (swapped in, or zapped). */
void swap_free(struct model *m, uint32_t slot)
{
	swap_entry_free(m, slot, 1);
}

/* swapcache_free: the swap cache let go of the slot. */
void swapcache_free(struct model *m, uint32_t slot)
{
	swap_entry_free(m, slot, SWAP_HAS_CACHE);
}

int page_swapcount(struct model *m, const struct page *page)
{
	if (!PageSwapCache(page))
		return 0;
	return (int)(m->w->swap_map[page->private] & SWAP_COUNT_MASK);
}

/*
 * free_swap_and_cache: a zapped swap pte.  When no pte refers to the slot
 * any more, its swap-cache page goes too, unless it is under writeback or
 * still mapped (then reclaim frees it later).
 */
void free_swap_and_cache(struct model *m, uint32_t slot)
{
	struct page *page;

	swap_free(m, slot);
	if (m->w->swap_map[slot] != SWAP_HAS_CACHE)
		return;
	page = lookup_swap_cache(m, slot);
	if (page && !PageWriteback(page) && (!page_mapped(page) || vm_swap_full(m)))
		delete_from_swap_cache(m, page);
}

/* try_to_free_swap: a page nobody's pte swaps to leaves the swap cache, dirty. */
bool try_to_free_swap(struct model *m, struct page *page)
{
	if (!PageSwapCache(page) || PageWriteback(page) || page_swapcount(m, page))
		return false;
	delete_from_swap_cache(m, page);
	set_page_dirty(m, page);
	return true;
}
