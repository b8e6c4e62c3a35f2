// SPDX-License-Identifier: GPL-2.0
/*
 * filemap.c - the page cache and writeback (mm/filemap.c,
 * mm/page-writeback.c and mm/truncate.c of v4.2): files, their pages,
 * read and write through the cache, set_page_dirty, writeback started by
 * fsync, the flusher or reclaim's pageout, and its completion at yield
 * points [choice: CHOICE_WRITEBACK, default: completes] in the order it was
 * started.
 */
#include <errno.h>
#include "internal.h"

bool page_is_file_cache(const struct page *page)
{
	return !PageSwapBacked(page);
}

static uint32_t *pc_slot(struct world *w, int file, unsigned long idx)
{
	return &w->pc[w->file[file].pc + idx];
}

int model_file_create(struct model *m, unsigned long npages)
{
	struct world *w = m->w;
	struct wfile *f;

	if (npages == 0 || npages > 0x0fffffff)
		return -EINVAL;
	if (w->nr_files == WORLD_MAX_FILES || w->nr_pc + npages > w->cap_pc)
		return -ENOSPC;
	f = &w->file[w->nr_files];
	*f = (struct wfile){ .in_use = true, .npages = (uint32_t)npages, .pc = w->nr_pc };
	w->nr_pc += (uint32_t)npages;
	w->gen++;
	return w->nr_files++;
}

struct page *find_get_page(struct model *m, int file, unsigned long idx)
{
	struct world *w = m->w;
	uint32_t v = *pc_slot(w, file, idx);
	struct page *page;

	if (!v)
		return NULL;
	page = pfn_to_page(m, v - 1);
	get_page(m, page);
	return page;
}

/* add_to_page_cache_lru: the cache takes its own reference; the caller keeps theirs. */
int add_to_page_cache_lru(struct model *m, struct page *page, int file, unsigned long idx)
{
	struct world *w = m->w;
	uint32_t *slot = pc_slot(w, file, idx);

	MODEL_BUG_ON(m, *slot != 0);
	page_touch(m, page);
	page->mapping = MAP_FILE | (uint32_t)file;
	page->index = (uint32_t)idx;
	get_page(m, page);
	w_set(w, slot, (uint32_t)page_to_pfn(m, page) + 1, WK_PC, w->file[file].pc + (uint32_t)idx);
	__mod_zone_page_state(page_zone(m, page), NR_FILE_PAGES, 1);
	lru_cache_add(m, page);
	return 0;
}

/*
 * PG_dirty of a page-cache page changed by delta (+1, -1): its file's dirty
 * count (struct wfile) and, for file cache, the zone's NR_FILE_DIRTY.
 */
static void account_file_dirty(struct model *m, struct page *page, int delta)
{
	if (!(page->mapping & MAP_FILE))
		return;
	m->w->file[page->mapping & MAP_ID_MASK].nr_dirty += (uint32_t)delta;
	if (page_is_file_cache(page))
		__mod_zone_page_state(page_zone(m, page), NR_FILE_DIRTY, delta);
}

/* Takes the page out of the cache; the cache's reference is the caller's to drop. */
void __delete_from_page_cache(struct model *m, struct page *page)
{
	struct world *w = m->w;
	int file = (int)(page->mapping & MAP_ID_MASK);
	uint32_t *slot = pc_slot(w, file, page->index);

	MODEL_BUG_ON_PAGE(m, *slot != page_to_pfn(m, page) + 1, page);
	w_set(w, slot, 0, WK_PC, w->file[file].pc + page->index);
	__mod_zone_page_state(page_zone(m, page), NR_FILE_PAGES, -1);
	if (PageDirty(page)) {
		/* account_page_cleaned: a dirty page truncated */
		ClearPageFlag(m, page, PG_dirty);
		account_file_dirty(m, page, -1);
	}
	page_touch(m, page);
	page->mapping = 0;
	page->index = 0;
}

/* set_page_dirty (__set_page_dirty_nobuffers): true if it was clean. */
bool set_page_dirty(struct model *m, struct page *page)
{
	if (PageDirty(page))
		return false;
	SetPageFlag(m, page, PG_dirty);
	account_file_dirty(m, page, 1);
	if (page_is_file_cache(page) && (page->mapping & MAP_FILE))
		__mod_zone_page_state(page_zone(m, page), NR_DIRTIED, 1);
	return true;
}

bool clear_page_dirty_for_io(struct model *m, struct page *page)
{
	if (!PageDirty(page))
		return false;
	ClearPageFlag(m, page, PG_dirty);
	account_file_dirty(m, page, -1);
	return true;
}

static void wbq_push(struct model *m, uint32_t pfn)
{
	struct world *w = m->w;

	if (w->wbq_tail - w->wbq_head == w->wbq_cap) {
		/* full of stale entries: keep the live ones */
		uint32_t n = 0;

		for (uint32_t i = w->wbq_head; i != w->wbq_tail; i++) {
			uint32_t p = w->wbq[i % w->wbq_cap];

			if (PageWriteback(pfn_to_page(m, p)))
				w->wbq[n++] = p;
		}
		w->wbq_head = 0;
		w->wbq_tail = n;
		MODEL_BUG_ON(m, n == w->wbq_cap);
	}
	w->wbq[w->wbq_tail++ % w->wbq_cap] = pfn;
}

void set_page_writeback(struct model *m, struct page *page)
{
	MODEL_BUG_ON_PAGE(m, PageWriteback(page), page);
	SetPageFlag(m, page, PG_writeback);
	__mod_zone_page_state(page_zone(m, page), NR_WRITEBACK, 1);
	wbq_push(m, (uint32_t)page_to_pfn(m, page));
}

/*
 * end_page_writeback.  An error leaves the data unwritten: a swap page is
 * dirtied again (end_swap_bio_write), a file page gets PG_error and is
 * dirtied again so that it is not lost.  PG_reclaim rotates the page to the
 * tail of its inactive list for reclaim to find first.
 */
void end_page_writeback(struct model *m, struct page *page, bool error)
{
	if (!PageWriteback(page))
		return;
	if (error) {
		if (!PageSwapBacked(page))
			SetPageFlag(m, page, PG_error);
		set_page_dirty(m, page);
		ClearPageFlag(m, page, PG_reclaim);
	}
	if (PageReclaim(page)) {
		ClearPageFlag(m, page, PG_reclaim);
		rotate_reclaimable_page(m, page);
	}
	ClearPageFlag(m, page, PG_writeback);
	__mod_zone_page_state(page_zone(m, page), NR_WRITEBACK, -1);
	__mod_zone_page_state(page_zone(m, page), NR_WRITTEN, 1);
}

/*
 * Writeback completion at a yield point: the oldest pages first, up to a
 * cluster, each asked whether it completes, fails or stays pending; the
 * first that stays pending holds the rest (the device works in order).
 */
static void complete_writeback(struct model *m, uint32_t budget, bool ask)
{
	struct world *w = m->w;

	while (w->wbq_head != w->wbq_tail && budget && !m->stopped) {
		uint32_t pfn = w->wbq[w->wbq_head % w->wbq_cap];
		struct page *page = pfn_to_page(m, pfn);
		struct choice_query q = { .id = CHOICE_WRITEBACK, .nr = 3, .dflt = 0,
					  .gfp = m->alloc_gfp, .order = m->alloc_order,
					  .task = m->current, .pfn = pfn, .label = m->trace.label,
					  .zone = 1 + page_zone_id(page) };
		unsigned a = 0;

		if (!PageWriteback(page)) {
			w->wbq_head++;	/* stale: ended already (truncate, migration) */
			continue;
		}
		if (ask && !choice_fair(m, CHOICE_WRITEBACK))
			a = choice_ask(m, &q);
		if (a == 2)
			return;
		w->wbq_head++;
		budget--;
		end_page_writeback(m, page, a == 1);
	}
}

void world_yield(struct model *m)
{
	struct world *w = m->w;

	complete_writeback(m, SWAP_CLUSTER_MAX, true);
	if (w->kswapd_running)
		return;
	for (int nid = 0; nid < m->cfg.nr_nodes && !m->stopped; nid++) {
		struct choice_query q;

		if (!m->node[nid].kswapd_woken)
			continue;
		if (!choice_fair(m, CHOICE_KSWAPD_RUN)) {
			q = (struct choice_query){ .id = CHOICE_KSWAPD_RUN, .nr = 2, .dflt = 0,
						   .gfp = m->alloc_gfp, .order = m->alloc_order,
						   .task = m->current, .pfn = PFN_NONE,
						   .label = m->trace.label };
			if (choice_ask(m, &q))
				continue;
		}
		model_kswapd_run(m, nid);
	}
}

/* Every pending writeback completes (an other-CPU action; teardown). */
void world_complete_writeback(struct model *m)
{
	complete_writeback(m, UINT32_MAX, false);
}

/* Starts writeback of a dirty page-cache page (->writepage of the file system). */
static void file_writepage(struct model *m, struct page *page)
{
	if (PageWriteback(page) || !clear_page_dirty_for_io(m, page))
		return;
	set_page_writeback(m, page);
	TRACE(m, EV_MM_VMSCAN_WRITEPAGE, (int64_t)page_to_pfn(m, page), 0);
}

/* Writeback of the dirty pages of one file, at most `limit` of them (-1: all); returns how many. */
static long write_file(struct model *m, int file, long limit)
{
	struct world *w = m->w;
	uint32_t dirty = w->file[file].nr_dirty;	/* left to meet, in index order */
	long started = 0;

	for (uint32_t i = 0; i < w->file[file].npages && dirty && started != limit; i++) {
		uint32_t v = *pc_slot(w, file, i);
		struct page *page = v ? pfn_to_page(m, v - 1) : NULL;

		if (!page || !PageDirty(page))
			continue;
		dirty--;
		if (!PageWriteback(page)) {
			file_writepage(m, page);
			started++;
		}
	}
	return started;
}

/* filemap_fdatawrite: writeback starts on every dirty page; completion comes later. */
int model_file_sync(struct model *m, int file)
{
	struct world *w = m->w;

	if (file < 0 || file >= w->nr_files || !w->file[file].in_use)
		return -EINVAL;
	return (int)write_file(m, file, -1);
}

/*
 * wakeup_flusher_threads: the flusher writes back dirty file pages, up to
 * nr_pages (0: all), oldest file first.  The model runs it at once; its
 * writeback completes at later yield points.
 */
void wakeup_flusher_threads(struct model *m, unsigned long nr_pages)
{
	struct world *w = m->w;
	long left = nr_pages ? (long)nr_pages : -1;

	for (int f = 0; f < w->nr_files && left; f++) {
		long n;

		if (!w->file[f].in_use)
			continue;
		n = write_file(m, f, left);
		if (left > 0)
			left -= n;
	}
}

/*
 * balance_dirty_pages (page-writeback.c): a writer over the dirty limit
 * (vm_dirty_ratio 20% of global_dirtyable_memory: free pages above the
 * dirty reserve plus the file LRU, HighMem left out; every zone's dirty and
 * writeback pages count against it)
 * kicks the flusher and sleeps; the model lets it sleep at most a few
 * times (a writer the device never serves would sleep forever: a hang, not
 * the allocator's business).
 */
static void balance_dirty_pages(struct model *m)
{
	for (int round = 0; round < 4 && !m->stopped; round++) {
		unsigned long free = 0, reserve = 0, file = 0, high = 0, dirty = 0, dirtyable;

		for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
				struct zone *z = model_zone(m, nid, zid);

				if (!populated_zone(z))
					continue;
				free += (unsigned long)zone_page_state(z, NR_FREE_PAGES);
				reserve += z->dirty_balance_reserve;
				file += (unsigned long)(zone_page_state(z, NR_INACTIVE_FILE) +
							zone_page_state(z, NR_ACTIVE_FILE));
				if (zid == ZONE_HIGHMEM)
					high += zone_dirtyable_memory(z);
				/* global_page_state: every zone's dirty pages count */
				dirty += (unsigned long)(zone_page_state(z, NR_FILE_DIRTY) +
							 zone_page_state(z, NR_UNSTABLE_NFS) +
							 zone_page_state(z, NR_WRITEBACK));
			}
		/* global_dirtyable_memory, vm_highmem_is_dirtyable 0: lowmem only */
		dirtyable = free - (free < reserve ? free : reserve) + file;
		dirtyable -= high < dirtyable ? high : dirtyable;
		if (dirty <= (dirtyable + 1) / 5)
			return;
		wakeup_flusher_threads(m, 0);
		schedule_timeout_killable(m, 1);	/* io_schedule_timeout */
	}
}

/* read(2)/write(2) of [start, start+n) through the cache; returns pages done or -ENOMEM. */
static long file_rw(struct model *m, int task, int file, unsigned long start, unsigned long n,
		    bool write)
{
	struct world *w = m->w;
	long done = 0;

	if (file < 0 || file >= w->nr_files || !w->file[file].in_use || !model_task(m, task))
		return -EINVAL;
	m->current = task;
	m->trace.label = L_OP;
	for (unsigned long i = start; i < start + n && i < w->file[file].npages && !m->stopped; i++) {
		struct page *page = find_get_page(m, file, i);

		if (!page) {
			/* page_cache_alloc_cold / grab_cache_page_write_begin */
			page = alloc_pages_current(m, GFP_HIGHUSER_MOVABLE, 0);
			if (!page)
				return done ? done : -ENOMEM;
			page_owner_alloc(m, page, 0, SITE_PAGECACHE);
			if (!w->file[file].in_use) {
				__free_pages(m, page, 0);
				return done;
			}
			if (*pc_slot(w, file, i)) {
				__free_pages(m, page, 0);
				page = find_get_page(m, file, i);
			} else {
				add_to_page_cache_lru(m, page, file, i);
				SetPageFlag(m, page, PG_uptodate);
			}
		}
		mark_page_accessed(m, page);
		if (write)
			set_page_dirty(m, page);
		put_page(m, page);
		done++;
		if (write && !(done % 32))
			balance_dirty_pages(m);	/* ratelimited, as balance_dirty_pages_ratelimited */
	}
	return done;
}

long model_file_read(struct model *m, int task, int file, unsigned long start, unsigned long n)
{
	return file_rw(m, task, file, start, n, false);
}

long model_file_write(struct model *m, int task, int file, unsigned long start, unsigned long n)
{
	return file_rw(m, task, file, start, n, true);
}

/*
 * truncate_inode_pages of the whole file: mapped pages are unmapped first
 * (unmap_mapping_range), writeback is waited for (it completes), and the
 * cache lets go of every page; a page someone still holds (a pin, an
 * isolation) is freed when they let go.  The file stays, empty.
 */
int model_file_drop(struct model *m, int file)
{
	struct world *w = m->w;

	if (file < 0 || file >= w->nr_files || !w->file[file].in_use)
		return -EINVAL;
	for (uint32_t i = 0; i < w->file[file].npages; i++) {
		uint32_t v = *pc_slot(w, file, i);
		struct page *page;

		if (!v)
			continue;
		page = pfn_to_page(m, v - 1);
		if (page_mapped(page))
			unmap_mapping_page(m, page);
		end_page_writeback(m, page, false);
		ClearPageFlag(m, page, PG_error);
		__delete_from_page_cache(m, page);
		put_page(m, page);
	}
	return 0;
}

/*
 * Another CPU dirties a file page: the arg-th cached page of the arg-th
 * file (counted among files with pages), if it is clean.
 */
void world_other_cpu_dirty(struct model *m, unsigned arg)
{
	struct world *w = m->w;
	unsigned probes = 0;

	/*
	 * At most 256 slots are looked at: with every cached page dirty the
	 * search would cost the whole page cache at every yield point.
	 */
	for (int k = 0; k < w->nr_files && probes < 256; k++) {
		int f = (int)((arg + (unsigned)k) % (unsigned)w->nr_files);
		uint32_t n = w->file[f].npages;

		if (!w->file[f].in_use)
			continue;
		for (uint32_t j = 0; j < n && probes < 256; j++, probes++) {
			uint32_t i = (arg * 7u + j) % n, v = *pc_slot(w, f, i);

			if (v && !PageWriteback(pfn_to_page(m, v - 1))) {
				set_page_dirty(m, pfn_to_page(m, v - 1));
				charge_work(m, probes + 1);
				return;
			}
		}
	}
	charge_work(m, probes);
}
