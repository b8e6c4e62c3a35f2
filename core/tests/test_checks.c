// SPDX-License-Identifier: GPL-2.0
/*
 * test_checks.c - the oracles' ground: every check in core/check.c is shown
 * to fire on state corrupted on purpose (and to stay quiet on a long normal
 * run), bad pages are quarantined and accounted for, and model_reset plus
 * the incremental state hash are exact.  Each case runs over several zone
 * layouts.
 */
#include <string.h>
#include "../internal.h"
#include "layouts.h"
#include "tap.h"

/* DMA32 32768 + Normal 4096 + Movable 4096: DMA32 has pcp batch 7, high 42 */
static void layout_dma32_big(struct model_config *c)
{
	empty(c);
	c->zones[0][ZONE_DMA32].pages = 32768;
	c->zones[0][ZONE_NORMAL].pages = 4096;
	c->zones[0][ZONE_MOVABLE].pages = 4096;
}

static const struct layout layouts[] = {
	{ "default", layout_default },
	{ "small", layout_small },
	{ "holes", layout_holes },
	{ "2node", layout_2node },
	{ "dma32+normal+movable", layout_dma32_big },
};

static struct model *create(const struct layout *l, int debug)
{
	struct model_config c;
	char err[256];
	struct model *m;

	l->setup(&c);
	c.debug = debug;
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("%s: %s", l->name, err);
	return m;
}

/* A deterministic PRNG (splitmix64), seeded by a constant: the runs below are the same every time. */
static uint64_t prng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long list_len(struct model *m, uint32_t head)
{
	long n = 0;
	uint32_t pos;

	list_for_each_id(m, pos, head)
		n++;
	return n;
}

/* The zone the warm-up allocations landed in (handle 0 stays held), after warm(). */
static struct zone *main_zone(struct model *m)
{
	const struct zoneref *zr = &m->node[0].node_zonelists[ZONELIST_FALLBACK]._zonerefs[0];

	if (m->nr_handles && m->handles[0].in_use)
		return page_zone(m, pfn_to_page(m, m->handles[0].pfn));
	return model_zone(m, zr->node, zr->zone_idx);
}

/* The first free block of order >= min_order in z; false if there is none. */
static bool find_free(struct model *m, struct zone *z, unsigned min_order, unsigned long *pfn,
		      unsigned *order, int *mt)
{
	for (unsigned o = min_order; o < m->max_order; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++)
			if (!list_empty(m, z->free_area[o].free_list[t])) {
				*pfn = list_first(m, z->free_area[o].free_list[t]);
				*order = o;
				*mt = t;
				return true;
			}
	return false;
}

static long total_managed(struct model *m)
{
	long n = 0;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			n += (long)model_zone(m, nid, zid)->managed_pages;
	return n;
}

static int held_handle(struct model *m)
{
	for (int i = 0; i < m->nr_handles; i++)
		if (m->handles[i].in_use)
			return i;
	return -1;
}

static int add_handle(struct model *m, unsigned long pfn, unsigned order)
{
	int i = m->nr_handles++;

	m->handles[i] = (struct handle){ .pfn = (uint32_t)pfn, .order = (uint8_t)order,
					 .in_use = true, .task = 0 };
	handle_note(m, i);	/* as the model's own writes do */
	return i;
}

/*
 * Brings the model to a small, non-trivial state: pages held at orders 0,
 * 2 and 3, some freed again so the pcp lists and the buddy are mixed.
 * Returns whether every check passes on it (the near miss every corruption
 * case starts from).
 */
static bool warm(struct model *m)
{
	static const unsigned orders[] = { 0, 0, 0, 0, 0, 2, 2, 3, 1, 0 };
	int h[10];

	model_reset(m);
	for (int i = 0; i < 10; i++)
		h[i] = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, orders[i]);
	model_free(m, h[1]);
	model_free(m, h[5]);
	model_free(m, h[8]);
	return check_cheap(m) && check_buddy_is_valid(m) && check_conservation(m) &&
	       m->verdict.kind == V_OK;
}

static void expect(struct model *m, bool ret, enum verdict_kind kind, const char *sig,
		   const char *name, const char *what)
{
	if (!ok(!ret && m->verdict.kind == kind && !strcmp(m->verdict.sig, sig), "%s: %s: %s",
		name, what, sig))
		diag("check returned %d, verdict %s \"%s\": %s", ret, verdict_name[m->verdict.kind],
		     m->verdict.sig, m->verdict.detail);
}

/* ---- 7. every check fires on corrupted state ----------------------------------- */

/*
 * A test that breaks the prev link of the first block on a free list.
 * Expect check_buddy_is_valid to fail with buddy-corrupt:free-list-link.
 */
static void test_broken_prev_link(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	ok(warm(m), "%s: near miss: the warmed model passes every check", name);
	z = main_zone(m);
	if (!find_free(m, z, 0, &pfn, &order, &mt))
		return;
	page_touch(m, pfn_to_page(m, pfn));
	pfn_to_page(m, pfn)->lru.prev = (uint32_t)pfn;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-list-link", name,
	       "a free block whose prev link points at itself");
}

/*
 * A test that points the next link of a free block nowhere (PFN_NONE).
 * Expect buddy-corrupt:free-list-link.
 */
static void test_broken_next_link(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 0, &pfn, &order, &mt))
		return;
	page_touch(m, pfn_to_page(m, pfn));
	pfn_to_page(m, pfn)->lru.next = PFN_NONE;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-list-link", name,
	       "a free block whose next link is PFN_NONE");
}

/*
 * A test that raises nr_free of one order and NR_FREE_PAGES to match, so
 * only the lists disagree.  Expect check_cheap to pass (counters agree
 * with each other) and check_buddy_is_valid to fail with
 * buddy-corrupt:nr_free-vs-lists.
 */
static void test_wrong_nr_free(struct model *m, const char *name)
{
	struct zone *z;

	warm(m);
	z = main_zone(m);
	z->free_area[1].nr_free++;
	__mod_zone_page_state(z, NR_FREE_PAGES, 2);
	ok(check_cheap(m), "%s: nr_free and NR_FREE_PAGES raised together pass check_cheap", name);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:nr_free-vs-lists", name,
	       "nr_free[1] one more than the lists hold");
}

/*
 * A test that raises nr_free alone, then NR_FREE_PAGES alone.  Expect
 * check_cheap (O(zones * orders)) to fire each time with
 * buddy-corrupt:nr_free-vs-NR_FREE_PAGES.
 */
static void test_counter_mismatch(struct model *m, const char *name)
{
	struct zone *z;

	warm(m);
	z = main_zone(m);
	z->free_area[0].nr_free++;
	expect(m, check_cheap(m), V_BUDDY_CORRUPT, "buddy-corrupt:nr_free-vs-NR_FREE_PAGES", name,
	       "nr_free[0] raised alone");
	warm(m);
	__mod_zone_page_state(z, NR_FREE_PAGES, 1);
	expect(m, check_cheap(m), V_BUDDY_CORRUPT, "buddy-corrupt:nr_free-vs-NR_FREE_PAGES", name,
	       "NR_FREE_PAGES raised alone");
	warm(m);
	__mod_zone_page_state(z, NR_FREE_PAGES, -1);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:NR_FREE_PAGES-vs-lists",
	       name, "NR_FREE_PAGES lowered: the walker sees it too");
}

/*
 * A test that sets nr_free of an empty order to -1.  Expect check_cheap to
 * fire with buddy-corrupt:nr_free-negative.
 */
static void test_negative_nr_free(struct model *m, const char *name)
{
	struct zone *z;
	unsigned o;

	warm(m);
	z = main_zone(m);
	for (o = 0; o < m->max_order && z->free_area[o].nr_free; o++)
		;
	if (o == m->max_order)
		o = 0;
	z->free_area[o].nr_free = -1;
	expect(m, check_cheap(m), V_BUDDY_CORRUPT, "buddy-corrupt:nr_free-negative", name,
	       "nr_free = -1");
}

/*
 * A test that makes the counters claim more free pages than the zone
 * manages (nr_free and NR_FREE_PAGES raised together).  Expect check_cheap
 * to fire with buddy-corrupt:free-exceeds-managed.
 */
static void test_free_exceeds_managed(struct model *m, const char *name)
{
	struct zone *z;
	unsigned top = m->max_order - 1;
	long k;

	warm(m);
	z = main_zone(m);
	k = (long)(z->managed_pages >> top) + 1;
	z->free_area[top].nr_free += k;
	__mod_zone_page_state(z, NR_FREE_PAGES, k << top);
	expect(m, check_cheap(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-exceeds-managed", name,
	       "more free pages than managed pages");
}

/*
 * A test that sets a stray PageBuddy on a page a handle holds.  Expect
 * buddy-corrupt:stray-PageBuddy.
 */
static void test_stray_buddy(struct model *m, const char *name)
{
	int h;
	struct page *p;

	warm(m);
	h = held_handle(m);
	if (!ok(h >= 0, "%s: a held page", name))
		return;
	p = pfn_to_page(m, m->handles[h].pfn);
	page_touch(m, p);
	p->_mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:stray-PageBuddy", name,
	       "PageBuddy on a held page");
}

/*
 * A test that sets PageBuddy on the second frame of a free order >= 1
 * block.  Expect buddy-corrupt:buddy-inside-block.
 */
static void test_buddy_inside_block(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 1, &pfn, &order, &mt))
		return;
	page_touch(m, pfn_to_page(m, pfn + 1));
	pfn_to_page(m, pfn + 1)->_mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:buddy-inside-block", name,
	       "PageBuddy inside a free block");
}

/*
 * A test that changes the order recorded in a free block's head while it
 * stays on its list.  Expect buddy-corrupt:free-block-order.
 */
static void test_wrong_block_order(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 0, &pfn, &order, &mt))
		return;
	page_touch(m, pfn_to_page(m, pfn));
	pfn_to_page(m, pfn)->private = order + 1;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-block-order", name,
	       "a block on free_list[o] recorded as order o+1");
}

/*
 * A test that moves an odd-pfn order-0 free page to the order-1 list (as
 * an order-1 block, counters fixed).  Expect
 * buddy-corrupt:free-block-misaligned.
 *
 *   [ X held | X+1 free ]  ->  X+1 claims to head an order-1 block
 */
static void test_misaligned_block(struct model *m, const char *name)
{
	struct zone *z;
	struct page *x;
	unsigned long odd;

	warm(m);
	z = main_zone(m);
	x = __rmqueue(m, z, 1, MIGRATE_MOVABLE);
	if (!ok(x != NULL, "%s: an order-1 block", name))
		return;
	odd = page_to_pfn(m, x) + 1;
	/* give X+1 back alone: an order-0 free block at an odd pfn */
	__mod_zone_page_state(z, NR_FREE_PAGES, -1);
	__free_one_page(m, pfn_to_page(m, odd), odd, z, 0, MIGRATE_MOVABLE);
	add_handle(m, odd - 1, 0);
	ok(check_buddy_is_valid(m) && check_conservation(m), "%s: near miss: X held, X+1 free is fine",
	   name);
	list_del(m, (uint32_t)odd);
	z->free_area[0].nr_free--;
	page_touch(m, pfn_to_page(m, odd));
	pfn_to_page(m, odd)->private = 1;
	list_add(m, (uint32_t)odd, z->free_area[1].free_list[MIGRATE_MOVABLE]);
	z->free_area[1].nr_free++;
	__mod_zone_page_state(z, NR_FREE_PAGES, 1);
	ok(check_cheap(m), "%s: the counters agree with each other", name);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-block-misaligned",
	       name, "an order-1 block at an odd pfn");
}

/*
 * A test that puts the second frame of a free order >= 1 block on the
 * order-0 list as a block of its own (counters fixed).  Expect
 * buddy-corrupt:free-block-overlap.
 */
static void test_overlap(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;
	struct page *p;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 1, &pfn, &order, &mt))
		return;
	p = pfn_to_page(m, pfn + 1);
	page_touch(m, p);
	p->private = 0;
	p->_mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
	list_add(m, (uint32_t)(pfn + 1), z->free_area[0].free_list[mt]);
	z->free_area[0].nr_free++;
	__mod_zone_page_state(z, NR_FREE_PAGES, 1);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:free-block-overlap", name,
	       "a frame in two free blocks");
}

/* Takes an order-1 block off the warm model's movable list; -1 if there is none. */
static long order1_block(struct model *m, struct zone **zp, const char *name)
{
	struct page *x;

	warm(m);
	*zp = main_zone(m);
	x = __rmqueue(m, *zp, 1, MIGRATE_MOVABLE);
	if (!ok(x != NULL, "%s: an order-1 block", name))
		return -1;
	return (long)page_to_pfn(m, x);
}

/* Puts one page on the order-0 movable list by hand, as a free block (counted). */
static void free_order0_by_hand(struct model *m, struct zone *z, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn);

	page_touch(m, p);
	p->private = 0;
	p->_mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
	list_add(m, (uint32_t)pfn, z->free_area[0].free_list[MIGRATE_MOVABLE]);
	z->free_area[0].nr_free++;
}

/*
 * A test that takes an order-1 block and puts both its pages back on the
 * order-0 list by hand, unmerged (counters fixed).  Expect check_cheap to
 * pass and the walker to fire with buddy-corrupt:unmerged-buddies, since
 * __free_one_page always merges a block with a free buddy of its order.
 *
 *   [ X free, order 0 | X+1 free, order 0 ]   <- should be one order-1 block
 */
static void test_unmerged_buddies(struct model *m, const char *name)
{
	struct zone *z;
	long pfn = order1_block(m, &z, name);

	if (pfn < 0)
		return;
	free_order0_by_hand(m, z, (unsigned long)pfn);
	free_order0_by_hand(m, z, (unsigned long)pfn + 1);
	ok(check_cheap(m), "%s: the counters agree", name);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:unmerged-buddies", name,
	       "two free order-0 buddies left unmerged");
}

/*
 * A test of __free_one_page's post-condition: the block it has just placed
 * at X has a free buddy of its own order at X+1 (a merge that stopped early).
 * Expect check_merged to pass while the buddy is held, and to fail with
 * buddy-corrupt:unmerged-buddies once the buddy is free.
 *
 *   [ X just freed, order 0 | X+1 free, order 0 ]   <- the merge was skipped
 */
static void test_unmerged_at_free(struct model *m, const char *name)
{
	struct zone *z;
	long pfn = order1_block(m, &z, name);

	if (pfn < 0)
		return;
	ok(check_merged(m, z, (unsigned long)pfn, 0) && m->verdict.kind == V_OK,
	   "%s: a block whose buddy is held passes check_merged", name);
	free_order0_by_hand(m, z, (unsigned long)pfn + 1);
	expect(m, check_merged(m, z, (unsigned long)pfn, 0), V_BUDDY_CORRUPT,
	       "buddy-corrupt:unmerged-buddies", name,
	       "a free that leaves its block beside a free buddy of its order");
}

/*
 * A test that makes a handle hold a page that is free in the buddy.
 * Expect check_buddy_is_valid to pass (the lists are fine) and
 * check_conservation to fail with buddy-corrupt:owned-and-free.
 */
static void test_free_and_held(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 0, &pfn, &order, &mt))
		return;
	add_handle(m, pfn, 0);
	ok(check_buddy_is_valid(m), "%s: the free lists themselves are fine", name);
	expect(m, check_conservation(m), V_BUDDY_CORRUPT, "buddy-corrupt:owned-and-free", name,
	       "a page both free and held by a handle");
}

/* A test that gives two handles the same page.  Expect buddy-corrupt:owned-twice. */
static void test_owned_twice(struct model *m, const char *name)
{
	int h;

	warm(m);
	h = held_handle(m);
	if (h < 0)
		return;
	add_handle(m, m->handles[h].pfn, 0);
	expect(m, check_conservation(m), V_BUDDY_CORRUPT, "buddy-corrupt:owned-twice", name,
	       "two handles hold one page");
}

/* A test that gives a handle a pfn past memory.  Expect buddy-corrupt:owner-out-of-range. */
static void test_owner_out_of_range(struct model *m, const char *name)
{
	warm(m);
	add_handle(m, m->pm.nr_frames, 0);
	expect(m, check_conservation(m), V_BUDDY_CORRUPT, "buddy-corrupt:owner-out-of-range", name,
	       "a handle past the last frame");
}

/*
 * Drops a free block: off its list, PageBuddy cleared, nr_free and
 * NR_FREE_PAGES lowered, so that only the loss remains.
 */
static bool drop_free_block(struct model *m, unsigned long *pfn_out)
{
	struct zone *z = main_zone(m);
	unsigned long pfn;
	unsigned order;
	int mt;
	struct page *p;

	if (!find_free(m, z, 0, &pfn, &order, &mt))
		return false;
	p = pfn_to_page(m, pfn);
	list_del(m, (uint32_t)pfn);
	z->free_area[order].nr_free--;
	__mod_zone_page_state(z, NR_FREE_PAGES, -(1l << order));
	page_touch(m, p);
	p->_mapcount = -1;
	p->private = 0;
	*pfn_out = pfn;
	return true;
}

/*
 * A test that drops a free block on the floor (see drop_free_block).
 * Expect check_cheap and check_buddy_is_valid to pass (the counters and
 * lists agree), check_conservation to report a leak naming the frame, and,
 * on a second run, model_teardown's check_teardown to report a leak too.
 */
static void test_dropped_page(struct model *m, const char *name)
{
	unsigned long pfn;

	warm(m);
	if (!ok(drop_free_block(m, &pfn), "%s: a free block to drop", name))
		return;
	ok(check_cheap(m) && check_buddy_is_valid(m), "%s: counters and lists agree after the drop",
	   name);
	ok(!check_conservation(m) && m->verdict.kind == V_LEAK &&
	   !strncmp(m->verdict.sig, "leak:", 5) && strstr(m->verdict.detail, "neither free nor owned"),
	   "%s: check_conservation reports the dropped page as a leak (%s)", name, m->verdict.sig);

	warm(m);
	drop_free_block(m, &pfn);
	model_teardown(m);
	ok(m->verdict.kind == V_LEAK && !strncmp(m->verdict.sig, "leak:", 5),
	   "%s: model_teardown reports the dropped page as a leak (%s)", name, m->verdict.sig);

	/*
	 * A page still allocated at teardown (its handle forgotten, so teardown
	 * cannot free it): the leak names the frame, its count and where it was
	 * allocated, not just the number of pages missing.
	 */
	warm(m);
	{
		int h = model_alloc(m, 0, GFP_KERNEL, 0);
		uint32_t held = h >= 0 ? m->handles[h].pfn : PFN_NONE;
		char want[64];

		if (h >= 0) {
			m->handles[h].in_use = false;
			handle_note(m, h);
		}
		model_teardown(m);
		snprintf(want, sizeof(want), "pfn %#x still has count 1", held);
		ok(h >= 0 && m->verdict.kind == V_LEAK && !strcmp(m->verdict.sig, "leak:alloc op") &&
		   strstr(m->verdict.detail, want),
		   "%s: a page still allocated at teardown: leak:alloc op naming pfn %#x (got %s)",
		   name, held, m->verdict.sig);
	}

	/* near miss: the same run without the drop tears down clean */
	warm(m);
	model_teardown(m);
	ok(m->verdict.kind == V_OK && !m->stopped, "%s: near miss: a clean run tears down ok", name);
}

/*
 * A test that raises one CPU's pcp->count by one (within 0..high+batch, so
 * check_cheap cannot see it), then sets it to -1.  Expect the walker to
 * fire with buddy-corrupt:pcp-count, and check_cheap on the negative count.
 */
static void test_pcp_count(struct model *m, const char *name)
{
	struct zone *z;

	warm(m);
	z = main_zone(m);
	z->pcp[0].count++;
	ok(z->pcp[0].count > z->pcp[0].high + z->pcp[0].batch || check_cheap(m),
	   "%s: a count within bounds passes check_cheap", name);
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:pcp-count", name,
	       "pcp->count one more than the lists hold");
	warm(m);
	z->pcp[1].count = -1;
	expect(m, check_cheap(m), V_BUDDY_CORRUPT, "buddy-corrupt:pcp-count", name,
	       "pcp->count = -1");
}

/*
 * A test that empties CPU 0's pcp lists behind pcp->count's back, then
 * drains them: free_pcppages_bulk finds every list empty with pages left to
 * free (the kernel spins there with the zone lock held).  Expect the drain
 * to end the run with buddy-corrupt:pcp-count instead of hanging.
 */
static void test_pcp_count_spin(struct model *m, const char *name)
{
	struct zone *z;

	warm(m);
	z = main_zone(m);
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		INIT_LIST_HEAD(m, z->pcp[0].lists[mt]);
	z->pcp[0].count = z->pcp[0].batch;
	drain_all_pages(m, z);
	ok(m->stopped && m->verdict.kind == V_BUDDY_CORRUPT &&
	   !strcmp(m->verdict.sig, "buddy-corrupt:pcp-count") &&
	   strstr(m->verdict.detail, "every pcp list"),
	   "%s: a drain of lists emptier than pcp->count ends the run: %s", name, m->verdict.sig);
}

/*
 * A test of the deferral oracle: the seed's own updates in a long sequence
 * (failures past the cap, considerations, a success without and with an
 * allocation) keep the rule; then an allocating success that leaves the wait
 * in place (a lost reset) and a failure that does not double it must fire
 * buddy-corrupt:compaction-deferral.
 */
static void test_compaction_deferral(struct model *m, const char *name)
{
	struct zone *z;
	struct defer_state before;
	int deferred = 0;

	warm(m);
	z = main_zone(m);
	for (int i = 0; i < COMPACT_MAX_DEFER_SHIFT + 2; i++)
		defer_compaction(m, z, 3);
	for (int i = 0; i < 70; i++)
		deferred += compaction_deferred(m, z, 3);
	compaction_defer_reset(m, z, 2, false);
	compaction_defer_reset(m, z, 4, true);
	defer_compaction(m, z, 4);
	deferred += compaction_deferred(m, z, 4) + compaction_deferred(m, z, 4);
	ok(!m->stopped && z->compact_defer_shift == 1 && deferred == 64,
	   "%s: the seed's deferral updates keep the rule (deferred %d of 72, shift %u): %s",
	   name, deferred, z->compact_defer_shift, m->verdict.sig);

	warm(m);
	z = main_zone(m);
	defer_compaction(m, z, 3);
	defer_compaction(m, z, 3);
	before = defer_state_of(z);
	z->compact_considered = 0;	/* compaction_defer_reset(order 3, true), shift not cleared */
	z->compact_order_failed = 4;
	expect(m, check_compaction_deferral(m, z, DEFER_RESET_ALLOC, 3, &before), V_BUDDY_CORRUPT,
	       "buddy-corrupt:compaction-deferral", name, "a success that keeps the wait");

	warm(m);
	z = main_zone(m);
	before = defer_state_of(z);
	z->compact_order_failed = 3;	/* defer_compaction(order 3) without shift++ */
	expect(m, check_compaction_deferral(m, z, DEFER_FAILED, 3, &before), V_BUDDY_CORRUPT,
	       "buddy-corrupt:compaction-deferral", name, "a failure that does not lengthen the wait");
}

/*
 * A test that links a pcp list head to another list head.  Expect
 * buddy-corrupt:pcp-list-link.
 */
static void test_pcp_list_link(struct model *m, const char *name)
{
	struct zone *z;
	uint32_t head;

	warm(m);
	z = main_zone(m);
	head = z->pcp[0].lists[MIGRATE_UNMOVABLE];
	pl_touch(m, head);
	pl(m, head)->next = z->free_area[0].free_list[MIGRATE_UNMOVABLE];
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:pcp-list-link", name,
	       "a pcp list linked into a free list head");
}

/*
 * A test that puts a frame inside a free buddy block on a pcp list.
 * Expect buddy-corrupt:pcp-and-buddy.
 */
static void test_pcp_and_buddy(struct model *m, const char *name)
{
	struct zone *z;
	unsigned long pfn;
	unsigned order;
	int mt;

	warm(m);
	z = main_zone(m);
	if (!find_free(m, z, 1, &pfn, &order, &mt))
		return;
	list_add(m, (uint32_t)(pfn + 1), z->pcp[0].lists[MIGRATE_MOVABLE]);
	z->pcp[0].count++;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:pcp-and-buddy", name,
	       "a free buddy frame also on a pcp list");
}

/*
 * A test that puts a page a handle holds (count 1) on a pcp list.  Expect
 * buddy-corrupt:pcp-page-state.
 */
static void test_pcp_page_state(struct model *m, const char *name)
{
	struct zone *z;
	int h;

	warm(m);
	h = held_handle(m);
	if (h < 0)
		return;
	z = page_zone(m, pfn_to_page(m, m->handles[h].pfn));
	list_add(m, m->handles[h].pfn, z->pcp[0].lists[MIGRATE_MOVABLE]);
	z->pcp[0].count++;
	expect(m, check_buddy_is_valid(m), V_BUDDY_CORRUPT, "buddy-corrupt:pcp-page-state", name,
	       "a held page (count 1) on a pcp list");
}

/*
 * A test that writes a struct page without page_touch on a model at debug
 * level 3, in a child process.  Expect the incremental state hash to
 * disagree with the full one in check_after_op, which is a model bug
 * (abort); the same write through page_touch must pass.
 */
static void untracked_write(void *arg)
{
	struct model *m = arg;

	pfn_to_page(m, 6)->flags ^= 1u << PG_arch_1;	/* no page_touch */
	check_after_op(m);
}

static void test_untracked_write(const struct layout *l)
{
	struct model *m = create(l, 3);

	if (!m)
		return;
	warm(m);
	page_touch(m, pfn_to_page(m, 5));
	pfn_to_page(m, 5)->flags ^= 1u << PG_arch_1;
	check_after_op(m);
	ok(m->verdict.kind == V_OK && !m->stopped, "%s: debug 3: a tracked write passes check_after_op",
	   l->name);
	ok(child_aborts(untracked_write, m),
	   "%s: debug 3: a write that skips page_touch trips the state-hash check (abort)", l->name);
	/* and model_reset cannot restore it: physmem_diff_pristine names the frame */
	model_reset(m);
	pfn_to_page(m, 7)->flags ^= 1u << PG_arch_1;	/* no page_touch */
	model_reset(m);
	is(physmem_diff_pristine(&m->pm), 7, "%s: an untracked write survives model_reset and "
	   "physmem_diff_pristine names pfn 7", l->name);
	model_destroy(m);
}

/* ---- 6. bad-page quarantine ----------------------------------------------------- */

struct bad_once {
	unsigned asked;
	uint32_t bad_pfn;
};

static unsigned bad_once_answer(void *priv, const struct choice_query *q)
{
	struct bad_once *b = priv;

	if (q->id != CHOICE_PAGE_BAD)
		return q->dflt;
	if (b->asked++ == 0) {
		b->bad_pfn = q->pfn;
		return 1;
	}
	return 0;
}

/*
 * A test that installs an answerer saying CHOICE_PAGE_BAD = 1 for the first
 * page prep_new_page checks, and allocates an order-k block (k = 0, 3).
 * Expect: a WARN_BAD_PAGE warning (warn_count 1, BAD_PAGES event 1), the
 * bad block on the quarantine list with PG_hwpoison and not PageBuddy, the
 * allocation still served by another block, the verdict a warning (not a
 * finding), conservation to hold, and teardown to account for the
 * quarantined pages (no leak).
 */
static void test_bad_page_quarantine(struct model *m, const char *name)
{
	static const unsigned orders[] = { 0, 3 };

	for (int i = 0; i < 2; i++) {
		unsigned k = orders[i];
		struct bad_once b = { 0 };
		struct choice_answerer a = { .answer = bad_once_answer, .priv = &b };
		struct page *bad;
		int h, h2;

		model_reset(m);
		choice_set_answerer(m, &a);
		h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, k);
		if (!ok(h >= 0 && b.asked >= 2, "%s: order %u: the allocation succeeds after a bad "
			"page", name, k))
			continue;
		bad = pfn_to_page(m, b.bad_pfn);
		ok(m->handles[h].pfn != b.bad_pfn, "%s: order %u: served from another block", name, k);
		is(m->warn_count[WARN_BAD_PAGE], 1, "%s: order %u: one bad-page warning", name, k);
		ok(!strncmp(m->verdict.sig, "warning:bad-page-injected@", 26),
		   "%s: order %u: its signature says the corruption was injected (%s)", name, k,
		   m->verdict.sig);
		is(m->vm_events[BAD_PAGES], 1, "%s: order %u: BAD_PAGES event counted", name, k);
		ok(m->verdict.kind == V_WARNING && !m->stopped,
		   "%s: order %u: the verdict is a warning, the run goes on", name, k);
		ok(list_first(m, m->bad_list) == b.bad_pfn && list_len(m, m->bad_list) == 1 &&
		   page_order(bad) == k, "%s: order %u: the bad block is on the quarantine list", name, k);
		ok(PageFlag(bad, PG_hwpoison) && !PageBuddy(bad),
		   "%s: order %u: it is PG_hwpoison and out of the buddy", name, k);
		h2 = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, k);
		ok(h2 >= 0 && m->warn_count[WARN_BAD_PAGE] == 1,
		   "%s: order %u: the next allocation is clean", name, k);
		ok(check_buddy_is_valid(m) && check_conservation(m),
		   "%s: order %u: buddy valid, conservation counts the quarantine", name, k);
		model_teardown(m);
		ok(m->verdict.kind == V_WARNING && !m->stopped,
		   "%s: order %u: teardown accounts for the quarantined block (no leak verdict)", name,
		   k);
		ok(check_teardown(m) && check_conservation(m), "%s: order %u: check_teardown passes",
		   name, k);
	}
}

static unsigned bad_always_answer(void *priv, const struct choice_query *q)
{
	unsigned *asked = priv;

	if (q->id != CHOICE_PAGE_BAD)
		return q->dflt;
	++*asked;
	return 1;
}

/*
 * A test that answers CHOICE_PAGE_BAD = 1 every time it is asked and
 * allocates an order-0 page.  Expect exactly MODEL_MAX_INJECTED_BAD bad
 * pages (each quarantined, each a BAD_PAGES event), then the question no
 * longer asked and the allocation served by a clean page, so a run's
 * injected corruption stays bounded whatever the zone size; conservation
 * holds, and model_reset restores the budget.
 */
static void test_bad_page_budget(struct model *m, const char *name)
{
	unsigned asked = 0;
	struct choice_answerer a = { .answer = bad_always_answer, .priv = &asked };
	int h;

	model_reset(m);
	choice_set_answerer(m, &a);
	h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 0);
	is(asked, MODEL_MAX_INJECTED_BAD, "%s: CHOICE_PAGE_BAD asked %d times, no more", name,
	   MODEL_MAX_INJECTED_BAD);
	is(m->vm_events[BAD_PAGES], MODEL_MAX_INJECTED_BAD, "%s: that many bad pages", name);
	is(list_len(m, m->bad_list), MODEL_MAX_INJECTED_BAD, "%s: all of them quarantined", name);
	ok(h >= 0 && !PageFlag(pfn_to_page(m, m->handles[h].pfn), PG_hwpoison),
	   "%s: the allocation is then served by a clean page", name);
	ok(check_buddy_is_valid(m) && check_conservation(m), "%s: conservation holds", name);
	model_reset(m);
	asked = 0;
	choice_set_answerer(m, &a);
	model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 0);
	is(asked, MODEL_MAX_INJECTED_BAD, "%s: model_reset restores the budget", name);
}

/*
 * A test that frees a held order-2 block with PG_slab still set on its
 * first page, and (at DEBUG >= 1, where tails are walked) on its second.
 * Expect free_pages_prepare to report it (WARN_BAD_PAGE) and keep the
 * block out of the buddy on the quarantine list, conservation to hold and
 * teardown to find no leak.
 */
static void test_bad_page_at_free(struct model *m, const char *name)
{
	for (unsigned long off = 0; off < (DEBUG >= 1 ? 2 : 1); off++) {
		int h;
		unsigned long pfn;

		model_reset(m);
		h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 2);
		if (!ok(h >= 0, "%s: an order-2 block", name))
			return;
		pfn = m->handles[h].pfn;
		SetPageFlag(m, pfn_to_page(m, pfn + off), PG_slab);
		model_free(m, h);
		is(m->warn_count[WARN_BAD_PAGE], 1, "%s: PG_slab on page %lu of the block: a bad page "
		   "at free", name, off);
		ok(list_first(m, m->bad_list) == pfn && !PageBuddy(pfn_to_page(m, pfn)),
		   "%s: the block is quarantined, not freed", name);
		ok(check_buddy_is_valid(m) && check_conservation(m), "%s: conservation holds", name);
		model_teardown(m);
		ok(m->verdict.kind == V_WARNING, "%s: teardown: no leak verdict", name);
	}
}

/*
 * A test that frees held order-0 pages, each with one thing free_pages_check
 * looks at left behind: PG_slab, a mapping, a mapcount (still mapped).  The
 * order-0 free tests the common clean case inline; expect each corruption to
 * miss that shortcut and be reported (WARN_BAD_PAGE) and quarantined.
 */
static void test_bad_page_at_free_order0(struct model *m, const char *name)
{
	static const char *const what[3] = { "PG_slab", "a mapping", "a mapcount" };

	for (int k = 0; k < 3; k++) {
		struct page *p;
		int h;

		model_reset(m);
		h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 0);
		if (!ok(h >= 0, "%s: an order-0 page", name))
			return;
		p = pfn_to_page(m, m->handles[h].pfn);
		page_touch(m, p);
		if (k == 0)
			p->flags |= 1u << PG_slab;
		else if (k == 1)
			p->mapping = 1;
		else
			p->_mapcount = 0;
		model_free(m, h);
		is(m->warn_count[WARN_BAD_PAGE], 1, "%s: order-0 page freed with %s: a bad page", name,
		   what[k]);
		ok(list_first(m, m->bad_list) == page_to_pfn(m, p) && !PageBuddy(p),
		   "%s: the page with %s is quarantined, not freed", name, what[k]);
	}
}

/*
 * A test that frees an order-2 compound page with one tail broken: first
 * its second page's first_page pointing elsewhere, then its third page's
 * PG_tail cleared.  Expect each free to report the tail ("corrupted
 * compound tail", one WARN_BAD_PAGE) and quarantine the block.
 */
static void test_bad_compound_tail(struct model *m, const char *name)
{
	for (int k = 0; k < 2; k++) {
		unsigned long head;
		struct page *t;
		int h;

		model_reset(m);
		h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE | __GFP_COMP, 2);
		if (!ok(h >= 0, "%s: an order-2 compound page", name))
			return;
		head = m->handles[h].pfn;
		t = pfn_to_page(m, head + 1 + (unsigned long)k);
		page_touch(m, t);
		if (k == 0)
			t->first_page = (uint32_t)(head + 2);
		else
			t->flags &= ~(1u << PG_tail);
		model_free(m, h);
		is(m->warn_count[WARN_BAD_PAGE], 1, "%s: a tail with %s: a bad page at free", name,
		   k ? "PG_tail cleared" : "the wrong first_page");
		ok(list_first(m, m->bad_list) == head, "%s: the compound block is quarantined", name);
	}
}

/*
 * A test that frees an order-2 compound page as if it were order 1 (a
 * VM_BUG_ON in v4.2 with DEBUG_VM).  Expect a bad-page report and the block
 * kept out of the buddy: freeing half of it would merge pages still in use.
 */
static void test_compound_order_mismatch(struct model *m, const char *name)
{
	struct page *head;
	int h;

	model_reset(m);
	h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE | __GFP_COMP, 2);
	if (!ok(h >= 0, "%s: an order-2 compound page", name))
		return;
	head = pfn_to_page(m, m->handles[h].pfn);
	__free_pages(m, head, 1);
	is(m->warn_count[WARN_BAD_PAGE], 1, "%s: freed as order 1: a bad page (compound order "
	   "mismatch)", name);
	ok(!strncmp(m->verdict.sig, "warning:bad-page@", 17), "%s: not an injected one: %s", name,
	   m->verdict.sig);
	ok(!PageBuddy(head) && !PageBuddy(head + 2), "%s: no part of the block reaches the buddy",
	   name);
	model_reset(m);
}

/*
 * A test that corrupts a tail page of a free order-3 block (a mapping left
 * on its second page) and allocates order 3 again, at DEBUG >= 1 where
 * prep_new_page walks every page of the block as v4.2 does.  Expect the
 * block reported bad and quarantined, and the allocation served by another.
 */
static void test_bad_tail_at_alloc(struct model *m, const char *name)
{
	unsigned long pfn;
	struct page *tail;
	int h;

	if (DEBUG < 1)
		return;
	model_reset(m);
	h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 3);
	if (!ok(h >= 0, "%s: an order-3 block", name))
		return;
	pfn = m->handles[h].pfn;
	model_free(m, h);
	tail = pfn_to_page(m, pfn + 1);
	page_touch(m, tail);
	tail->mapping = 1;
	h = model_alloc(m, 0, GFP_NOWAIT | __GFP_MOVABLE, 3);
	is(m->warn_count[WARN_BAD_PAGE], 1, "%s: the same block again, its second page with a "
	   "mapping: a bad page at allocation", name);
	ok(h >= 0 && m->handles[h].pfn != pfn && list_first(m, m->bad_list) == pfn,
	   "%s: the block quarantined, the allocation served by another", name);
	ok(check_buddy_is_valid(m) && check_conservation(m), "%s: conservation holds", name);
	model_reset(m);
}

/*
 * A test on the largest block the layout has: the tail walk passes over
 * runs of 64 frames untouched since the reset, so a corruption is put on a
 * tail at each place a run starts, ends or sits inside (offsets 1, 63, 64,
 * 65, 127, a middle one and the last page), once on a free block before it
 * is allocated and once on an allocated block before it is freed.  Expect a
 * bad page each time (the block quarantined) and none when no tail is
 * written.
 */
static void test_bad_tail_far_in_block(struct model *m, const char *name)
{
	unsigned order = m->max_order - 1;
	unsigned long nr = 1ul << order;
	unsigned long offs[] = { 1, 63, 64, 65, 127, nr / 2 + 37, nr - 1 };
	gfp_t gfp = GFP_NOWAIT | __GFP_MOVABLE;

	if (DEBUG < 1)
		return;
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		unsigned long off = offs[i];
		unsigned long pfn;
		int h;

		if (off >= nr || off == 0)
			continue;
		for (int at_free = 0; at_free < 2; at_free++) {
			/*
			 * The block to corrupt: the one allocated (at free), else
			 * the one an allocation after a free takes, found by a
			 * first pass (the run after a reset is the same)
			 */
			model_reset(m);
			h = model_alloc(m, 0, gfp, order);
			if (!ok(h >= 0, "%s: an order-%u block", name, order))
				return;
			pfn = m->handles[h].pfn;
			if (!at_free) {
				model_free(m, h);
				h = model_alloc(m, 0, gfp, order);
				if (!ok(h >= 0, "%s: an order-%u block again", name, order))
					return;
				pfn = m->handles[h].pfn;
				is(m->warn_count[WARN_BAD_PAGE], 0, "%s: order %u: a clean block "
				   "allocated, freed, another allocated: no bad page", name, order);
				model_reset(m);
				model_free(m, model_alloc(m, 0, gfp, order));
			}
			page_touch(m, pfn_to_page(m, pfn + off));
			pfn_to_page(m, pfn + off)->mapping = 1;
			if (at_free)
				model_free(m, h);
			else
				h = model_alloc(m, 0, gfp, order);
			is(m->warn_count[WARN_BAD_PAGE], 1, "%s: order %u, a mapping on tail %lu: a "
			   "bad page at %s", name, order, off, at_free ? "free" : "allocation");
			ok(list_first(m, m->bad_list) == pfn, "%s: order %u, tail %lu: the block "
			   "quarantined", name, order, off);
		}
	}
	model_reset(m);
}

/* ---- near misses and 8. reset and hashes ------------------------------------------ */

static const gfp_t mix_gfp[] = {
	GFP_NOWAIT | __GFP_MOVABLE,
	GFP_NOWAIT,
	GFP_NOWAIT | __GFP_RECLAIMABLE,
	GFP_NOWAIT | __GFP_MOVABLE | __GFP_COLD,
	GFP_NOWAIT | __GFP_DMA,
	GFP_NOWAIT | __GFP_DMA32 | __GFP_MOVABLE,
	GFP_NOWAIT | __GFP_HIGHMEM | __GFP_MOVABLE,
	GFP_ATOMIC | __GFP_COMP,
};

/*
 * Runs nr_ops random-ish operations from seed: allocations of mixed orders
 * and gfp masks (kept under a quarter of memory, so the fast path serves
 * them), frees of held handles, and occasional drains; two tasks on two
 * CPUs.  After each op calls each_op (if given).  Returns false if
 * each_op did.
 */
static bool run_mix(struct model *m, uint64_t seed, int nr_ops,
		    bool (*each_op)(struct model *m, int op))
{
	uint64_t s = seed;
	long held = 0, budget = total_managed(m) / 4;
	int t1 = model_task_create(m, "worker");

	for (int op = 0; op < nr_ops; op++) {
		uint64_t r = prng_next(&s);
		unsigned what = (unsigned)(r % 100);
		int h;

		m->op = (uint32_t)op;
		if (what < 55 && held < budget) {
			unsigned order = (unsigned)((r >> 8) % 16);
			gfp_t gfp = mix_gfp[(r >> 16) % (sizeof(mix_gfp) / sizeof(mix_gfp[0]))];
			int task = (r >> 24) & 1 ? t1 : 0;

			/* mostly order 0, sometimes up to 3, rarely up to MAX_ORDER-1 */
			order = order < 10 ? 0 : order < 15 ? order - 9 : (unsigned)((r >> 32) % m->max_order);
			if (order > 3 && order >= m->max_order)
				order = 3;
			h = model_alloc(m, task, gfp | __GFP_NOWARN, order);
			if (h >= 0)
				held += 1l << order;
		} else if (what < 97) {
			int live = 0, pick;

			for (int i = 0; i < m->nr_handles; i++)
				live += m->handles[i].in_use;
			if (live) {
				pick = (int)((r >> 8) % (uint64_t)live);
				for (int i = 0; i < m->nr_handles; i++)
					if (m->handles[i].in_use && pick-- == 0) {
						held -= 1l << m->handles[i].order;
						model_free(m, i);
						break;
					}
			}
		} else {
			model_drain_all(m);
		}
		if (each_op && !each_op(m, op))
			return false;
	}
	return true;
}

static bool all_checks(struct model *m, int op)
{
	if (check_cheap(m) && check_buddy_is_valid(m) && check_conservation(m))
		return true;
	diag("op %d: %s %s", op, m->verdict.sig, m->verdict.detail);
	return false;
}

static bool hash_matches(struct model *m, int op)
{
	if (physmem_settle(m) == physmem_full_hash(m))
		return true;
	diag("op %d: settled state hash differs from the full recomputation", op);
	return false;
}

/*
 * A test that runs 1000 mixed operations and checks after every one.
 * Expect no check to fire (near miss), no finding or warning, then a clean
 * teardown; the same run at debug level 3 through check_after_op too.
 */
static void test_normal_run_is_quiet(struct model *m, const struct layout *l)
{
	struct model *m3;

	model_reset(m);
	ok(run_mix(m, 0x5eed0001, 1000, all_checks), "%s: 1000 mixed ops: every check passes after "
	   "every op", l->name);
	ok(m->verdict.kind == V_OK, "%s: no finding or warning (%s)", l->name, m->verdict.sig);
	model_teardown(m);
	ok(m->verdict.kind == V_OK && !m->stopped, "%s: teardown ok", l->name);
	m3 = create(l, 3);
	if (!m3)
		return;
	run_mix(m3, 0x5eed0001, 400, NULL);
	check_after_op(m3);
	ok(m3->verdict.kind == V_OK, "%s: debug 3: check_after_op quiet after 400 ops", l->name);
	model_destroy(m3);
}

/*
 * A test that runs mixed operations, settling the state hash after each,
 * then resets.  Expect the settled hash to equal physmem_full_hash after
 * every op; after model_reset, physmem_diff_pristine() == -1, the zones
 * and nodes equal their pristine copies, and the state hash is the
 * pristine one again.
 */
static void test_reset_and_hash(struct model *m, const char *name)
{
	model_reset(m);
	ok(physmem_diff_pristine(&m->pm) == -1, "%s: a fresh model is pristine", name);
	ok(run_mix(m, 0xfeedbeef, 800, hash_matches), "%s: settled hash == full hash after every op",
	   name);
	ok(physmem_diff_pristine(&m->pm) != -1 && m->pm.nr_touched > 0,
	   "%s: the run touched frames (%lu ids)", name, m->pm.nr_touched);
	model_reset(m);
	is(physmem_diff_pristine(&m->pm), -1, "%s: after model_reset every frame, head and pageblock "
	   "is pristine", name);
	ok(!memcmp(m->node, m->pristine_node, sizeof(m->node)), "%s: zones and nodes are pristine",
	   name);
	ok(m->state_hash == m->pristine_state_hash && physmem_full_hash(m) == m->pristine_state_hash,
	   "%s: the state hash is the pristine one", name);
	ok(m->pm.nr_touched == 0 && m->nr_handles == 0 && m->verdict.kind == V_OK,
	   "%s: touched list, handles and verdict cleared", name);
}

/*
 * A test that runs the same sequence twice (with a reset between), on the
 * same model and on a second model of the same layout.  Expect the same
 * trace hash and state hash each time, and a different seed to give a
 * different trace hash.
 */
static void test_same_run_same_hash(struct model *m, const struct layout *l)
{
	uint64_t t1, s1, t2, s2, t3;
	struct model *other;

	model_reset(m);
	run_mix(m, 42, 600, NULL);
	t1 = m->trace.hash;
	s1 = physmem_settle(m);
	model_reset(m);
	run_mix(m, 42, 600, NULL);
	t2 = m->trace.hash;
	s2 = physmem_settle(m);
	ok(t1 == t2 && s1 == s2, "%s: two identical runs: same trace hash and state hash", l->name);
	other = create(l, 1);
	if (other) {
		run_mix(other, 42, 600, NULL);
		ok(other->trace.hash == t1 && physmem_settle(other) == s1,
		   "%s: a second model of the layout: same hashes", l->name);
		model_destroy(other);
	}
	model_reset(m);
	run_mix(m, 43, 600, NULL);
	t3 = m->trace.hash;
	ok(t3 != t1, "%s: another seed: another trace hash", l->name);
	ok(m->trace.nr_events > 0, "%s: the runs emit trace events", l->name);
}

int main(void)
{
	for (int i = 0; i < NR_LAYOUTS; i++) {
		const struct layout *l = &layouts[i];
		struct model *m = create(l, 1);

		if (!ok(m != NULL, "%s: model_create", l->name))
			continue;
		test_broken_prev_link(m, l->name);
		test_broken_next_link(m, l->name);
		test_wrong_nr_free(m, l->name);
		test_counter_mismatch(m, l->name);
		test_negative_nr_free(m, l->name);
		test_free_exceeds_managed(m, l->name);
		test_stray_buddy(m, l->name);
		test_buddy_inside_block(m, l->name);
		test_wrong_block_order(m, l->name);
		test_misaligned_block(m, l->name);
		test_overlap(m, l->name);
		test_unmerged_buddies(m, l->name);
		test_unmerged_at_free(m, l->name);
		test_free_and_held(m, l->name);
		test_owned_twice(m, l->name);
		test_owner_out_of_range(m, l->name);
		test_dropped_page(m, l->name);
		test_pcp_count(m, l->name);
		test_pcp_count_spin(m, l->name);
		test_compaction_deferral(m, l->name);
		test_pcp_list_link(m, l->name);
		test_pcp_and_buddy(m, l->name);
		test_pcp_page_state(m, l->name);
		test_bad_page_quarantine(m, l->name);
		test_bad_page_budget(m, l->name);
		test_bad_page_at_free(m, l->name);
		test_bad_page_at_free_order0(m, l->name);
		test_bad_compound_tail(m, l->name);
		test_compound_order_mismatch(m, l->name);
		test_bad_tail_at_alloc(m, l->name);
		test_bad_tail_far_in_block(m, l->name);
		test_normal_run_is_quiet(m, l);
		test_reset_and_hash(m, l->name);
		test_same_run_same_hash(m, l);
		model_destroy(m);
		test_untracked_write(l);
	}
	return done_testing();
}
