// SPDX-License-Identifier: GPL-2.0
/*
 * swap.c - the LRU lists and page references (mm/swap.c of v4.2):
 * get_page/put_page, lru_cache_add, mark_page_accessed and activate_page,
 * rotate_reclaimable_page.  The kernel batches LRU additions in per-cpu
 * pagevecs; the model adds at once (as if lru_add_drain ran every time).
 */
#include "internal.h"

int page_lru_base_type(const struct page *page)
{
	return page_is_file_cache(page) ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
}

int page_lru(const struct page *page)
{
	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	return page_lru_base_type(page) + (PageActive(page) ? 1 : 0);
}

void add_page_to_lru_list(struct model *m, struct page *page, int lru)
{
	struct zone *zone = page_zone(m, page);

	list_add(m, (uint32_t)page_to_pfn(m, page), zone->lru[lru]);
	__mod_zone_page_state(zone, (enum zone_stat_item)(NR_LRU_BASE + lru), 1);
}

void del_page_from_lru_list(struct model *m, struct page *page, int lru)
{
	struct zone *zone = page_zone(m, page);

	list_del(m, (uint32_t)page_to_pfn(m, page));
	__mod_zone_page_state(zone, (enum zone_stat_item)(NR_LRU_BASE + lru), -1);
}

void get_page(struct model *m, struct page *page)
{
	MODEL_BUG_ON_PAGE(m, page->_count <= 0, page);
	page_touch(m, page);
	page->_count++;
}

/*
 * __page_cache_release: a page losing its last reference leaves its LRU and
 * its active/unevictable state; an anonymous page forgets its vma, as
 * free_pages_prepare does.  The caller frees it.
 */
void __page_cache_release(struct model *m, struct page *page, int site)
{
	if (PageLRU(page)) {
		del_page_from_lru_list(m, page, page_lru(page));
		ClearPageFlag(m, page, PG_lru);
	}
	ClearPageFlag(m, page, PG_active);
	ClearPageFlag(m, page, PG_unevictable);
	if (page->mapping & MAP_ANON) {
		page_touch(m, page);
		page->mapping = 0;
		page->index = 0;
	}
	page_owner_free(m, page, 0, site);
}

/*
 * put_page: the last reference frees the page.  A page-cache page still in
 * the cache cannot get here with its last reference: the cache holds one.
 */
void put_page(struct model *m, struct page *page)
{
	if (page->_count == 1)
		__page_cache_release(m, page, SITE_PUT_PAGE);
	__free_pages(m, page, 0);
}

static void update_page_reclaim_stat(struct zone *zone, int file, int rotated)
{
	zone->reclaim_stat.recent_scanned[file]++;
	if (rotated)
		zone->reclaim_stat.recent_rotated[file]++;
}

/*
 * lru_cache_add (the pagevec drain, __pagevec_lru_add_fn): on the page's LRU
 * list, counted in the zone's reclaim statistics as scanned, and as rotated
 * too when it goes on an active list (new anonymous pages do).
 */
void lru_cache_add(struct model *m, struct page *page)
{
	MODEL_BUG_ON_PAGE(m, PageLRU(page), page);
	SetPageFlag(m, page, PG_lru);
	add_page_to_lru_list(m, page, page_lru(page));
	update_page_reclaim_stat(page_zone(m, page), page_is_file_cache(page), PageActive(page));
}

/* New anonymous pages start on the active list in v4.2. */
void lru_cache_add_active_or_unevictable(struct model *m, struct page *page)
{
	SetPageFlag(m, page, PG_active);
	lru_cache_add(m, page);
}

static void activate_page(struct model *m, struct page *page)
{
	int file = page_is_file_cache(page);

	if (!PageLRU(page) || PageActive(page) || PageUnevictable(page))
		return;
	del_page_from_lru_list(m, page, page_lru_base_type(page));
	SetPageFlag(m, page, PG_active);
	add_page_to_lru_list(m, page, page_lru_base_type(page) + 1);
	count_vm_events(m, PGACTIVATE, 1);
	update_page_reclaim_stat(page_zone(m, page), file, 1);
}

/*
 * mark_page_accessed: one more use of the page.  A page without
 * PG_referenced gets it, on either list; an inactive page that already had
 * it moves to the active list and starts there without it.  Two uses in a
 * row are what promotes a page.
 */
void mark_page_accessed(struct model *m, struct page *page)
{
	if (!PageActive(page) && !PageUnevictable(page) && PageReferenced(page)) {
		activate_page(m, page);
		ClearPageFlag(m, page, PG_referenced);
	} else if (!PageReferenced(page)) {
		SetPageFlag(m, page, PG_referenced);
	}
}

/* Writeback ended on a page reclaim wanted: to the tail, to be found first. */
void rotate_reclaimable_page(struct model *m, struct page *page)
{
	if (PageLocked(page) || PageDirty(page) || PageActive(page) || PageUnevictable(page) ||
	    !PageLRU(page))
		return;
	list_move_tail(m, (uint32_t)page_to_pfn(m, page), page_zone(m, page)->lru[page_lru(page)]);
	count_vm_events(m, PGROTATED, 1);
}
