// SPDX-License-Identifier: GPL-2.0
/*
 * test_world.c - the world reclaim works in (issue 3): the fake MMU, the
 * page cache, swap, LRU reclaim as v4.2 did it, kswapd and the choice
 * points they ask.  Each test says what it does and what it expects; every
 * scenario ends with page conservation and a teardown back to the start.
 */
#include <errno.h>
#include <string.h>
#include "../internal.h"
#include "tap.h"

/* The tests' configuration: node 0's Normal zone of `pages` frames (and swap), nothing else. */
static void config(struct model_config *c, unsigned long pages, unsigned long swap)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
	c->zones[0][ZONE_NORMAL].pages = pages;
	c->max_order = 9;
	c->pageblock_order = 6;
	c->swap_pages = swap;
	c->loop_budget = 64;
	c->debug = 3;
}

static struct model *create(const struct model_config *c)
{
	char err[256];
	struct model *m = model_create(c, err, sizeof(err));

	if (!m)
		diag("model_create: %s", err);
	return m;
}

/* A model with one Normal zone of `pages` frames (and swap). */
static struct model *make(unsigned long pages, unsigned long swap)
{
	struct model_config c;

	config(&c, pages, swap);
	return create(&c);
}

static struct zone *normal(struct model *m)
{
	return model_zone(m, 0, ZONE_NORMAL);
}

static long stat(struct model *m, enum zone_stat_item i)
{
	return zone_page_state(normal(m), i);
}

/* The answers a test forces: per choice, an outcome for the first `times` questions. */
struct forced {
	int outcome[NR_CHOICE_IDS];	/* -1: the default */
	unsigned times[NR_CHOICE_IDS];	/* 0: forever */
	unsigned asked[NR_CHOICE_IDS];
};

static unsigned forced_answer(void *priv, const struct choice_query *q)
{
	struct forced *f = priv;
	unsigned n = f->asked[q->id]++;

	if (f->outcome[q->id] < 0 || (f->times[q->id] && n >= f->times[q->id]))
		return q->dflt;
	return (unsigned)f->outcome[q->id];
}

static bool forced_phase(void *priv, uint64_t *phase)
{
	(void)priv;
	*phase = 0;
	return false;
}

static void force_init(struct forced *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < NR_CHOICE_IDS; i++)
		f->outcome[i] = -1;
}

static void install(struct model *m, struct forced *f)
{
	struct choice_answerer a = { .answer = forced_answer, .phase = forced_phase, .priv = f };

	choice_set_answerer(m, &a);
}

/* Conservation now, then teardown back to the start; returns true if both hold. */
static bool clean_end(struct model *m, const char *what)
{
	bool okc = check_conservation(m) && !m->stopped;

	if (!okc)
		diag("%s: %s %s", what, verdict_name[m->verdict.kind], m->verdict.detail);
	model_teardown(m);
	if (m->stopped) {
		diag("%s teardown: %s %s", what, m->verdict.sig, m->verdict.detail);
		okc = false;
	}
	return okc;
}

/* The end of a scenario: conservation and a teardown back to the start, then the model goes. */
static void finish(struct model *m, const char *what)
{
	ok(clean_end(m, what), "Expect conservation and a teardown back to the start");
	model_destroy(m);
}

static unsigned long reclaim(struct model *m, int task, gfp_t gfp, int order)
{
	struct task *t = model_task(m, task);
	unsigned long r;

	m->current = task;
	m->alloc_depth = 1;
	m->alloc_gfp = gfp;
	m->alloc_order = order;
	t->flags |= PF_MEMALLOC;
	r = try_to_free_pages(m, node_zonelist(m, 0, gfp), order, gfp, NULL);
	t->flags &= ~PF_MEMALLOC;
	m->alloc_depth = 0;
	return r;
}

static void test_clean_file_pages(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1500);
	long before, got;
	unsigned long r;

	is(model_file_read(m, a, f, 0, 1500), 1500, "A test that reads 1500 file pages. Expect all of "
	   "them in the page cache");
	before = stat(m, NR_FILE_PAGES);
	is(before, 1500, "Expect NR_FILE_PAGES to count them");
	is(stat(m, NR_INACTIVE_FILE), 1500, "Expect them on the inactive file list (read once)");
	r = reclaim(m, a, GFP_KERNEL, 0);
	got = before - stat(m, NR_FILE_PAGES);
	ok(r >= SWAP_CLUSTER_MAX && (long)r == got, "A test that runs direct reclaim over clean "
	   "file pages. Expect at least SWAP_CLUSTER_MAX reclaimed and returned (%lu, cache "
	   "shrank by %ld)", r, got);
	is(m->reclaim_progress_reason, PR_RECLAIMED, "Expect the reason: pages reclaimed");
	is(stat(m, NR_ISOLATED_FILE), 0, "Expect nothing left isolated");
	finish(m, "clean file");
}

/*
 * A test of do_try_to_free_pages' stop rule at its boundary: 131072 clean
 * file pages on the inactive list and nothing else, so the first priority
 * (12) scans exactly 131072 >> 12 = 32 of them and reclaims all 32, which is
 * SWAP_CLUSTER_MAX.  Expect reclaim to stop there (nr_reclaimed >=
 * nr_to_reclaim): 32 returned, 32 gone from the page cache.  Going on to
 * priority 11 would take 63 more.
 */
static void test_reclaim_stops_at_cluster(void)
{
	struct model *m = make(135168, 0);
	int a, f;
	unsigned long r;
	long before;

	if (!m)
		return;
	a = model_task_create(m, "A");
	f = model_file_create(m, 131072);
	is(model_file_read(m, a, f, 0, 131072), 131072, "A test that reads 131072 file pages once. "
	   "Expect all in the page cache");
	before = stat(m, NR_INACTIVE_FILE);
	is(before, 131072, "Expect all on the inactive file list");
	r = reclaim(m, a, GFP_KERNEL, 0);
	is(r, SWAP_CLUSTER_MAX, "Expect direct reclaim to stop after priority 12's 32 pages "
	   "(returned %lu)", r);
	is(before - stat(m, NR_INACTIVE_FILE), SWAP_CLUSTER_MAX, "Expect exactly 32 pages gone");
	finish(m, "stop at cluster");
}

static void test_dirty_writeback(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f;
	struct forced fo;
	long dirty;

	force_init(&fo);
	fo.outcome[CHOICE_KSWAPD_RUN] = 1;	/* kswapd never runs: direct reclaim alone */
	install(m, &fo);
	f = model_file_create(m, 1500);
	/* through a shared mapping: write(2) would be throttled by balance_dirty_pages */
	model_touch(m, a, model_mmap_file(m, a, f, 0, 1500), 0, 1500, true);
	dirty = stat(m, NR_FILE_DIRTY);
	is(dirty, 1500, "A test that dirties 1500 file pages through a shared mapping. Expect "
	   "1500 dirty");
	for (int i = 0; i < 3; i++)	/* mapped pages get a second trip: several passes */
		reclaim(m, a, GFP_KERNEL, 0);
	is(stat(m, NR_VMSCAN_WRITE), 0, "Expect direct reclaim (GFP_KERNEL) never to write a file "
	   "page itself (v4.2: only kswapd calls ->writepage for file pages)");
	ok(stat(m, NR_WRITTEN) > 0, "Expect the pages written by the flusher instead "
	   "(NR_WRITTEN %ld)", stat(m, NR_WRITTEN));
	ok(stat(m, NR_FILE_DIRTY) < dirty, "Expect the flusher, woken after 1.5 x 32 pages "
	   "scanned, to have started writeback (dirty %ld -> %ld)", dirty, stat(m, NR_FILE_DIRTY));
	ok(clean_end(m, "dirty kernel"), "Expect conservation and teardown");
	model_destroy(m);

	/* kswapd (GFP_KERNEL) writes dirty file pages once it flagged the zone ZONE_DIRTY */
	m = make(2048, 0);
	force_init(&fo);
	fo.outcome[CHOICE_KSWAPD_RUN] = 1;
	install(m, &fo);
	a = model_task_create(m, "A");
	f = model_file_create(m, 1800);
	model_touch(m, a, model_mmap_file(m, a, f, 0, 1800), 0, 1800, true);
	while (model_alloc(m, a, GFP_ATOMIC, 0) >= 0 &&
	       zone_watermark_ok(normal(m), 0, low_wmark_pages(normal(m)), 0, 0))
		;
	model_alloc(m, a, GFP_ATOMIC, 0);
	ok(m->node[0].kswapd_woken, "A test that fills a zone with dirty pages and wakes kswapd. "
	   "Expect it woken (the zone is below its low mark)");
	for (int i = 0; i < 4; i++) {
		m->node[0].kswapd_woken = true;
		m->node[0].kswapd_waiting = false;
		model_kswapd_run(m, 0);
	}
	ok(stat(m, NR_VMSCAN_WRITE) > 0, "Expect kswapd, running under GFP_KERNEL, to write dirty "
	   "file pages with ->writepage once ZONE_DIRTY is set (NR_VMSCAN_WRITE %ld)",
	   stat(m, NR_VMSCAN_WRITE));
	ok(clean_end(m, "dirty kswapd"), "Expect conservation and teardown");
	model_destroy(m);
}

/* Anonymous pages: swapped while swap has room, written under IO, not under NOIO. */
static void test_anon_swap(void)
{
	struct model *m = make(2048, 64);
	int a = model_task_create(m, "A"), v = model_mmap_anon(m, a, 1800);
	unsigned long r;

	is(model_touch(m, a, v, 0, 1800, true), 1800, "A test that writes 1800 anonymous pages with "
	   "64 swap slots. Expect every page faulted in");
	is(world_mm_anon_rss(m, a), 1800, "Expect the task's anon rss to count them");
	is(world_mm_nr_ptes(m, a), 4, "Expect 4 page-table pages (512 ptes each)");
	is(stat(m, NR_ACTIVE_ANON), 1800, "Expect new anonymous pages on the active list (v4.2)");
	r = reclaim(m, a, GFP_NOIO, 0);
	is(stat(m, NR_VMSCAN_WRITE), 0, "Expect GFP_NOIO reclaim not to write to swap");
	(void)r;
	for (int i = 0; i < 8; i++)
		reclaim(m, a, GFP_KERNEL, 0);
	ok(m->vm_events[PSWPOUT] > 0 && m->vm_events[PSWPOUT] <= 64,
	   "Expect GFP_KERNEL reclaim to swap out, at most the 64 slots (PSWPOUT %lu)",
	   m->vm_events[PSWPOUT]);
	ok(m->vm_events[PGDEACTIVATE] > 0, "Expect active anonymous pages deactivated on the way "
	   "(PGDEACTIVATE %lu)", m->vm_events[PGDEACTIVATE]);
	is(get_nr_swap_pages(m), 0, "Expect swap full after repeated reclaim");
	ok(world_mm_swapents(m, a) > 0 && world_mm_swapents(m, a) <= 64,
	   "Expect the task's swap entries counted (%lu)", world_mm_swapents(m, a));
	{
		unsigned long out = m->vm_events[PSWPOUT];

		reclaim(m, a, GFP_KERNEL, 0);
		is(m->vm_events[PSWPOUT], out, "Expect no swap-out once swap has no room");
	}
	/* swap-in: touching the pages again reads them back */
	is(model_touch(m, a, v, 0, 1800, false), 1800, "Expect every page readable again");
	ok(m->vm_events[PSWPIN] > 0, "Expect swapped pages read back (PSWPIN %lu)",
	   m->vm_events[PSWPIN]);
	is(world_mm_swapents(m, a), 0, "Expect no swap entry left in the task's page tables");
	ok(clean_end(m, "anon swap"), "Expect conservation and teardown (swap emptied)");
	model_destroy(m);

	m = make(2048, 0);
	a = model_task_create(m, "A");
	v = model_mmap_anon(m, a, 1800);
	model_touch(m, a, v, 0, 1800, true);
	r = reclaim(m, a, GFP_KERNEL, 0);
	is(r, 0, "A test that reclaims anonymous memory without swap. Expect 0: nothing "
	   "reclaimable (anon pages do not count without swap)");
	ok(clean_end(m, "anon noswap"), "Expect conservation and teardown");
	model_destroy(m);
}

/*
 * An answerer that, at the first yield inside shrink_page_list (pages of the
 * list already isolated and scanned: PGSCAN_DIRECT counted, NR_ISOLATED_* set),
 * truncates a file or ends a task: what another CPU may do while reclaim
 * holds its isolated pages.  Every other question gets its default.
 */
struct while_isolated {
	struct model *m;
	int file;		/* >= 0: truncate this file */
	int task;		/* > 0: this task exits */
	enum zone_stat_item isolated;
	bool done;
	unsigned long reclaimed_at;	/* PGSTEAL_DIRECT when it happened */
};

static unsigned while_isolated_answer(void *priv, const struct choice_query *q)
{
	struct while_isolated *w = priv;
	struct model *m = w->m;

	if (q->id == CHOICE_YIELD_ACTION && !w->done && m->vm_events[PGSCAN_DIRECT] &&
	    zone_page_state(normal(m), w->isolated) > 0) {
		w->done = true;
		w->reclaimed_at = m->vm_events[PGSTEAL_DIRECT];
		if (w->file >= 0)
			model_file_drop(m, w->file);
		if (w->task > 0)
			model_task_exit(m, w->task);
	}
	return q->dflt;
}

/*
 * A test of shrink_page_list with page-cache pages truncated while reclaim
 * holds them isolated.  v4.2 (mm/vmscan.c): page_mapping() is NULL, so
 * "if (!mapping || !__remove_mapping(...)) goto keep_locked"; the page goes
 * back to putback_inactive_pages, whose put_page_testzero frees it, and
 * nr_reclaimed does not count it.  1500 clean file pages read once, one
 * reclaim pass; the file is truncated at the first yield of shrink_page_list.
 * Expect nothing counted as reclaimed from that batch or later (the file is
 * gone), every page freed (truncation frees the cached ones, putback the
 * isolated ones), none left isolated.  Without the truncation the same pass
 * reclaims, counts and returns at least 32.
 */
static void test_truncated_while_isolated(void)
{
	for (int truncate = 0; truncate < 2; truncate++) {
		struct model *m = make(2048, 0);
		int a = model_task_create(m, "A"), f = model_file_create(m, 1500);
		struct while_isolated w = { m, truncate ? f : -1, 0, NR_ISOLATED_FILE, false, 0 };
		struct choice_answerer an = { while_isolated_answer, NULL, &w };
		long free_before;
		unsigned long r;

		model_file_read(m, a, f, 0, 1500);
		free_before = stat(m, NR_FREE_PAGES);
		memset(m->vm_events, 0, sizeof(m->vm_events));
		choice_set_answerer(m, &an);
		r = reclaim(m, a, GFP_KERNEL, 0);
		choice_set_answerer(m, NULL);
		if (!truncate) {
			ok(m->vm_events[PGSTEAL_DIRECT] >= SWAP_CLUSTER_MAX &&
			   m->vm_events[PGSTEAL_DIRECT] == r, "A test that reclaims 1500 clean file pages, "
			   "nothing truncated. Expect at least 32 reclaimed, counted and returned (%lu, "
			   "%lu)", m->vm_events[PGSTEAL_DIRECT], r);
		} else {
			ok(w.done && w.reclaimed_at == 0, "A test that truncates the file while reclaim "
			   "holds 32 of its pages isolated. Expect the truncation inside shrink_page_list, "
			   "before anything was reclaimed");
			is(m->vm_events[PGSTEAL_DIRECT], 0, "Expect none of the isolated pages counted in "
			   "nr_reclaimed (v4.2: no mapping, keep_locked, freed by putback)");
			is(stat(m, NR_FREE_PAGES) - free_before, 1500, "Expect all 1500 pages free again: "
			   "the truncation's and the isolated ones putback_inactive_pages freed");
			is(stat(m, NR_FILE_PAGES), 0, "Expect nothing left in the page cache");
		}
		is(stat(m, NR_ISOLATED_FILE), 0, "Expect nothing left isolated");
		finish(m, truncate ? "truncated while isolated" : "not truncated");
	}
}

/*
 * A test of shrink_page_list with anonymous pages whose task exits while
 * reclaim holds them isolated.  v4.2: PageAnon stays true after the last
 * unmap, so "if (PageAnon(page) && !PageSwapCache(page))" sends the page to
 * add_to_swap and pageout writes it to swap though nobody maps it any more;
 * it is freed later, from the swap cache, like any other.  B's 1200 anonymous
 * pages, 64 swap slots; a GFP_NOIO pass first moves some to the inactive list.
 * Expect the exit inside shrink_page_list, swap writes after it (not a free
 * of the unmapped pages on the spot), B's swap entries gone with B, and every
 * page accounted for.
 */
static void test_unmapped_while_isolated(void)
{
	struct model *m = make(2048, 64);
	int a = model_task_create(m, "A"), b = model_task_create(m, "B");
	int v = model_mmap_anon(m, b, 1200);
	struct while_isolated w = { m, -1, b, NR_ISOLATED_ANON, false, 0 };
	struct choice_answerer an = { while_isolated_answer, NULL, &w };

	model_touch(m, b, v, 0, 1200, true);
	for (int i = 0; i < 3 && !stat(m, NR_INACTIVE_ANON); i++)
		reclaim(m, a, GFP_NOIO, 0);	/* deactivates; NOIO keeps anon pages */
	ok(stat(m, NR_INACTIVE_ANON) > 0, "A test that puts B's anonymous pages on the inactive "
	   "list (%ld there)", stat(m, NR_INACTIVE_ANON));
	memset(m->vm_events, 0, sizeof(m->vm_events));
	choice_set_answerer(m, &an);
	reclaim(m, a, GFP_KERNEL, 0);
	choice_set_answerer(m, NULL);
	ok(w.done, "Expect B to exit while reclaim holds its pages isolated");
	ok(m->vm_events[PSWPOUT] > 0, "Expect the isolated pages nobody maps any more written to "
	   "swap all the same (v4.2: add_to_swap, pageout; PSWPOUT %lu)", m->vm_events[PSWPOUT]);
	is(world_mm_swapents(m, b), 0, "Expect no swap entry left for B");
	is(stat(m, NR_ISOLATED_ANON), 0, "Expect nothing left isolated");
	finish(m, "unmapped while isolated");
}

/* The sum over the model's zones of one counter. */
static long global_stat(struct model *m, enum zone_stat_item i)
{
	long v = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		v += zone_page_state(model_zone(m, 0, zid), i);
	return v;
}

/*
 * A test of the dirty limit with HighMem (v4.2, vm_highmem_is_dirtyable 0):
 * dirtyable memory is lowmem only, but dirty pages count wherever they are.
 * A Normal zone of 2048 frames and a HighMem zone of 8192; write(2) of 1500
 * file pages, four fifths of which the page cache takes from HighMem (the
 * fair batches go by zone size), too few in Normal to pass the limit on
 * their own.  Expect the writer throttled: the flusher started, and dirty
 * pages near 20% of lowmem rather than all 1500.
 */
static void test_dirty_throttle_highmem(void)
{
	struct model_config c;
	struct model *m;
	int a, f;

	config(&c, 2048, 0);
	c.zones[0][ZONE_HIGHMEM].pages = 8192;
	m = create(&c);
	if (!ok(m != NULL, "A test of the dirty limit with HighMem"))
		return;
	a = model_task_create(m, "A");
	f = model_file_create(m, 1500);
	is(model_file_write(m, a, f, 0, 1500), 1500, "Expect 1500 file pages written");
	ok(zone_page_state(model_zone(m, 0, ZONE_HIGHMEM), NR_FILE_PAGES) > 500, "Expect the "
	   "page cache mostly in HighMem (%ld pages)",
	   zone_page_state(model_zone(m, 0, ZONE_HIGHMEM), NR_FILE_PAGES));
	ok(global_stat(m, NR_FILE_DIRTY) <= 2048 / 5 + 32 &&
	   global_stat(m, NR_WRITEBACK) + global_stat(m, NR_WRITTEN) > 0, "Expect the writer "
	   "throttled by its HighMem dirty pages: dirty %ld, writeback %ld, written %ld",
	   global_stat(m, NR_FILE_DIRTY), global_stat(m, NR_WRITEBACK), global_stat(m, NR_WRITTEN));
	finish(m, "throttle highmem");
}

/* Mapped, recently used file pages rotate back to the active list instead of going. */
/* write(2) past the dirty limit: the writer is throttled and the flusher writes. */
static void test_dirty_throttle(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1500);

	is(model_file_write(m, a, f, 0, 1500), 1500, "A test that write(2)s 1500 file pages. "
	   "Expect every page written");
	ok(stat(m, NR_FILE_DIRTY) + stat(m, NR_WRITEBACK) <= 2048 / 5 + 32,
	   "Expect balance_dirty_pages to keep dirty + writeback near 20%% of memory (%ld + %ld)",
	   stat(m, NR_FILE_DIRTY), stat(m, NR_WRITEBACK));
	ok(clean_end(m, "throttle"), "Expect conservation and teardown");
	model_destroy(m);
}

static void test_referenced_rotate(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1500);
	int v = model_mmap_file(m, a, f, 0, 1500);
	struct forced fo;
	unsigned long rotated, activated, deactivated;

	is(model_touch(m, a, v, 0, 1500, false), 1500, "A test that maps 1500 file pages and "
	   "reads them. Expect all mapped");
	is(stat(m, NR_FILE_MAPPED), 1500, "Expect NR_FILE_MAPPED 1500");
	force_init(&fo);
	fo.outcome[CHOICE_PAGE_REFERENCED] = 1;	/* every page found young */
	install(m, &fo);
	rotated = normal(m)->reclaim_stat.recent_rotated[1];
	activated = m->vm_events[PGACTIVATE];
	deactivated = m->vm_events[PGDEACTIVATE];
	reclaim(m, a, GFP_KERNEL, 0);
	activated = m->vm_events[PGACTIVATE] - activated;
	deactivated = m->vm_events[PGDEACTIVATE] - deactivated;
	rotated = normal(m)->reclaim_stat.recent_rotated[1] - rotated;
	ok(activated > 0, "Expect pages found referenced twice activated (PGACTIVATE %lu)",
	   activated);
	ok(rotated == activated + deactivated, "Expect each counted rotated: those reclaim "
	   "activated (putback_inactive_pages) and the active pages it found referenced, every "
	   "one here (%lu rotated, %lu activated, %lu deactivated)", rotated, activated,
	   deactivated);
	is(stat(m, NR_FILE_MAPPED), 1500, "Expect no referenced mapped page unmapped");
	ok(fo.asked[CHOICE_PAGE_REFERENCED] > 0, "Expect page_referenced asked");
	ok(clean_end(m, "referenced"), "Expect conservation and teardown");
	model_destroy(m);
}

static void test_pinned(void)
{
	struct model *m = make(2048, 512);
	int a = model_task_create(m, "A"), v = model_mmap_anon(m, a, 1800);
	uint32_t pfn;

	model_touch(m, a, v, 0, 1800, true);
	for (unsigned long i = 0; i < 1800; i += 4)
		model_pin(m, a, v, i);
	pfn = m->w->pte[m->w->vma[v].pte + 8] & PTE_VAL_MASK;
	for (int i = 0; i < 16; i++)
		reclaim(m, a, GFP_KERNEL, 0);
	ok(m->vm_events[PSWPOUT] > 0, "A test that pins every 4th of 1800 anonymous pages and "
	   "reclaims. Expect other pages swapped out");
	is(pfn_to_page(m, pfn)->_count >= 2, 1, "Expect a pinned page still held by its pin");
	ok(PageFlag(pfn_to_page(m, pfn), PG_swapbacked) && pfn_to_page(m, pfn)->mapping ==
	   (MAP_ANON | (uint32_t)v), "Expect the pinned page still the task's page");
	is(model_unpin(m, a, v, 8), 0, "Expect the pin released");
	ok(clean_end(m, "pinned"), "Expect conservation and teardown");
	model_destroy(m);
}

/*
 * The same for clean file pages (every 5th of 1200 pinned, within WORLD_MAX_PINS):
 * reclaim unmaps a pinned page, but
 * __remove_mapping's page_freeze_refs(page, 2) fails on the pin's reference,
 * so the page stays in the page cache (and the pin keeps a live page).
 */
static void test_pinned_file(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1200);
	int v = model_mmap_file(m, a, f, 0, 1200), pinned = 0, kept = 0;

	model_touch(m, a, v, 0, 1200, false);
	for (unsigned long i = 0; i < 1200; i += 5)
		pinned += model_pin(m, a, v, i) >= 0;
	for (int i = 0; i < 64; i++)
		reclaim(m, a, GFP_KERNEL, 0);
	for (unsigned long i = 0; i < 1200; i += 5) {
		struct page *p = find_get_page(m, f, i);

		if (p) {
			kept++;
			put_page(m, p);
		}
	}
	ok(pinned == 240 && m->vm_events[PGSTEAL_DIRECT] > 0 && kept == pinned,
	   "A test that pins every 5th page of a mapped 1200-page file (%d pins) and reclaims 64 "
	   "times. Expect other pages reclaimed (%lu) and every pinned page still in the page "
	   "cache (%d)", pinned, m->vm_events[PGSTEAL_DIRECT], kept);
	ok(clean_end(m, "pinned file"), "Expect conservation and teardown");
	model_destroy(m);
}

/* Nothing reclaimable that reclaim can free: 1 while "reclaimable", then 0. */
static void test_reclaimable_rule(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1900);
	struct forced fo;
	unsigned long r;
	int ones = 0, rounds = 0;
	long scanned_before;

	model_file_write(m, a, f, 0, 1900);
	force_init(&fo);
	fo.outcome[CHOICE_WRITEBACK] = 2;	/* writeback never completes */
	install(m, &fo);
	do {
		r = reclaim(m, a, GFP_NOFS, 0);
		if (r == 1 && m->reclaim_progress_reason == PR_ZONE_RECLAIMABLE)
			ones++;
	} while (r && ++rounds < 200);
	ok(ones > 0, "A test that reclaims GFP_NOFS from dirty pages whose writeback never "
	   "completes. Expect reclaim to return 1 with nothing reclaimed while the zone is "
	   "reclaimable (%d times)", ones);
	is(r, 0, "Expect 0 once it is not (after %d calls)", rounds);
	ok(!zone_reclaimable(m, normal(m)), "Expect pages_scanned >= 6 x reclaimable then "
	   "(%ld scanned, %lu reclaimable)", stat(m, NR_PAGES_SCANNED),
	   zone_reclaimable_pages(m, normal(m)));
	/* a free into the zone resets the scan counter */
	scanned_before = stat(m, NR_PAGES_SCANNED);
	{
		int h = model_alloc(m, a, GFP_ATOMIC, 0);

		ok(h >= 0, "Expect an atomic page still there");
		model_free(m, h);
		model_drain_all(m);
	}
	ok(scanned_before > 0 && stat(m, NR_PAGES_SCANNED) == 0, "A test that frees a page into "
	   "the zone. Expect pages_scanned reset to 0 (was %ld)", scanned_before);
	ok(zone_reclaimable(m, normal(m)), "Expect the zone reclaimable again");
	choice_set_answerer(m, NULL);
	ok(clean_end(m, "reclaimable"), "Expect conservation and teardown");
	model_destroy(m);
}

static void test_kswapd_balances(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 2000);
	struct zone *z = normal(m);
	long r;

	r = model_file_read(m, a, f, 0, 1850);
	ok(r == 1850, "A test that fills the zone with clean page cache (%ld pages)", r);
	/* atomic allocations take it below the low mark: they wake kswapd and do not sleep */
	while (zone_watermark_ok(z, 0, low_wmark_pages(z), 0, 0) &&
	       model_alloc(m, a, GFP_ATOMIC, 0) >= 0)
		;
	model_alloc(m, a, GFP_ATOMIC, 0);	/* this one misses the low mark: slowpath */
	ok(!zone_watermark_ok(z, 0, low_wmark_pages(z), 0, 0), "Expect the zone below its low "
	   "mark (free %ld, low %lu)", stat(m, NR_FREE_PAGES), low_wmark_pages(z));
	ok(m->node[0].kswapd_woken, "Expect the allocation that missed the low mark to have woken "
	   "kswapd");
	model_kswapd_run(m, 0);
	ok(zone_watermark_ok(z, 0, high_wmark_pages(z), 0, 0), "Expect kswapd to balance the zone "
	   "to its high mark (free %ld, high %lu)", stat(m, NR_FREE_PAGES), high_wmark_pages(z));
	ok(!m->node[0].kswapd_woken && m->node[0].kswapd_waiting, "Expect kswapd asleep again");
	ok(m->vm_events[PGSTEAL_KSWAPD] > 0, "Expect its reclaim counted (PGSTEAL_KSWAPD %lu)",
	   m->vm_events[PGSTEAL_KSWAPD]);
	ok(clean_end(m, "kswapd"), "Expect conservation and teardown");
	model_destroy(m);

	/* kswapd gives up on a zone that is no longer reclaimable */
	m = make(2048, 0);
	a = model_task_create(m, "A");
	{
		int v = model_mmap_anon(m, a, 1950);

		model_touch(m, a, v, 0, 1950, true);
	}
	wakeup_kswapd(m, normal(m), 0, ZONE_NORMAL);
	model_kswapd_run(m, 0);
	ok(!m->node[0].kswapd_woken, "A test that wakes kswapd over anonymous memory without swap. "
	   "Expect it to give up and sleep (an unreclaimable zone counts as balanced)");
	ok(clean_end(m, "kswapd gives up"), "Expect conservation and teardown");
	model_destroy(m);
}

/*
 * A test of zone_balanced for a high order with compaction built in: a zone
 * above its high mark whose order-3 request compaction would not skip is
 * balanced (kswapd leaves the rest to compaction).  Mostly free zone, 500
 * clean cache pages: expect wakeup_kswapd for order 3 to leave kswapd
 * asleep, and a kswapd run for order 3 to reclaim nothing.
 */
static void test_kswapd_high_order_balanced(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 500);
	struct zone *z = normal(m);

	model_file_read(m, a, f, 0, 500);
	ok(m->cfg.compaction && zone_watermark_ok(z, 3, high_wmark_pages(z), 0, 0),
	   "A test with compaction built in and a zone above its high mark for order 3 (free %ld)",
	   stat(m, NR_FREE_PAGES));
	wakeup_kswapd(m, z, 3, ZONE_NORMAL);
	ok(!m->node[0].kswapd_woken, "Expect wakeup_kswapd for order 3 to find the zone balanced "
	   "and leave kswapd asleep");
	m->node[0].kswapd_woken = true;
	m->node[0].kswapd_waiting = false;
	model_kswapd_run(m, 0);
	ok(m->vm_events[PGSTEAL_KSWAPD] == 0 && stat(m, NR_FILE_PAGES) == 500, "Expect a kswapd run "
	   "for order 3 to reclaim nothing (PGSTEAL_KSWAPD %lu, cache %ld)",
	   m->vm_events[PGSTEAL_KSWAPD], stat(m, NR_FILE_PAGES));
	finish(m, "kswapd high order");
}

/* Compaction's migration moves a mapped page: the pte follows, the old frame is freed. */
static void test_migrate(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), v = model_mmap_anon(m, a, 16);
	uint32_t old, now;
	struct page *page, *newpage;
	int h;

	model_touch(m, a, v, 0, 16, true);
	old = m->w->pte[m->w->vma[v].pte + 3] & PTE_VAL_MASK;
	page = pfn_to_page(m, old);
	is(isolate_lru_page(m, page), 0, "A test that isolates a mapped anonymous page");
	h = model_alloc(m, a, GFP_KERNEL, 0);
	newpage = pfn_to_page(m, m->handles[h].pfn);
	m->handles[h].in_use = false;	/* the frame becomes the migration target */
	handle_note(m, h);
	is(migrate_page_move(m, page, newpage), 0, "Expect it moved to a new frame");
	putback_lru_page(m, newpage);
	putback_lru_page(m, page);
	now = m->w->pte[m->w->vma[v].pte + 3] & PTE_VAL_MASK;
	is(now, m->handles[h].pfn, "Expect the pte to point at the new frame");
	ok(PageBuddy(page) || page_count(page) == 0, "Expect the old frame freed");
	model_pin(m, a, v, 5);
	page = pfn_to_page(m, m->w->pte[m->w->vma[v].pte + 5] & PTE_VAL_MASK);
	isolate_lru_page(m, page);
	h = model_alloc(m, a, GFP_KERNEL, 0);
	newpage = pfn_to_page(m, m->handles[h].pfn);
	is(migrate_page_move(m, page, newpage), -11, "Expect a pinned page to refuse (-EAGAIN)");
	putback_lru_page(m, page);
	model_free(m, h);
	ok(clean_end(m, "migrate"), "Expect conservation and teardown");
	model_destroy(m);
}

/* Page cache on every other frame, the rest unmovable: free memory only in single pages. */
static void fragment(struct model *m, int a)
{
	int f = model_file_create(m, 900), g = model_file_create(m, 900);

	for (unsigned long i = 0; i < 900; i++) {	/* interleaved: every other frame */
		model_file_read(m, a, f, i, 1);
		model_file_read(m, a, g, i, 1);
	}
	while (model_alloc(m, a, GFP_ATOMIC | __GFP_NOWARN, 0) >= 0)	/* the rest, unmovable */
		;
	model_file_drop(m, g);
	model_drain_all(m);
}

/* Migration that always fails: compaction finishes without success and is deferred. */
static void test_compaction_fails(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A");
	struct forced fo;

	fragment(m, a);
	force_init(&fo);
	fo.outcome[CHOICE_MIGRATE_PAGE] = 2;	/* -EBUSY, every page */
	install(m, &fo);
	model_alloc(m, a, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 4);
	ok(fo.asked[CHOICE_MIGRATE_PAGE] > 0 && m->vm_events[PGMIGRATE_SUCCESS] == 0 &&
	   m->vm_events[PGMIGRATE_FAIL] > 0, "A test that fails every migration of an order-4 "
	   "request. Expect pages tried and none moved (%lu failed)", m->vm_events[PGMIGRATE_FAIL]);
	ok(m->vm_events[COMPACTFAIL] > 0 && m->vm_events[COMPACTSUCCESS] == 0,
	   "Expect compaction to finish without success (COMPACTFAIL %lu)", m->vm_events[COMPACTFAIL]);
	ok(normal(m)->compact_defer_shift > 0 && normal(m)->compact_order_failed <= 4,
	   "Expect it deferred for order 4 (defer_shift %u, order_failed %d)",
	   normal(m)->compact_defer_shift, normal(m)->compact_order_failed);
	choice_set_answerer(m, NULL);
	ok(clean_end(m, "compaction fails"), "Expect conservation and teardown");
	model_destroy(m);
}

/* Answers -EAGAIN to every migration and counts the questions per frame. */
struct eagain_count {
	unsigned asked[2048];
	unsigned other;		/* questions about a frame past the array */
};

static unsigned eagain_answer(void *priv, const struct choice_query *q)
{
	struct eagain_count *c = priv;

	if (q->id != CHOICE_MIGRATE_PAGE)
		return q->dflt;
	if (q->pfn < 2048)
		c->asked[q->pfn]++;
	else
		c->other++;
	return 1;	/* -EAGAIN */
}

/*
 * A test of migrate_pages' retries: a page that answers -EAGAIN stays on
 * the list for the next pass, for at most 10 passes.  Every migration of an
 * order-4 request's compaction answers -EAGAIN.  Expect each page tried a
 * multiple of 10 times (10 per migrate_pages call that had it), none moved
 * and none counted failed (PGMIGRATE_FAIL counts only the pages that failed
 * for good).
 */
static void test_migrate_ten_passes(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A");
	static struct eagain_count c;
	struct choice_answerer ans = { .answer = eagain_answer, .phase = forced_phase, .priv = &c };
	unsigned pages = 0, odd = 0, total = 0;

	memset(&c, 0, sizeof(c));
	fragment(m, a);
	choice_set_answerer(m, &ans);
	model_alloc(m, a, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 4);
	for (unsigned i = 0; i < 2048; i++) {
		pages += c.asked[i] > 0;
		odd += c.asked[i] % 10 != 0;
		total += c.asked[i];
	}
	ok(pages > 0 && !odd && !c.other, "A test that answers -EAGAIN to every migration of an "
	   "order-4 request. Expect each page tried 10 times per call (%u pages, %u questions, "
	   "%u not a multiple of 10)", pages, total, odd);
	ok(m->vm_events[PGMIGRATE_SUCCESS] == 0 && m->vm_events[PGMIGRATE_FAIL] == 0,
	   "Expect none moved and none counted failed (%lu, %lu)", m->vm_events[PGMIGRATE_SUCCESS],
	   m->vm_events[PGMIGRATE_FAIL]);
	choice_set_answerer(m, NULL);
	finish(m, "migrate ten passes");
}

/*
 * A test of try_to_compact_pages' contention report when compaction makes
 * the order's watermark hold: it passes on need_resched() contention (SCHED)
 * only if the zone's run met it.  Sync compaction of the fragmented zone for
 * order 4, nothing contended: expect COMPACT_PARTIAL (the low mark now holds)
 * and COMPACT_CONTENDED_NONE.
 */
static void test_compaction_success_uncontended(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A");
	struct alloc_context ac = { .migratetype = MIGRATE_MOVABLE, .high_zoneidx = ZONE_NORMAL };
	int contended = -1;
	unsigned long rc;

	fragment(m, a);
	ac.zonelist = node_zonelist(m, 0, GFP_KERNEL);
	ac.preferred_zone = first_zones_zonelist(m, ac.zonelist, ac.high_zoneidx,
						 &model_task(m, a)->mems_allowed, &ac.classzone_idx);
	m->current = a;
	m->alloc_depth = 1;
	m->alloc_gfp = GFP_KERNEL;
	m->alloc_order = 4;
	rc = try_to_compact_pages(m, GFP_KERNEL, 4, ALLOC_WMARK_MIN | ALLOC_CPUSET, &ac,
				  MIGRATE_SYNC_LIGHT, &contended);
	m->alloc_depth = 0;
	ok(rc == COMPACT_PARTIAL && contended == COMPACT_CONTENDED_NONE, "A test that compacts "
	   "the fragmented zone for order 4, uncontended. Expect COMPACT_PARTIAL and no contention "
	   "reported (rc %lu, contended %d)", rc, contended);
	finish(m, "compaction uncontended");
}

/* Lock contention in async compaction: a THP-style request gives up at once (v4.2). */
static void test_compaction_contended(void)
{
	for (int contended = 0; contended < 2; contended++) {
		struct model *m = make(2048, 0);
		int a = model_task_create(m, "A"), h;
		struct forced fo;

		fragment(m, a);
		force_init(&fo);
		if (contended)
			fo.outcome[CHOICE_COMPACT_CONTENDED] = 1;	/* zone/lru lock contended */
		install(m, &fo);
		h = model_alloc(m, a, GFP_TRANSHUGE, 4);
		if (contended)
			ok(h < 0 && fo.asked[CHOICE_COMPACT_CONTENDED] > 0 &&
			   m->vm_events[ALLOCSTALL] == 0, "A test that makes async compaction meet lock "
			   "contention for a GFP_TRANSHUGE order-4 request. Expect it to give up at once, "
			   "without direct reclaim (ALLOCSTALL %lu)", m->vm_events[ALLOCSTALL]);
		else
			ok(h >= 0 && m->vm_events[PGMIGRATE_SUCCESS] > 0, "Expect the same request without "
			   "contention to be served by compaction (migrated %lu)",
			   m->vm_events[PGMIGRATE_SUCCESS]);
		choice_set_answerer(m, NULL);
		ok(clean_end(m, "contended"), "Expect conservation and teardown");
		model_destroy(m);
	}
}

/* Direct compaction migrates page-cache pages to make a high-order block. */
static void test_compaction_migrates(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A");
	struct forced fo;
	int h;

	fragment(m, a);
	/* an earlier failure deferred compaction once; the deferral has run out */
	defer_compaction(m, normal(m), 4);
	normal(m)->compact_considered = 1u << normal(m)->compact_defer_shift;
	ok(!zone_watermark_ok(normal(m), 4, low_wmark_pages(normal(m)), 0, 0), "A test that leaves "
	   "%ld pages free, scattered between page-cache pages. Expect order 4 to miss the low mark",
	   stat(m, NR_FREE_PAGES));
	/* the first two pages refuse to move for good (-EBUSY): their targets are left over */
	force_init(&fo);
	fo.outcome[CHOICE_MIGRATE_PAGE] = 2;
	fo.times[CHOICE_MIGRATE_PAGE] = 2;
	install(m, &fo);
	h = model_alloc(m, a, GFP_KERNEL | __GFP_NOWARN, 4);
	ok(h >= 0, "Expect an order-4 GFP_KERNEL request to succeed");
	ok(fo.asked[CHOICE_MIGRATE_PAGE] > 2, "Expect migration asked about more than the two "
	   "refused pages (%u)", fo.asked[CHOICE_MIGRATE_PAGE]);
	ok(m->vm_events[PGMIGRATE_SUCCESS] > 0, "Expect direct compaction to have migrated page-cache "
	   "pages to make the block (PGMIGRATE_SUCCESS %lu, COMPACTSUCCESS %lu)",
	   m->vm_events[PGMIGRATE_SUCCESS], m->vm_events[COMPACTSUCCESS]);
	ok(normal(m)->compact_defer_shift == 0 && normal(m)->compact_considered == 0,
	   "Expect the success to reset the deferral (shift %u, considered %u)",
	   normal(m)->compact_defer_shift, normal(m)->compact_considered);
	choice_set_answerer(m, NULL);
	ok(clean_end(m, "compaction"), "Expect conservation and teardown (every isolated free page "
	   "given back)");
	model_destroy(m);
}

/*
 * A test of compaction meeting pinned anonymous pages: A's WORLD_MAX_PINS
 * anonymous pages on every other frame, each pinned (get_user_pages), the
 * frames between them freed, the rest of memory unmovable.  v4.2's
 * isolate_migratepages_block skips a page with no page_mapping whose count
 * exceeds its mapcount (an anonymous page outside the swap cache, pinned):
 * expect an order-4 request to find nothing to isolate, no migration tried
 * (none asked, none failed) and no pinned page moved.
 */
static void test_compaction_skips_pinned(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), va = model_mmap_anon(m, a, WORLD_MAX_PINS);
	int vb = model_mmap_anon(m, a, WORLD_MAX_PINS);
	struct forced fo;
	uint32_t first;

	for (unsigned long i = 0; i < WORLD_MAX_PINS; i++) {	/* interleaved: every other frame */
		model_touch(m, a, va, i, 1, true);
		model_touch(m, a, vb, i, 1, true);
	}
	for (unsigned long i = 0; i < WORLD_MAX_PINS; i++)
		model_pin(m, a, va, i);
	while (model_alloc(m, a, GFP_ATOMIC | __GFP_NOWARN, 0) >= 0)	/* the rest, unmovable */
		;
	model_munmap(m, a, vb);
	model_drain_all(m);
	first = m->w->pte[m->w->vma[va].pte] & PTE_VAL_MASK;
	force_init(&fo);
	install(m, &fo);
	model_alloc(m, a, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 4);
	ok(m->vm_events[COMPACTSTALL] > 0, "A test where every movable page is a pinned anonymous "
	   "page. Expect direct compaction to run (COMPACTSTALL %lu)", m->vm_events[COMPACTSTALL]);
	ok(fo.asked[CHOICE_MIGRATE_PAGE] == 0 && m->vm_events[PGMIGRATE_FAIL] == 0 &&
	   m->vm_events[PGMIGRATE_SUCCESS] == 0, "Expect no pinned page isolated for migration "
	   "(asked %u, failed %lu, migrated %lu)", fo.asked[CHOICE_MIGRATE_PAGE],
	   m->vm_events[PGMIGRATE_FAIL], m->vm_events[PGMIGRATE_SUCCESS]);
	is(m->w->pte[m->w->vma[va].pte] & PTE_VAL_MASK, first, "Expect A's first page where it was");
	choice_set_answerer(m, NULL);
	finish(m, "compaction pinned");
}

/*
 * The world's scenario for the choice tests: anonymous memory with swap,
 * dirty and clean page cache, a GFP_KERNEL allocation that must reclaim.
 */
static uint64_t scenario(struct model *m, struct forced *fo, unsigned *asked)
{
	int a, v, f, g;

	model_reset(m);
	if (fo)
		install(m, fo);
	a = model_task_create(m, "A");
	v = model_mmap_anon(m, a, 1350);
	f = model_file_create(m, 150);
	g = model_file_create(m, 80);
	model_touch(m, a, v, 0, 1350, true);
	model_file_write(m, a, f, 0, 150);
	model_file_sync(m, f);
	model_file_read(m, a, g, 0, 80);
	model_file_read(m, a, g, 0, 80);
	for (int i = 0; i < 300 && !m->stopped; i++)
		model_alloc(m, a, GFP_KERNEL, (unsigned)(i % 3));
	if (asked && fo)
		*asked = 0;
	if (asked && fo)
		for (int i = 0; i < NR_CHOICE_IDS; i++)
			*asked += fo->asked[i];
	return m->trace.hash ^ watchdog_state_hash(m);
}

static void test_choices_matter(void)
{
	struct model *m = make(2048, 300);
	static const struct { int id, outcome; const char *what; } cases[] = {
		{ CHOICE_WRITEBACK, 2, "writeback stays pending" },
		{ CHOICE_WRITEBACK, 1, "writeback fails" },
		{ CHOICE_SWAP_WRITE, 1, "swap write fails" },
		{ CHOICE_PAGE_REFERENCED, 1, "page found referenced" },
		{ CHOICE_KSWAPD_RUN, 1, "kswapd stalls" },
		{ CHOICE_TOO_MANY_ISOLATED, 1, "too many isolated" },
		{ CHOICE_YIELD_ACTION, YIELD_ALLOC, "another CPU allocates" },
		{ CHOICE_YIELD_ACTION, YIELD_FREE_TAKE_BACK, "another CPU frees and takes back" },
		{ CHOICE_YIELD_ACTION, YIELD_DIRTY, "another CPU dirties a page" },
		{ CHOICE_YIELD_ACTION, YIELD_RUN_KSWAPD, "kswapd runs now" },
		{ CHOICE_YIELD_ACTION, YIELD_COMPLETE_WRITEBACK, "writeback completes now" },
	};
	struct forced base;
	uint64_t h0, h0b;

	force_init(&base);
	h0 = scenario(m, &base, NULL);
	diag("default run: verdict %s, pswpout %lu, pgscan %lu/%lu, steal %lu/%lu, lists %ld %ld %ld %ld, free %ld, swap free %ld",
	     m->verdict.sig, m->vm_events[PSWPOUT], m->vm_events[PGSCAN_DIRECT],
	     m->vm_events[PGSCAN_KSWAPD], m->vm_events[PGSTEAL_DIRECT], m->vm_events[PGSTEAL_KSWAPD],
	     stat(m, NR_INACTIVE_ANON), stat(m, NR_ACTIVE_ANON), stat(m, NR_INACTIVE_FILE),
	     stat(m, NR_ACTIVE_FILE), stat(m, NR_FREE_PAGES), get_nr_swap_pages(m));
	for (int i = 0; i < NR_CHOICE_IDS; i++)
		if (base.asked[i])
			diag("default run asks %s %u times", choice_table[i].name, base.asked[i]);
	force_init(&base);
	h0b = scenario(m, &base, NULL);
	is(h0b, h0, "A test that runs the world scenario twice with default answers. Expect the "
	   "same trace and state (determinism across model_reset)");
	ok(base.asked[CHOICE_WRITEBACK] && base.asked[CHOICE_PAGE_REFERENCED] &&
	   base.asked[CHOICE_YIELD_ACTION], "Expect the scenario to ask writeback, page_referenced "
	   "and yield questions");
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct forced fo;
		uint64_t h;

		force_init(&fo);
		fo.outcome[cases[k].id] = cases[k].outcome;
		fo.times[cases[k].id] = cases[k].id == CHOICE_YIELD_ACTION ? 8 : 0;
		h = scenario(m, &fo, NULL);
		ok(fo.asked[cases[k].id] > 0 && h != h0, "A test that answers %s (%s) differently. "
		   "Expect it asked (%u times) and the run changed", choice_table[cases[k].id].name,
		   cases[k].what, fo.asked[cases[k].id]);
		if (m->stopped)
			diag("  verdict %s", m->verdict.sig);
	}
	model_destroy(m);
}

/* Teardown with everything in flight: writeback pending, swap cache, pins, mappings. */
static void test_teardown_in_flight(void)
{
	struct model *m = make(2048, 300);
	struct forced fo;
	int a, b;

	force_init(&fo);
	fo.outcome[CHOICE_WRITEBACK] = 2;
	install(m, &fo);
	a = model_task_create(m, "A");
	b = model_task_create(m, "B");
	{
		int v = model_mmap_anon(m, a, 1000), f = model_file_create(m, 600);
		int w = model_mmap_file(m, b, f, 100, 300);

		model_touch(m, a, v, 0, 1000, true);
		model_pin(m, a, v, 7);
		model_file_write(m, b, f, 0, 600);
		model_touch(m, b, w, 0, 300, true);
		model_file_sync(m, f);
		for (int i = 0; i < 4; i++)
			reclaim(m, a, GFP_KERNEL, 0);
	}
	ok(stat(m, NR_WRITEBACK) > 0, "A test that leaves writeback pending (%ld), pins, mappings, "
	   "swap cache", stat(m, NR_WRITEBACK));
	ok(check_conservation(m), "Expect every frame in exactly one place");
	model_task_exit(m, a);
	ok(check_conservation(m), "Expect conservation after task A exits");
	ok(clean_end(m, "in flight"), "Expect teardown to bring every zone back to its start");
	model_reset(m);
	is(physmem_diff_pristine(&m->pm), -1, "Expect model_reset to restore every frame");
	is(m->w->hash, 0, "Expect the world's hash back to 0 after reset");
	model_destroy(m);
}

/* zone_reclaim as get_page_from_freelist calls it, for task `task` */
static int zreclaim(struct model *m, int task, gfp_t gfp)
{
	int r;

	m->current = task;
	m->alloc_depth = 1;
	m->alloc_gfp = gfp;
	m->alloc_order = 0;
	r = zone_reclaim(m, normal(m), gfp, 0);
	m->alloc_depth = 0;
	return r;
}

/*
 * A test of zone_reclaim's gates (zone_reclaim_mode 1) in a 2048-frame zone,
 * where 1% (min_unmapped_ratio) is 20 pages.  With 20 clean unmapped file
 * pages cached, expect ZONE_RECLAIM_FULL (nothing worth scanning); with 200,
 * ZONE_RECLAIM_NOSCAN for GFP_ATOMIC and for a PF_MEMALLOC task, and for
 * GFP_KERNEL a scan that frees cache and returns ZONE_RECLAIM_SUCCESS after
 * one pass at ZONE_RECLAIM_PRIORITY.
 */
static void test_zone_reclaim(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 200);
	long before;

	model_file_read(m, a, f, 0, 20);
	is(zreclaim(m, a, GFP_KERNEL), ZONE_RECLAIM_FULL, "A test that asks zone_reclaim with 20 "
	   "clean file pages of 2048 (not above 1%%). Expect ZONE_RECLAIM_FULL");
	model_file_read(m, a, f, 20, 180);
	is(zreclaim(m, a, GFP_ATOMIC), ZONE_RECLAIM_NOSCAN, "With 200 file pages: GFP_ATOMIC may not "
	   "scan: ZONE_RECLAIM_NOSCAN");
	model_task(m, a)->flags |= PF_MEMALLOC;
	is(zreclaim(m, a, GFP_KERNEL), ZONE_RECLAIM_NOSCAN, "A PF_MEMALLOC task: ZONE_RECLAIM_NOSCAN");
	model_task(m, a)->flags &= ~PF_MEMALLOC;
	before = stat(m, NR_FILE_PAGES);
	is(zreclaim(m, a, GFP_KERNEL), ZONE_RECLAIM_SUCCESS, "GFP_KERNEL: it scans and frees: "
	   "ZONE_RECLAIM_SUCCESS");
	ok(stat(m, NR_FILE_PAGES) < before, "Expect the page cache smaller (%ld -> %ld)", before,
	   stat(m, NR_FILE_PAGES));
	is(before - stat(m, NR_FILE_PAGES), 200 >> 4, "Expect one pass at ZONE_RECLAIM_PRIORITY "
	   "(4): 200 >> 4 = 12 pages scanned and freed, enough for order 0, so no lower "
	   "priority");
	ok(!test_bit_zone(normal(m), ZONE_RECLAIM_LOCKED), "Expect ZONE_RECLAIM_LOCKED cleared after");
	finish(m, "zone_reclaim");
}

/*
 * A test of shrink_active_list without may_writepage (zone_reclaim_mode 1,
 * no RECLAIM_WRITE): it isolates ISOLATE_CLEAN, so a dirty page stays on
 * the active list.  200 file pages read twice (active, the first 100 at the
 * list's tail), then the first 100 written (dirty).  Expect zone_reclaim to
 * free some of the clean ones and every dirty page still active: none
 * deactivated to sit on the inactive list, where reclaim could not write it.
 */
static void test_zone_reclaim_keeps_dirty_active(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 200);
	struct zone *z = normal(m);
	unsigned long dirty_inactive = 0;
	long before;

	model_file_read(m, a, f, 0, 200);
	model_file_read(m, a, f, 0, 200);
	model_file_write(m, a, f, 0, 100);
	ok(stat(m, NR_ACTIVE_FILE) == 200 && stat(m, NR_FILE_DIRTY) == 100,
	   "A test that reads 200 file pages twice and writes the first 100. Expect 200 active, "
	   "100 dirty (%ld, %ld)", stat(m, NR_ACTIVE_FILE), stat(m, NR_FILE_DIRTY));
	before = stat(m, NR_FILE_PAGES);
	is(zreclaim(m, a, GFP_KERNEL), ZONE_RECLAIM_SUCCESS, "Expect zone_reclaim to free a clean "
	   "page: ZONE_RECLAIM_SUCCESS");
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		if (PageDirty(p) && !PageActive(p))
			dirty_inactive++;
	}
	ok(stat(m, NR_FILE_PAGES) < before && stat(m, NR_FILE_DIRTY) == 100 && !dirty_inactive,
	   "Expect the cache smaller (%ld -> %ld), 100 dirty pages left (%ld), none of them taken off "
	   "the active list (%lu inactive)", before, stat(m, NR_FILE_PAGES), stat(m, NR_FILE_DIRTY),
	   dirty_inactive);
	finish(m, "zone_reclaim dirty");
}

/*
 * A test of the mapped-page counter under sharing: tasks A and B map the
 * same 4 file pages and touch them.  Expect NR_FILE_MAPPED 4 (a page counts
 * once, however many map it); after A unmaps, still 4 (B maps them); after
 * B unmaps, 0.
 */
static void test_shared_mapping(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), b = model_task_create(m, "B");
	int f = model_file_create(m, 4);
	int va = model_mmap_file(m, a, f, 0, 4), vb = model_mmap_file(m, b, f, 0, 4);

	if (!ok(va >= 0 && vb >= 0, "A test that maps one file in two tasks"))
		return;
	model_touch(m, a, va, 0, 4, false);
	model_touch(m, b, vb, 0, 4, false);
	is(stat(m, NR_FILE_MAPPED), 4, "Expect NR_FILE_MAPPED 4 with both mapping the 4 pages");
	model_munmap(m, a, va);
	is(stat(m, NR_FILE_MAPPED), 4, "Expect 4 still after A unmaps (B maps them)");
	model_munmap(m, b, vb);
	is(stat(m, NR_FILE_MAPPED), 0, "Expect 0 after B unmaps too");
	finish(m, "shared mapping");
}

/*
 * A test of the rotation statistics get_scan_count balances by: a file page
 * read into the cache goes on the inactive list and counts as scanned
 * (__pagevec_lru_add_fn); reading it again activates it (mark_page_accessed),
 * one more scanned and one rotated, all on the file side; a new anonymous
 * page goes on the active list: one scanned and one rotated on the anon side.
 */
static void test_activation_counts_rotation(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1);
	struct zone_reclaim_stat *rs = &normal(m)->reclaim_stat;

	int v = model_mmap_anon(m, a, 1);

	model_file_read(m, a, f, 0, 1);
	ok(rs->recent_scanned[1] == 1 && rs->recent_rotated[1] == 0,
	   "A test that reads a file page once. Expect it counted scanned, not rotated (%lu %lu)",
	   rs->recent_scanned[1], rs->recent_rotated[1]);
	model_file_read(m, a, f, 0, 1);
	is(stat(m, NR_ACTIVE_FILE), 1, "Read again: expect it active");
	ok(rs->recent_scanned[1] == 2 && rs->recent_rotated[1] == 1 && rs->recent_scanned[0] == 0 &&
	   rs->recent_rotated[0] == 0, "Expect file 2 scanned, 1 rotated, no anon (%lu %lu %lu %lu)",
	   rs->recent_scanned[1], rs->recent_rotated[1], rs->recent_scanned[0], rs->recent_rotated[0]);
	model_touch(m, a, v, 0, 1, true);
	ok(rs->recent_scanned[0] == 1 && rs->recent_rotated[0] == 1,
	   "A new anonymous page (active): expect anon 1 scanned, 1 rotated (%lu %lu)",
	   rs->recent_scanned[0], rs->recent_rotated[0]);
	finish(m, "activation");
}

/*
 * A test of the page-cache API's refusals and ranges: a file of 0 pages or
 * of 2^28 pages is -EINVAL; a valid size the cache has no room for is
 * -ENOSPC, and so is a file past WORLD_MAX_FILES; read, write, sync and
 * drop of a file that does not exist (or by a task that does not) are
 * -EINVAL.  A read covers exactly [start, start + n), clipped at the end of
 * the file; a sync starts writeback on each dirty page once; a drop empties
 * that file and no other.  Creating a file changes the world's state hash.
 */
static void test_file_api(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f, g, n;
	uint64_t h;

	is(model_file_create(m, 0), -EINVAL, "A test of the page-cache API. Expect a file of 0 "
	   "pages refused with -EINVAL");
	is(model_file_create(m, 0x10000000), -EINVAL, "Expect a file of 2^28 pages -EINVAL");
	is(model_file_create(m, 0x0fffffff), -ENOSPC, "Expect 2^28 - 1 pages (a valid size the "
	   "cache has no room for) -ENOSPC");
	is(model_file_create(m, m->w->cap_pc + 1ul), -ENOSPC, "Expect one page more than the "
	   "cache's room -ENOSPC while files are left");
	h = world_state_hash(m);
	f = model_file_create(m, 100);
	g = model_file_create(m, 100);
	ok(f >= 0 && g == f + 1, "Expect two files of 100 pages created (%d %d)", f, g);
	ok(world_state_hash(m) != h, "Expect the world's state hash to change with them");
	is(model_file_drop(m, g + 1), -EINVAL, "Expect a drop of the next file, not created yet, "
	   "-EINVAL");
	is(model_file_sync(m, g + 1), -EINVAL, "Expect a sync of it -EINVAL");
	for (n = 2; n < WORLD_MAX_FILES; n++)
		if (model_file_create(m, 1) < 0)
			break;
	is(n, WORLD_MAX_FILES, "Expect files up to WORLD_MAX_FILES (%d)", WORLD_MAX_FILES);
	is(model_file_create(m, 1), -ENOSPC, "Expect one more refused with -ENOSPC");

	is(model_file_read(m, a, -1, 0, 1), -EINVAL, "Expect a read of file -1 -EINVAL");
	is(model_file_read(m, a, WORLD_MAX_FILES, 0, 1), -EINVAL, "Expect a read of a file that "
	   "was never created -EINVAL");
	is(model_file_write(m, MODEL_MAX_TASKS - 1, f, 0, 1), -EINVAL, "Expect a write by a task "
	   "that does not exist -EINVAL");
	is(model_file_sync(m, -1), -EINVAL, "Expect a sync of file -1 -EINVAL");
	is(model_file_drop(m, -1), -EINVAL, "Expect a drop of file -1 -EINVAL");
	is(stat(m, NR_FILE_PAGES), 0, "Expect nothing cached by the refused calls");

	is(model_file_read(m, a, f, 10, 20), 20, "Expect a read of [10, 30) to read 20 pages");
	is(stat(m, NR_FILE_PAGES), 20, "Expect exactly those 20 pages cached");
	is(model_file_read(m, a, f, 90, 20), 10, "Expect a read of [90, 110) clipped at the end "
	   "of the file: 10 pages");
	is(model_file_write(m, a, g, 0, 100), 100, "Expect 100 pages of the second file written");
	is(stat(m, NR_FILE_DIRTY), 100, "Expect them dirty (NR_FILE_DIRTY 100)");
	is(model_file_sync(m, f), 0, "Expect a sync of the first file (clean) to start nothing");
	is(model_file_sync(m, g), 100, "Expect a sync to start writeback on the 100 dirty pages");
	is(model_file_sync(m, g), 0, "Expect a second sync to find none to start");
	is(stat(m, NR_WRITEBACK), 100, "Expect NR_WRITEBACK 100");
	is(model_file_drop(m, f), 0, "Expect the first file dropped");
	is(stat(m, NR_FILE_PAGES), 100, "Expect the second file's 100 pages still cached");
	finish(m, "file api");
}

/* Pages of `file` under writeback, among its first n. */
static int file_writeback(struct model *m, int file, unsigned long n)
{
	int nr = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct page *page = find_get_page(m, file, i);

		if (!page)
			continue;
		nr += PageWriteback(page);
		put_page(m, page);
	}
	return nr;
}

/*
 * A test of writeback by file when the file's pages lie between another
 * file's: one page of f to two of g, read in turn, then every page of f
 * written (dirty) while g stays clean.  Expect a sync of f to start writeback
 * on all 30 of its pages and on none of g's.
 */
static void test_sync_interleaved(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 30), g = model_file_create(m, 60);

	for (unsigned long i = 0; i < 30; i++) {
		model_file_read(m, a, f, i, 1);
		model_file_read(m, a, g, 2 * i, 2);
	}
	model_file_write(m, a, f, 0, 30);
	is(model_file_sync(m, f), 30, "A test that syncs a file whose 30 dirty pages lie between a "
	   "clean file's. Expect writeback started on all 30");
	ok(file_writeback(m, f, 30) == 30 && file_writeback(m, g, 60) == 0, "Expect them all under "
	   "writeback, and none of the clean file's (%d %d)", file_writeback(m, f, 30),
	   file_writeback(m, g, 60));
	finish(m, "sync interleaved");
}

/*
 * A test of the flusher's page budget (wakeup_flusher_threads(nr_pages), as
 * do_try_to_free_pages calls it with the pages scanned): two files of 40
 * dirty pages.  Expect a budget of 10 to start writeback on 10 pages of the
 * older file; 50 more, on its other 30 and 20 of the second; 0 (no budget),
 * on the rest.
 */
static void test_flusher_budget(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 40), g = model_file_create(m, 40);

	model_file_write(m, a, f, 0, 40);
	model_file_write(m, a, g, 0, 40);
	wakeup_flusher_threads(m, 10);
	ok(file_writeback(m, f, 40) == 10 && file_writeback(m, g, 40) == 0, "A test that wakes the "
	   "flusher for 10 of 80 dirty pages. Expect 10 of the older file under writeback (%d %d)",
	   file_writeback(m, f, 40), file_writeback(m, g, 40));
	wakeup_flusher_threads(m, 50);
	ok(file_writeback(m, f, 40) == 40 && file_writeback(m, g, 40) == 20, "Then 50: expect the "
	   "older file's other 30 and 20 of the second (%d %d)", file_writeback(m, f, 40),
	   file_writeback(m, g, 40));
	wakeup_flusher_threads(m, 0);
	is(stat(m, NR_WRITEBACK), 80, "Then without a budget: expect all 80 under writeback");
	finish(m, "flusher budget");
}

/*
 * A test of ZONE_WRITEBACK, which shrink_inactive_list sets only when every
 * page it took off the inactive list was under writeback (the laundering
 * falls behind).  Two clean file pages to each page under writeback,
 * interleaved on the list, clean ones oldest (so that the one-page batches
 * of the first priorities meet clean pages): expect direct reclaim (GFP_NOFS)
 * to leave the flag clear; with only pages under writeback, to set it.
 */
static void test_zone_writeback_flag(void)
{
	for (int k = 0; k < 2; k++) {
		struct model *m = make(2048, 0);
		int a = model_task_create(m, "A"), f = model_file_create(m, 64);
		int g = model_file_create(m, 128);
		struct forced fo;

		force_init(&fo);
		fo.outcome[CHOICE_WRITEBACK] = 2;	/* writeback stays pending */
		install(m, &fo);
		for (unsigned long i = 0; i < 64; i++) {
			if (k == 0)	/* two clean pages to each written one, clean ones oldest */
				model_file_read(m, a, g, 2 * i, 2);
			model_file_write(m, a, f, i, 1);
		}
		model_file_sync(m, f);
		reclaim(m, a, GFP_NOFS, 0);
		if (k == 0)
			ok(!test_bit_zone(normal(m), ZONE_WRITEBACK), "A test that reclaims from "
			   "clean pages and pages under writeback, interleaved. Expect ZONE_WRITEBACK "
			   "clear");
		else
			ok(test_bit_zone(normal(m), ZONE_WRITEBACK), "With only pages under writeback "
			   "on the list: expect ZONE_WRITEBACK set");
		choice_set_answerer(m, NULL);
		finish(m, "zone writeback");
	}
}

/*
 * A test of ZONE_DIRTY, which shrink_inactive_list sets when every page it
 * took is dirty and not yet queued for writeback (nr_unqueued_dirty ==
 * nr_taken).  64 file pages written and never synced: expect ZONE_DIRTY set
 * by a reclaim pass.  The same pages synced (writeback stays pending) and
 * written again, so dirty and under writeback: queued, so expect it clear.
 */
static void test_zone_dirty_flag(void)
{
	for (int k = 0; k < 2; k++) {
		struct model *m = make(2048, 0);
		int a = model_task_create(m, "A"), f = model_file_create(m, 64);
		struct forced fo;
		unsigned long both = 0;

		force_init(&fo);
		fo.outcome[CHOICE_WRITEBACK] = 2;	/* writeback stays pending */
		install(m, &fo);
		model_file_write(m, a, f, 0, 64);
		if (k == 1) {
			model_file_sync(m, f);
			model_file_write(m, a, f, 0, 64);
			for (unsigned long pfn = normal(m)->zone_start_pfn;
			     pfn < zone_end_pfn(normal(m)); pfn++)
				both += PageDirty(pfn_to_page(m, pfn)) &&
					PageWriteback(pfn_to_page(m, pfn));
		}
		reclaim(m, a, GFP_NOFS, 0);
		if (k == 0)
			ok(test_bit_zone(normal(m), ZONE_DIRTY), "A test that reclaims from 64 dirty "
			   "file pages not queued for writeback. Expect ZONE_DIRTY set");
		else
			ok(both == 64 && !test_bit_zone(normal(m), ZONE_DIRTY), "The same pages "
			   "synced and written again, dirty and under writeback (%lu): queued, so "
			   "expect ZONE_DIRTY clear", both);
		choice_set_answerer(m, NULL);
		finish(m, "zone dirty");
	}
}

/*
 * A test of writeback completion at yield points: the oldest first, at most
 * SWAP_CLUSTER_MAX per yield.  100 pages under writeback; expect one yield
 * to complete 32 of them, the first 32 written.
 */
static void test_writeback_per_yield(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 100), done = 0;

	model_file_write(m, a, f, 0, 100);
	model_file_sync(m, f);
	m->current = a;
	cond_resched(m);
	is(stat(m, NR_WRITEBACK), 100 - SWAP_CLUSTER_MAX, "A test with 100 pages under writeback "
	   "and one yield point. Expect %d completed", SWAP_CLUSTER_MAX);
	for (unsigned long i = 0; i < SWAP_CLUSTER_MAX; i++) {
		struct page *page = find_get_page(m, f, i);

		done += !PageWriteback(page);
		put_page(m, page);
	}
	is(done, SWAP_CLUSTER_MAX, "Expect them the first %d written", SWAP_CLUSTER_MAX);
	finish(m, "writeback per yield");
}

/*
 * A test of the writeback queue when it fills: it has room for 2 x frames + 64
 * entries, and a file truncated under writeback leaves its entries stale.
 * Rounds of write, sync and drop of 300 pages (below the dirty limit, so
 * nothing yields and nothing is popped) fill it with stale entries; the last
 * round's pages are live when it fills and the stale ones are squeezed out.
 * Expect every live page's writeback to complete (NR_WRITEBACK 0 after).
 */
static void test_writeback_queue_full(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 300);
	unsigned long pushed = 0, cap = m->w->wbq_cap, rounds = 0;

	/* bounded: a model whose sync pushes nothing must fail the test, not hang it */
	while (pushed + 300 <= cap && rounds++ <= cap / 300) {
		model_file_write(m, a, f, 0, 300);
		pushed += (unsigned long)model_file_sync(m, f);
		model_file_drop(m, f);
	}
	model_file_write(m, a, f, 0, 300);
	pushed += (unsigned long)model_file_sync(m, f);
	ok(pushed > cap && stat(m, NR_WRITEBACK) == 300, "A test that pushes %lu pages through a "
	   "writeback queue of %lu, the last 300 live. Expect 300 under writeback (%ld)", pushed,
	   cap, stat(m, NR_WRITEBACK));
	world_complete_writeback(m);
	is(stat(m, NR_WRITEBACK), 0, "Expect every live entry kept and completed (NR_WRITEBACK 0)");
	finish(m, "writeback queue");
}

/*
 * A test of another CPU dirtying a file page (the YIELD_DIRTY action): with
 * 10 clean pages cached, expect exactly the page the argument names dirty
 * and counted in NR_FILE_DIRTY; dirtying anonymous memory never counts there.
 */
static void test_other_cpu_dirty(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 10), v = model_mmap_anon(m, a, 8);
	int dirty = 0, which = -1;

	model_file_read(m, a, f, 0, 10);
	world_other_cpu_dirty(m, 3);
	for (int i = 0; i < 10; i++) {
		struct page *page = find_get_page(m, f, (unsigned long)i);

		if (PageDirty(page)) {
			dirty++;
			which = i;
		}
		put_page(m, page);
	}
	ok(dirty == 1 && which == 1 && stat(m, NR_FILE_DIRTY) == 1, "A test where another CPU "
	   "dirties a cached page (argument 3: file 3 mod 1, page 3 x 7 mod 10). Expect page 1, "
	   "and only it, dirty and NR_FILE_DIRTY 1 (%d pages, page %d, %ld)", dirty, which,
	   stat(m, NR_FILE_DIRTY));
	model_touch(m, a, v, 0, 8, true);
	is(stat(m, NR_FILE_DIRTY), 1, "Expect writes to anonymous memory not counted as file dirty");
	finish(m, "other cpu dirty");
}

/*
 * A test of the address-space API's refusals and limits: mmap of 0 pages,
 * of 2^28 pages, by a task that does not exist or by a kernel thread is
 * -EINVAL; more pages than the page tables have room for, or a vma past
 * WORLD_MAX_VMAS, is -ENOSPC.  A file mapping must start inside the file
 * and is clipped at its end.  munmap of a vma that is gone, or of another
 * task's vma, is -EINVAL; a pin past the end of the vma is -EINVAL; an
 * unpin must name the task, vma and index that were pinned.
 */
static void test_mmap_api(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), b = model_task_create(m, "B"), k = model_task_create(m, "k");
	int f = model_file_create(m, 100), va, vb, vf, n;
	uint64_t h;

	model_task(m, k)->flags |= PF_KTHREAD;
	is(model_mmap_anon(m, a, 0), -EINVAL, "A test of the address-space API. Expect mmap of 0 "
	   "pages -EINVAL");
	is(model_mmap_anon(m, a, 0x10000000), -EINVAL, "Expect mmap of 2^28 pages -EINVAL");
	is(model_mmap_anon(m, MODEL_MAX_TASKS - 1, 4), -EINVAL, "Expect mmap by a task that does "
	   "not exist -EINVAL");
	is(model_mmap_anon(m, k, 4), -EINVAL, "Expect mmap by a kernel thread -EINVAL");
	is(model_mmap_anon(m, a, m->w->cap_pte + 1ul), -ENOSPC, "Expect one page more than the "
	   "page tables' room -ENOSPC");
	is(model_mmap_file(m, a, -1, 0, 4), -EINVAL, "Expect a mapping of file -1 -EINVAL");
	is(model_mmap_file(m, a, f, 100, 4), -EINVAL, "Expect a mapping starting at the end of the "
	   "file -EINVAL");
	vf = model_mmap_file(m, a, f, 90, 50);
	ok(vf >= 0 && world_mm_total_vm(m, a) == 10, "Expect a mapping of [90, 140) of a 100-page "
	   "file clipped to 10 pages (total_vm %lu)", world_mm_total_vm(m, a));
	va = model_mmap_anon(m, a, 8);
	vb = model_mmap_anon(m, b, 8);
	n = model_mmap_anon(m, b, 1);
	h = world_state_hash(m);
	is(model_munmap(m, b, n), 0, "Expect a vma never touched unmapped");
	ok(world_state_hash(m) != h, "Expect the world's state hash to change with it");
	is(model_munmap(m, a, vb), -EINVAL, "Expect task A's munmap of B's vma -EINVAL");
	is(model_munmap(m, b, va), -EINVAL, "Expect task B's munmap of A's vma -EINVAL");
	is(model_munmap(m, a, -1), -EINVAL, "Expect munmap of vma -1 -EINVAL");
	is(model_touch(m, a, vb, 0, 1, true), -EINVAL, "Expect A's touch of B's vma -EINVAL");
	is(model_touch(m, a, va, 8, 1, true), 0, "Expect a touch from the end of the vma to touch "
	   "nothing");
	is(model_pin(m, a, va, 8), -EINVAL, "Expect a pin at the end of the vma -EINVAL");
	model_touch(m, a, va, 3, 1, true);
	h = world_state_hash(m);
	is(model_pin(m, a, va, 3), 0, "Expect a pin of page 3 (faulted in already) in slot 0");
	ok(world_state_hash(m) != h, "Expect the pin alone to change the world's state hash");
	is(model_unpin(m, a, va, 4), -EINVAL, "Expect an unpin of page 4 (not pinned) -EINVAL");
	is(model_unpin(m, b, vb, 3), -EINVAL, "Expect B's unpin of its own vma at 3 -EINVAL (A's pin)");
	is(model_unpin(m, a, va, 3), 0, "Expect the pin of page 3 released");
	is(model_unpin(m, a, va, 3), -EINVAL, "Expect a second unpin -EINVAL");
	is(model_munmap(m, a, va), 0, "Expect A's vma unmapped");
	is(model_munmap(m, a, va), -EINVAL, "Expect a second munmap of it -EINVAL");
	ok(world_mm_total_vm(m, a) == 10 && world_mm_rss(m, a) == 0, "Expect total_vm back to 10 "
	   "and no rss (%lu %lu)", world_mm_total_vm(m, a), world_mm_rss(m, a));
	for (n = m->w->nr_vmas; n < WORLD_MAX_VMAS; n++)
		if (model_mmap_anon(m, b, 1) < 0)
			break;
	is(n, WORLD_MAX_VMAS, "Expect vmas up to WORLD_MAX_VMAS (%d)", WORLD_MAX_VMAS);
	is(model_mmap_anon(m, b, 1), -ENOSPC, "Expect one more -ENOSPC (slots are not reused)");
	model_task_exit(m, -1);
	model_task_exit(m, MODEL_MAX_TASKS);
	ok(clean_end(m, "mmap api"), "Expect exit of tasks -1 and MODEL_MAX_TASKS ignored, "
	   "conservation and a teardown back to the start");
	model_destroy(m);
}

/*
 * A test of the pin table's limit: WORLD_MAX_PINS pins take every slot and
 * one more is -ENOSPC; after the first pin goes, the next pin takes its
 * slot (0) again.
 */
static void test_pin_slots(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), v = model_mmap_anon(m, a, WORLD_MAX_PINS + 1);
	int n;

	for (n = 0; n < WORLD_MAX_PINS; n++)
		if (model_pin(m, a, v, (unsigned long)n) != n)
			break;
	is(n, WORLD_MAX_PINS, "A test that pins %d pages. Expect each pin in the next slot",
	   WORLD_MAX_PINS);
	is(model_pin(m, a, v, WORLD_MAX_PINS), -ENOSPC, "Expect one more -ENOSPC");
	is(model_unpin(m, a, v, 0), 0, "Expect the first pin released");
	is(model_pin(m, a, v, WORLD_MAX_PINS), 0, "Expect the next pin in the freed slot 0");
	finish(m, "pins");
}

/*
 * A test of the fault paths' bookkeeping: an anonymous page read first maps
 * the zero page (no page, no rss); a write then gets a page of its own
 * (anon rss 1, NR_ANON_PAGES 1).  A write through a file mapping whose page
 * is already mapped dirties it.  munmap drops each kind of rss back to 0.
 */
static void test_fault_bookkeeping(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 4);
	int vf = model_mmap_file(m, a, f, 0, 4), v = model_mmap_anon(m, a, 4);

	is(f, 0, "A test of fault bookkeeping on file 0 (the first file)");
	model_touch(m, a, v, 0, 1, false);
	ok(world_mm_anon_rss(m, a) == 0 && stat(m, NR_ANON_PAGES) == 0, "Expect a read of an "
	   "untouched anonymous page to map the zero page: no rss, no anon page (%lu %ld)",
	   world_mm_anon_rss(m, a), stat(m, NR_ANON_PAGES));
	model_touch(m, a, v, 0, 1, true);
	ok(world_mm_anon_rss(m, a) == 1 && stat(m, NR_ANON_PAGES) == 1, "Expect a write to it then "
	   "to get a page of its own: anon rss 1, NR_ANON_PAGES 1 (%lu %ld)",
	   world_mm_anon_rss(m, a), stat(m, NR_ANON_PAGES));
	model_touch(m, a, v, 1, 3, true);
	is(stat(m, NR_ANON_PAGES), 4, "Expect NR_ANON_PAGES 4 after writing the other 3");
	model_touch(m, a, vf, 0, 4, false);
	is(stat(m, NR_FILE_DIRTY), 0, "Expect reading the file mapping to dirty nothing");
	model_touch(m, a, vf, 0, 4, true);
	is(stat(m, NR_FILE_DIRTY), 4, "Expect writing its mapped pages to dirty all 4");
	ok(world_mm_rss(m, a) == 8 && world_mm_anon_rss(m, a) == 4, "Expect rss 8, 4 of them "
	   "anonymous (%lu %lu)", world_mm_rss(m, a), world_mm_anon_rss(m, a));
	model_munmap(m, a, vf);
	ok(world_mm_rss(m, a) == 4 && world_mm_anon_rss(m, a) == 4, "Expect munmap of the file "
	   "mapping to drop only file rss (%lu %lu)", world_mm_rss(m, a), world_mm_anon_rss(m, a));
	model_munmap(m, a, v);
	ok(world_mm_rss(m, a) == 0 && stat(m, NR_ANON_PAGES) == 0, "Expect munmap of the anonymous "
	   "vma to drop the rest (%lu %ld)", world_mm_rss(m, a), stat(m, NR_ANON_PAGES));
	{
		int big = model_mmap_anon(m, a, PTRS_PER_PTE), next = model_mmap_anon(m, a, 4);

		model_touch(m, a, big, 0, 1, true);
		model_touch(m, a, next, 0, 1, true);
		ok(world_mm_nr_ptes(m, a) == 2 && check_conservation(m), "A vma of exactly one page "
		   "table's span (%d pages) and the next, each touched: expect a page table each "
		   "(%lu), each accounted once", PTRS_PER_PTE, world_mm_nr_ptes(m, a));
		model_munmap(m, a, big);
		ok(world_mm_nr_ptes(m, a) == 1 && world_mm_rss(m, a) == 1 && check_conservation(m),
		   "Expect its munmap to free its own table only (%lu tables)", world_mm_nr_ptes(m, a));
	}
	finish(m, "fault bookkeeping");
}

/*
 * A test of a fault that gets no page: the first allocation (the page
 * table) fails.  Expect the touch to return -ENOMEM with nothing mapped,
 * and pagefault_out_of_memory to call the OOM killer, which picks B (the
 * largest; A is task 0, unkillable).  With the OOM lock held elsewhere the
 * next failure kills nobody.
 */
static void test_fault_oom(void)
{
	for (int locked = 0; locked < 2; locked++) {
		struct model *m = make(2048, 0);
		int a = model_task_create(m, "A"), b = model_task_create(m, "B");
		int c = model_task_create(m, "C");
		int vb = model_mmap_anon(m, b, 300), vc = model_mmap_anon(m, c, 4);
		struct forced fo;

		(void)a;
		model_touch(m, b, vb, 0, 300, true);
		force_init(&fo);
		fo.outcome[CHOICE_FAIL_ALLOC_PAGE] = 1;
		fo.times[CHOICE_FAIL_ALLOC_PAGE] = 1;
		install(m, &fo);
		if (locked)
			m->oom_lock_holder = -2;	/* another CPU holds oom_lock */
		is(model_touch(m, c, vc, 0, 1, true), -ENOMEM, locked ? "The same with the OOM lock "
		   "held by another CPU: expect -ENOMEM" : "A test where a fault's page-table "
		   "allocation fails. Expect -ENOMEM");
		if (!locked) {
			ok(world_mm_rss(m, c) == 0 && world_mm_nr_ptes(m, c) == 0, "Expect nothing "
			   "mapped and no page table (%lu %lu)", world_mm_rss(m, c),
			   world_mm_nr_ptes(m, c));
			ok(!model_task(m, b) || (model_task(m, b)->tif & TIF_MEMDIE),
			   "Expect pagefault_out_of_memory to have the OOM killer take B");
		} else {
			ok(model_task(m, b) && !(model_task(m, b)->tif & TIF_MEMDIE),
			   "Expect nobody killed");
			m->oom_lock_holder = -1;
		}
		choice_set_answerer(m, NULL);
		finish(m, locked ? "fault oom locked" : "fault oom");
	}
}

/* The page a vma maps at idx (or NULL). */
static struct page *mapped_page(struct model *m, int vma, unsigned long idx)
{
	uint32_t pte = m->w->pte[m->w->vma[vma].pte + idx];

	return (pte & PTE_PRESENT) ? pfn_to_page(m, pte & PTE_VAL_MASK) : NULL;
}

/*
 * A test of the file rmap walk with two tasks mapping different windows of
 * one file: A maps [0, 10), B maps [5, 15).  With its accessed bits
 * cleared (page_referenced), try_to_unmap of page 7 (in both windows)
 * clears both ptes and takes one page off each task's file
 * rss; page 2 is mapped by A alone.  Then, with page 8 young in A's pte
 * (the first vma the walk meets) and old in B's, try_to_unmap fails at A
 * and stops there: B keeps its mapping too.
 */
static void test_file_rmap_windows(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), b = model_task_create(m, "B"), f = model_file_create(m, 20);
	int va = model_mmap_file(m, a, f, 0, 10), vb = model_mmap_file(m, b, f, 5, 10);
	struct page *page;

	model_touch(m, a, va, 0, 10, false);
	model_touch(m, b, vb, 0, 10, false);
	page = mapped_page(m, va, 7);
	ok(page && page == mapped_page(m, vb, 2) && page_mapcount(page) == 2, "A test where A maps "
	   "file pages [0, 10) and B [5, 15). Expect page 7 mapped by both");
	page_referenced(m, page);	/* the accessed bits cleared, as reclaim looks first */
	is(try_to_unmap(m, page), SWAP_SUCCESS, "Expect try_to_unmap of page 7 to succeed");
	ok(!page_mapped(page) && !mapped_page(m, va, 7) && !mapped_page(m, vb, 2), "Expect both "
	   "ptes cleared");
	ok(world_mm_rss(m, a) == 9 && world_mm_rss(m, b) == 9, "Expect one page off each task's "
	   "rss (%lu %lu)", world_mm_rss(m, a), world_mm_rss(m, b));
	is(page_mapcount(mapped_page(m, va, 2)), 1, "Expect page 2 mapped by A alone");

	page = mapped_page(m, va, 8);
	page_referenced(m, page);	/* both accessed bits cleared */
	model_touch(m, a, va, 8, 1, false);	/* A's young again */
	is(try_to_unmap(m, page), SWAP_FAIL, "With page 8 young in A's pte only: expect "
	   "try_to_unmap to fail");
	is(page_mapcount(page), 2, "Expect the walk stopped at A: both still map it");
	finish(m, "file rmap");
}

/*
 * A test of migrating a file page two tasks map: expect both ptes to
 * point at the new frame.
 */
static void test_migrate_shared(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), b = model_task_create(m, "B"), f = model_file_create(m, 4);
	int va = model_mmap_file(m, a, f, 0, 4), vb = model_mmap_file(m, b, f, 0, 4), h;
	struct page *page, *newpage;

	model_touch(m, a, va, 0, 4, false);
	model_touch(m, b, vb, 0, 4, false);
	page = mapped_page(m, va, 1);
	is(isolate_lru_page(m, page), 0, "A test that isolates a file page A and B map");
	h = model_alloc(m, a, GFP_KERNEL, 0);
	newpage = pfn_to_page(m, m->handles[h].pfn);
	m->handles[h].in_use = false;	/* the frame becomes the migration target */
	handle_note(m, h);
	is(migrate_page_move(m, page, newpage), 0, "Expect it moved to a new frame");
	putback_lru_page(m, newpage);
	putback_lru_page(m, page);
	ok(mapped_page(m, va, 1) == newpage && mapped_page(m, vb, 1) == newpage, "Expect both ptes "
	   "to point at the new frame");
	finish(m, "migrate shared");
}

/*
 * A test of the swap device's slot rules: vm_swap_full is "less than half
 * free" (32 of 64 free is not full, 31 is); slots are taken next-fit from a
 * rotating cursor, so a slot freed behind the cursor is not taken again
 * until the cursor comes round.
 */
static void test_swap_slots(void)
{
	struct model *m = make(2048, 64);
	uint32_t s[64];
	int n;

	for (n = 0; n < 32; n++)
		s[n] = get_swap_page(m);
	ok(s[0] == 1 && s[31] == 32 && get_nr_swap_pages(m) == 32, "A test that takes 32 of 64 "
	   "swap slots. Expect slots 0..31 (%u..%u), 32 free", s[0] - 1, s[31] - 1);
	ok(!vm_swap_full(m), "Expect swap not full with half free");
	s[n++] = get_swap_page(m);
	ok(vm_swap_full(m), "Expect it full with 31 of 64 free");
	swapcache_free(m, s[0] - 1);
	s[0] = get_swap_page(m);
	is(s[0], 34u, "Expect the next slot after slot 0 is freed to be 33 (next-fit), not 0");
	while (n < 63)
		s[n++] = get_swap_page(m);
	is(get_nr_swap_pages(m), 1, "Expect 1 slot left (slot 0)");
	is(get_swap_page(m), 1u, "Expect the cursor to come round to slot 0");
	swapcache_free(m, 0);
	for (n = 0; n < 63; n++)
		swapcache_free(m, s[n] - 1);
	is(get_nr_swap_pages(m), 64, "Expect all 64 free again");
	finish(m, "swap slots");
}

/*
 * A test of try_to_free_swap's refusals: a swap-cache page stays while its
 * writeback is in flight, and while a swap pte still refers to its slot.
 * Anonymous pages are reclaimed to swap with writeback held pending; one is
 * read back (mapped again, its pte no longer a swap entry): expect
 * try_to_free_swap to refuse it while under writeback and to take it after.
 * Another, not read back: expect a refusal with writeback done (its pte).
 */
static void test_free_swap_refusals(void)
{
	struct model *m = make(2048, 256);
	int a = model_task_create(m, "A"), v = model_mmap_anon(m, a, 1800);
	struct forced fo;
	struct page *back = NULL, *other = NULL;

	model_touch(m, a, v, 0, 1800, true);
	force_init(&fo);
	fo.outcome[CHOICE_WRITEBACK] = 2;	/* writeback stays pending */
	install(m, &fo);
	for (int i = 0; i < 4 && !m->vm_events[PSWPOUT]; i++)
		reclaim(m, a, GFP_KERNEL, 0);
	for (uint32_t slot = 0; slot < 256; slot++) {
		struct page *page = lookup_swap_cache(m, slot);

		if (!page || !PageWriteback(page) || page_mapped(page))
			continue;
		if (!back)
			back = page;
		else if (!other)
			other = page;
	}
	if (!ok(back && other, "A test that reclaims anonymous memory to swap with writeback "
		"pending. Expect unmapped swap-cache pages under writeback (PSWPOUT %lu)",
		m->vm_events[PSWPOUT])) {
		model_destroy(m);
		return;
	}
	model_touch(m, a, v, back->index, 1, false);
	ok(page_mapped(back) && PageSwapCache(back) && page_swapcount(m, back) == 0,
	   "Expect one read back: mapped, still in the swap cache, no swap pte left");
	ok(!try_to_free_swap(m, back) && PageSwapCache(back), "Expect try_to_free_swap to refuse "
	   "it while its writeback is in flight");
	choice_set_answerer(m, NULL);
	world_complete_writeback(m);
	ok(try_to_free_swap(m, back) && !PageSwapCache(back) && PageDirty(back), "Expect it taken "
	   "out of the swap cache, dirty, once the writeback is done");
	ok(page_swapcount(m, other) == 1 && !try_to_free_swap(m, other) && PageSwapCache(other),
	   "Expect a page whose slot a swap pte still names kept in the swap cache");
	finish(m, "free swap");
}

/* Pages another CPU holds (handles of no task). */
static int other_cpu_pages(struct model *m)
{
	int nr = 0;

	for (int h = 0; h < m->nr_handles; h++)
		nr += m->handles[h].in_use && m->handles[h].task == -1;
	return nr;
}

/* One yield point at which another CPU does `action` with `arg`. */
static void yield_with(struct model *m, int task, unsigned action, unsigned arg)
{
	struct forced fo;

	force_init(&fo);
	fo.outcome[CHOICE_YIELD_ACTION] = (int)action;
	fo.times[CHOICE_YIELD_ACTION] = 1;
	fo.outcome[CHOICE_YIELD_ARG] = (int)arg;
	fo.times[CHOICE_YIELD_ARG] = 1;
	install(m, &fo);
	m->current = task;
	cond_resched(m);
	choice_set_answerer(m, NULL);
}

/*
 * A test of what other CPUs do at a yield point.  Each YIELD_ALLOC takes a
 * page, held by no task; YIELD_FREE with argument k frees the k-th of them
 * (modulo how many); the next YIELD_ALLOC reuses the freed handle;
 * YIELD_FREE_TAKE_BACK frees one and takes one; with none held, neither
 * frees nor takes anything.  Every yield point counts in nr_yields, and
 * conservation holds throughout.
 */
static void test_yield_actions(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), h1 = -1;
	unsigned long yields = m->nr_yields;
	long free0 = stat(m, NR_FREE_PAGES);

	yield_with(m, a, YIELD_FREE_TAKE_BACK, 0);
	is(other_cpu_pages(m), 0, "A test of other CPUs' actions at yield points. With no page "
	   "held, expect YIELD_FREE_TAKE_BACK to take nothing");
	for (int i = 0; i < 3; i++)
		yield_with(m, a, YIELD_ALLOC, (unsigned)i);
	ok(other_cpu_pages(m) == 3 && stat(m, NR_FREE_PAGES) < free0, "Expect three YIELD_ALLOCs "
	   "to hold 3 pages (%d)", other_cpu_pages(m));
	ok(check_conservation(m), "Expect every frame accounted for");
	for (int h = 0, k = 0; h < m->nr_handles; h++)
		if (m->handles[h].in_use && m->handles[h].task == -1 && k++ == 1)
			h1 = h;
	yield_with(m, a, YIELD_FREE, 4);	/* 4 mod 3: the second */
	ok(other_cpu_pages(m) == 2 && h1 >= 0 && !m->handles[h1].in_use, "Expect YIELD_FREE with "
	   "argument 4 to free the second of the 3 (4 mod 3)");
	yield_with(m, a, YIELD_ALLOC, 0);
	ok(other_cpu_pages(m) == 3 && m->handles[h1].in_use && m->handles[h1].task == -1,
	   "Expect the next YIELD_ALLOC to reuse the freed handle");
	yield_with(m, a, YIELD_FREE_TAKE_BACK, 1);
	is(other_cpu_pages(m), 3, "Expect YIELD_FREE_TAKE_BACK to leave 3 held");
	ok(check_conservation(m), "Expect every frame accounted for");
	is(m->nr_yields - yields, 7ul, "Expect the 7 yield points counted in nr_yields");
	finish(m, "yield actions");
}

/* Answers the yield action from a script, then nothing; other choices their default. */
struct yield_script {
	const unsigned *action;
	unsigned n, asked;
};

static unsigned yield_script_answer(void *priv, const struct choice_query *q)
{
	struct yield_script *y = priv;

	if (q->id != CHOICE_YIELD_ACTION)
		return q->dflt;
	return y->asked < y->n ? y->action[y->asked++] : YIELD_NOTHING;
}

/*
 * A test of the handle a program allocation will fill while it runs: A holds
 * handle 0 and another CPU a page in handle 1; A's next allocation (handle 2)
 * must reclaim, and at its yield points the other CPU frees its page, then
 * allocates three times.  Expect the other CPU's pages in handles 1, 3 and 4,
 * never in 2: A's allocation ends in handle 2 with its own page, and no page
 * is lost (before the fix, the other CPU's page in handle 2 was overwritten
 * and leaked).
 */
static void test_yield_alloc_spares_pending_handle(void)
{
	static const unsigned script[] = { YIELD_FREE, YIELD_ALLOC, YIELD_ALLOC, YIELD_ALLOC };
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 1800), h0, h, pending;
	struct yield_script y = { .action = script, .n = 4 };
	struct choice_answerer ans = { .answer = yield_script_answer, .phase = forced_phase,
				       .priv = &y };

	model_file_read(m, a, f, 0, 1800);
	h0 = model_alloc(m, a, GFP_ATOMIC, 0);
	yield_with(m, a, YIELD_ALLOC, 0);
	ok(h0 == 0 && other_cpu_pages(m) == 1 && m->handles[1].in_use && m->handles[1].task == -1,
	   "A test where A holds handle 0 and another CPU a page in handle 1");
	while (model_alloc(m, a, GFP_ATOMIC | __GFP_NOWARN, 0) >= 0)	/* below min: A must reclaim */
		;
	for (pending = 0; pending < m->nr_handles && m->handles[pending].in_use; pending++)
		;	/* the lowest free handle: the one A's allocation will take */
	choice_set_answerer(m, &ans);
	h = model_alloc(m, a, GFP_KERNEL, 0);
	choice_set_answerer(m, NULL);
	ok(h == pending && m->handles[h].task == a, "Expect A's allocation in handle %d, its own",
	   pending);
	ok(y.asked == 4 && other_cpu_pages(m) == 3, "Expect the other CPU to have freed one page and "
	   "taken three (%d held)", other_cpu_pages(m));
	ok(check_conservation(m), "Expect every frame accounted for");
	finish(m, "pending handle");
}

/*
 * A test of YIELD_CHANGE_CPUSET on two nodes: whatever the argument, the
 * task's mems_allowed becomes a non-empty subset of the two nodes, and
 * mems_seq moves every time (read_mems_allowed_retry sees the change).
 */
static void test_yield_cpuset(void)
{
	struct model_config c;
	struct model *m;
	int a;
	bool subset = true;
	uint32_t seq;

	config(&c, 1024, 0);
	c.nr_nodes = 2;
	c.zones[1][ZONE_NORMAL].pages = 1024;
	m = create(&c);
	if (!ok(m != NULL, "A test of cpuset changes on a two-node model"))
		return;
	a = model_task_create(m, "A");
	seq = model_task(m, a)->mems_seq;
	for (unsigned arg = 0; arg < 8; arg++) {
		nodemask_t mems;

		yield_with(m, a, YIELD_CHANGE_CPUSET, arg);
		mems = model_task(m, a)->mems_allowed;
		subset &= mems != 0 && !(mems & ~3u);
	}
	ok(subset, "Expect every change to leave mems_allowed a non-empty subset of nodes 0-1");
	is(model_task(m, a)->mems_seq - seq, 8u, "Expect mems_seq to move with each of the 8 changes");
	model_destroy(m);
}

/*
 * A test of rotate_reclaimable_page at the end of writeback: three file
 * pages written and under writeback, the middle one marked PG_reclaim
 * (reclaim met it under writeback), the last marked too but dirtied again.
 * Expect the middle page moved to the tail of the inactive file list, where
 * reclaim looks first (PGROTATED 1), the redirtied one left where it was,
 * and PG_reclaim cleared on both.
 */
static void test_rotate_on_writeback_end(void)
{
	struct model *m = make(2048, 0);
	int a = model_task_create(m, "A"), f = model_file_create(m, 3);
	struct page *p[3];

	model_file_write(m, a, f, 0, 3);
	model_file_sync(m, f);
	for (int i = 0; i < 3; i++) {
		p[i] = find_get_page(m, f, (unsigned long)i);
		put_page(m, p[i]);
	}
	SetPageFlag(m, p[1], PG_reclaim);
	SetPageFlag(m, p[2], PG_reclaim);
	set_page_dirty(m, p[2]);
	world_complete_writeback(m);
	is(m->vm_events[PGROTATED], 1ul, "A test that ends writeback on a clean PG_reclaim page and "
	   "a redirtied one. Expect one rotation");
	is(list_last(m, normal(m)->lru[LRU_INACTIVE_FILE]), (uint32_t)page_to_pfn(m, p[1]),
	   "Expect the clean one at the tail of the inactive file list");
	ok(!PageReclaim(p[1]) && !PageReclaim(p[2]), "Expect PG_reclaim cleared on both");
	finish(m, "rotate");
}

/* A fresh model where task A has written 4 anonymous pages and read 4 file pages. */
static struct model *world_for_check(int *a, int *v, int *f)
{
	struct model *m = make(2048, 0);

	*a = model_task_create(m, "A");
	*v = model_mmap_anon(m, *a, 4);
	*f = model_file_create(m, 4);
	model_touch(m, *a, *v, 0, 4, true);
	model_file_read(m, *a, *f, 0, 4);
	return m;
}

/* check_conservation on a world corrupted on purpose: expect it to fail with sig. */
static void expect_world_check(struct model *m, const char *sig, const char *what)
{
	bool held = check_conservation(m);

	ok(!held && !strcmp(m->verdict.sig, sig), "A test that %s. Expect conservation to fail "
	   "with %s (got %s)", what, sig, held ? "no finding" : m->verdict.sig);
	model_destroy(m);
}

/*
 * Every check of the world's part of page conservation, each fired by a
 * corruption made on purpose: a page whose _count its holders do not
 * account for, a held page on no LRU list, an LRU page nobody holds, an LRU
 * page without PG_lru, an LRU counter off by one, a pte to a page a handle
 * holds, and a pin of a free page.
 */
static void test_world_checks(void)
{
	struct model *m;
	struct page *page;
	int a, v, f;

	m = world_for_check(&a, &v, &f);
	mapped_page(m, v, 1)->_count++;
	expect_world_check(m, "buddy-corrupt:world-refcount", "takes a reference nobody accounts "
			   "for on a mapped page");

	m = world_for_check(&a, &v, &f);
	page = mapped_page(m, v, 2);
	del_page_from_lru_list(m, page, page_lru(page));
	ClearPageFlag(m, page, PG_lru);
	expect_world_check(m, "buddy-corrupt:world-page-off-lru", "takes a mapped page off its LRU "
			   "list");

	m = world_for_check(&a, &v, &f);
	page = find_get_page(m, f, 3);
	put_page(m, page);
	m->w->pc[m->w->file[f].pc + 3] = 0;	/* the cache forgets it; the LRU keeps it */
	expect_world_check(m, "leak:lru-page-held-by-nobody", "drops a cached page from the page "
			   "cache's index only");

	m = world_for_check(&a, &v, &f);
	page = find_get_page(m, f, 0);
	put_page(m, page);
	ClearPageFlag(m, page, PG_lru);
	expect_world_check(m, "buddy-corrupt:lru-flags", "clears PG_lru of a page on an LRU list");

	m = world_for_check(&a, &v, &f);
	normal(m)->vm_stat[NR_INACTIVE_FILE]++;
	expect_world_check(m, "buddy-corrupt:lru-count", "adds one to NR_INACTIVE_FILE");

	m = world_for_check(&a, &v, &f);
	{
		int vv = model_mmap_anon(m, a, 1), h = model_alloc(m, a, GFP_KERNEL, 0);

		m->w->pte[m->w->vma[vv].pte] = PTE_PRESENT | m->handles[h].pfn;
	}
	expect_world_check(m, "buddy-corrupt:world-page-owned-elsewhere", "points a pte at a page "
			   "a handle holds");

	m = world_for_check(&a, &v, &f);
	for (unsigned long pfn = 0; pfn < m->pm.nr_frames; pfn++)
		if (PageBuddy(pfn_to_page(m, pfn))) {
			m->w->pin[m->w->nr_pins++] = (struct pin){ .pfn = (uint32_t)pfn, .task = (int8_t)a,
								   .vma = (int8_t)v, .idx = 0 };
			break;
		}
	expect_world_check(m, "buddy-corrupt:world-page-free", "pins a free page");

	m = world_for_check(&a, &v, &f);
	m->w->pin[m->w->nr_pins++] = (struct pin){ .pfn = (uint32_t)m->pm.nr_frames, .task = (int8_t)a,
						   .vma = (int8_t)v, .idx = 0 };
	expect_world_check(m, "buddy-corrupt:owner-out-of-range", "pins a frame past memory");
}

int main(void)
{
	test_clean_file_pages();
	test_reclaim_stops_at_cluster();
	test_dirty_writeback();
	test_anon_swap();
	test_truncated_while_isolated();
	test_unmapped_while_isolated();
	test_dirty_throttle();
	test_dirty_throttle_highmem();
	test_referenced_rotate();
	test_pinned();
	test_pinned_file();
	test_reclaimable_rule();
	test_kswapd_balances();
	test_kswapd_high_order_balanced();
	test_migrate();
	test_compaction_migrates();
	test_compaction_skips_pinned();
	test_compaction_fails();
	test_migrate_ten_passes();
	test_compaction_success_uncontended();
	test_compaction_contended();
	test_choices_matter();
	test_teardown_in_flight();
	test_zone_reclaim();
	test_zone_reclaim_keeps_dirty_active();
	test_shared_mapping();
	test_activation_counts_rotation();
	test_file_api();
	test_flusher_budget();
	test_sync_interleaved();
	test_writeback_per_yield();
	test_zone_writeback_flag();
	test_zone_dirty_flag();
	test_writeback_queue_full();
	test_other_cpu_dirty();
	test_mmap_api();
	test_pin_slots();
	test_fault_bookkeeping();
	test_fault_oom();
	test_file_rmap_windows();
	test_migrate_shared();
	test_swap_slots();
	test_free_swap_refusals();
	test_yield_actions();
	test_yield_cpuset();
	test_yield_alloc_spares_pending_handle();
	test_rotate_on_writeback_end();
	test_world_checks();
	return done_testing();
}
