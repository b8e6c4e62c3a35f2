// SPDX-License-Identifier: GPL-2.0
/*
 * migrate.c - moving an isolated page's identity to a new frame
 * (mm/migrate.c of v4.2: migrate_page_move_mapping, migrate_page_copy and
 * the migration ptes of try_to_unmap/remove_migration_ptes, in one step).
 * compaction.c runs the passes and asks the choice; this file does what
 * succeeds or fails for the model's own reasons.
 */
#include <errno.h>
#include "internal.h"

/* page flags that travel with the data (migrate_page_copy) */
#define MIGRATE_FLAGS	((1u << PG_error) | (1u << PG_referenced) | (1u << PG_uptodate) | \
			 (1u << PG_active) | (1u << PG_dirty) | (1u << PG_swapbacked) | \
			 (1u << PG_swapcache) | (1u << PG_mappedtodisk) | (1u << PG_unevictable))

static void move_stat(struct model *m, struct page *from, struct page *to, enum zone_stat_item i)
{
	struct zone *a = page_zone(m, from), *b = page_zone(m, to);

	if (a != b) {
		__mod_zone_page_state(a, i, -1);
		__mod_zone_page_state(b, i, 1);
	}
}

/*
 * migrate_page_move: page is isolated (our reference), newpage is a free
 * frame with one reference.  The expected references are ours, the cache's
 * and one per mapping; any other (a pin) fails with -EAGAIN, as
 * migrate_page_move_mapping's refcount freeze does.  Writeback is waited
 * for (only synchronous migration gets here with it).
 */
int migrate_page_move(struct model *m, struct page *page, struct page *newpage)
{
	struct world *w = m->w;
	bool cached = PageSwapCache(page) || (page->mapping & MAP_FILE);
	int expected = 1 + (cached ? 1 : 0) + page_mapcount(page);
	uint32_t newpfn = (uint32_t)page_to_pfn(m, newpage);
	int mapcount = page->_mapcount;

	if (page_count(page) != expected)
		return -EAGAIN;
	if (PageWriteback(page))
		end_page_writeback(m, page, false);	/* wait_on_page_writeback */
	page_touch(m, newpage);
	newpage->flags = (newpage->flags & ~MIGRATE_FLAGS) | (page->flags & MIGRATE_FLAGS);
	newpage->mapping = page->mapping;
	newpage->index = page->index;
	newpage->private = PageSwapCache(page) ? page->private : 0;
	newpage->_count = expected;	/* ours (for putback) + the cache's + the mappings' */
	newpage->_mapcount = mapcount;
	if (PageSwapCache(page)) {
		w_set(w, &w->swap_cache[page->private], newpfn + 1, WK_SWAP_CACHE, page->private);
		move_stat(m, page, newpage, NR_FILE_PAGES);
	} else if (page->mapping & MAP_FILE) {
		uint32_t k = w->file[page->mapping & MAP_ID_MASK].pc + page->index;

		w_set(w, &w->pc[k], newpfn + 1, WK_PC, k);
		move_stat(m, page, newpage, NR_FILE_PAGES);
		if (PageDirty(page))
			move_stat(m, page, newpage, NR_FILE_DIRTY);
	}
	if (mapcount >= 0) {
		rmap_replace(m, page, newpage);
		move_stat(m, page, newpage, (page->mapping & MAP_ANON) ? NR_ANON_PAGES : NR_FILE_MAPPED);
	}
	/* the old frame keeps only our reference: putback_lru_page frees it */
	page_touch(m, page);
	page->flags &= ~MIGRATE_FLAGS;
	page->mapping = 0;
	page->index = 0;
	page->private = 0;
	page->_mapcount = -1;
	page->_count = 1;
	return 0;
}
