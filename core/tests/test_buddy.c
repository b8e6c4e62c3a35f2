// SPDX-License-Identifier: GPL-2.0
/*
 * test_buddy.c - the buddy allocator of v4.2: split (expand) and merge
 * (__free_one_page) at every order, fallback stealing with pageblock
 * claiming (__rmqueue_fallback, steal_suitable_fallback), MIGRATE_RESERVE
 * as the last resort, and __free_one_page's own checks, over several zone
 * layouts.
 *
 * Most cases drive the zone through the kernel-named internals (__rmqueue,
 * __free_one_page) and keep NR_FREE_PAGES by hand the way their callers do,
 * so that check_buddy_is_valid() can judge the result.
 */
#include <string.h>
#include "../internal.h"
#include "layouts.h"
#include "tap.h"

static const struct layout layouts[] = {
	{ "default", layout_default },
	{ "small", layout_small },
	{ "holes", layout_holes },
	{ "2node", layout_2node },
	{ "dma32+normal+movable", layout_dma32 },
};

static const char *const mt_name[MIGRATE_TYPES] = {
	"UNMOVABLE", "RECLAIMABLE", "MOVABLE", "RESERVE", "ISOLATE"
};

/* ---- helpers --------------------------------------------------------------- */

static long list_len(struct model *m, uint32_t head)
{
	long n = 0;
	uint32_t pos;

	list_for_each_id(m, pos, head)
		n++;
	return n;
}

static bool on_list(struct model *m, uint32_t head, unsigned long pfn)
{
	uint32_t pos;

	list_for_each_id(m, pos, head)
		if (pos == pfn)
			return true;
	return false;
}

static uint32_t free_list(struct zone *z, unsigned order, int mt)
{
	return z->free_area[order].free_list[mt];
}

struct snap {
	long nr_free[MAX_ORDER_LIMIT];
	long len[MAX_ORDER_LIMIT][MIGRATE_TYPES];
	long free_pages;
};

static void snap_zone(struct model *m, struct zone *z, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned o = 0; o < m->max_order; o++) {
		s->nr_free[o] = z->free_area[o].nr_free;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			s->len[o][mt] = list_len(m, free_list(z, o, mt));
	}
	s->free_pages = zone_page_state(z, NR_FREE_PAGES);
}

static bool snap_equal(const struct snap *a, const struct snap *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static long pages_on(struct model *m, struct zone *z, int mt)
{
	long n = 0;

	for (unsigned o = 0; o < m->max_order; o++)
		n += list_len(m, free_list(z, o, mt)) << o;
	return n;
}

/* Takes a block off the buddy as buffered_rmqueue would (NR_FREE_PAGES included). */
static struct page *take(struct model *m, struct zone *z, unsigned order, int mt)
{
	struct page *page = __rmqueue(m, z, order, mt);

	if (page)
		__mod_zone_page_state(z, NR_FREE_PAGES, -(1l << order));
	return page;
}

/* Gives a block back as free_one_page would, to the lists of its pageblock's type. */
static void give(struct model *m, struct zone *z, unsigned long pfn, unsigned order)
{
	__mod_zone_page_state(z, NR_FREE_PAGES, 1l << order);
	__free_one_page(m, pfn_to_page(m, pfn), pfn, z, order, get_pfnblock_migratetype(m, pfn));
}

struct held {
	unsigned long pfn[4096];
	unsigned order[4096];
	int n;
};

/* Takes every free block of type mt out of the zone, whole (no splitting). */
static void take_all(struct model *m, struct zone *z, int mt, struct held *h)
{
	h->n = 0;
	for (int o = (int)m->max_order - 1; o >= 0; o--)
		while (!list_empty(m, free_list(z, (unsigned)o, mt)) && h->n < 4096) {
			struct page *p = take(m, z, (unsigned)o, mt);

			h->pfn[h->n] = page_to_pfn(m, p);
			h->order[h->n++] = (unsigned)o;
		}
}

/* A held block of at least pageblock size in a MOVABLE pageblock: its first pageblock. */
static unsigned long pick_pageblock(struct model *m, const struct held *h)
{
	for (int i = 0; i < h->n; i++)
		if (h->order[i] >= m->pageblock_order &&
		    get_pfnblock_migratetype(m, h->pfn[i]) == MIGRATE_MOVABLE)
			return h->pfn[i];
	return PFN_NONE;
}

static struct model *create(const struct layout *l)
{
	struct model_config c;
	char err[256];
	struct model *m;

	l->setup(&c);
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("%s: %s", l->name, err);
	return m;
}

/* gfp that makes zid the preferred zone, with MOVABLE pages */
static gfp_t movable_gfp_for(int zid)
{
	switch (zid) {
	case ZONE_DMA:		return __GFP_DMA | __GFP_MOVABLE;
	case ZONE_DMA32:	return __GFP_DMA32 | __GFP_MOVABLE;
	case ZONE_NORMAL:	return __GFP_MOVABLE;
	default:		return __GFP_HIGHMEM | __GFP_MOVABLE;
	}
}

#define for_each_populated_zone(m, nid, zid, z)					\
	for ((nid) = 0; (nid) < (m)->cfg.nr_nodes; (nid)++)			\
		for ((zid) = 0; (zid) < MAX_NR_ZONES; (zid)++)			\
			if (!populated_zone((z) = model_zone((m), (nid), (zid)))) {} else

/* ---- 1. split and merge ------------------------------------------------------ */

/*
 * A test that takes an order-k MOVABLE block from a fresh zone with
 * __rmqueue, for every k, and gives it back with __free_one_page.
 * Expect the smallest MOVABLE block of order c >= k to be split: the block
 * keeps its lower half, and expand() leaves the upper halves B + 2^j
 * (k <= j < c) at the head of free_list[j][MOVABLE], one more block each;
 * then the free merges everything back so every list and nr_free is as in
 * the pristine zone.
 *
 *   order c block at B:  [ k | k | k+1 ... | c-1                  ]
 *                         ^ taken  ^ B+2^k   ^ B+2^(c-1)
 */
static void test_split_merge_internal(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		for (unsigned k = 0; k < m->max_order; k++) {
			struct snap s0, s1;
			unsigned c;
			unsigned long b;
			struct page *page;
			bool halves = true, others = true;

			model_reset(m);
			snap_zone(m, z, &s0);
			for (c = k; c < m->max_order && !s0.len[c][MIGRATE_MOVABLE]; c++)
				;
			if (c == m->max_order) {
				diag("%s: node %d %s has no MOVABLE block of order >= %u", name, nid,
				     z->name, k);
				continue;
			}
			b = list_first(m, free_list(z, c, MIGRATE_MOVABLE));
			page = take(m, z, k, MIGRATE_MOVABLE);
			if (!ok(page && page_to_pfn(m, page) == b,
				"%s: node %d %s order %u comes from the order-%u block at pfn %lu",
				name, nid, z->name, k, c, b))
				continue;
			for (unsigned j = k; j < c; j++) {
				struct page *half = pfn_to_page(m, b + (1ul << j));

				halves &= list_first(m, free_list(z, j, MIGRATE_MOVABLE)) == b + (1ul << j) &&
					  PageBuddy(half) && page_order(half) == j &&
					  z->free_area[j].nr_free == s0.nr_free[j] + 1;
			}
			ok(halves, "%s: node %d %s order %u from %u: expand put each upper half on "
			   "free_list[j][MOVABLE]", name, nid, z->name, k, c);
			for (unsigned j = 0; j < m->max_order; j++)
				if (j < k || j > c)
					others &= z->free_area[j].nr_free == s0.nr_free[j];
			ok(others && z->free_area[c].nr_free == s0.nr_free[c] - 1 &&
			   !PageBuddy(page) && page->index == MIGRATE_MOVABLE,
			   "%s: node %d %s order %u: nr_free[%u] one less, other orders unchanged, "
			   "page not PageBuddy", name, nid, z->name, k, c);
			ok(check_buddy_is_valid(m), "%s: node %d %s order %u: buddy valid after split",
			   name, nid, z->name, k);
			give(m, z, b, k);
			snap_zone(m, z, &s1);
			ok(snap_equal(&s0, &s1) && PageBuddy(pfn_to_page(m, b)) &&
			   page_order(pfn_to_page(m, b)) == c,
			   "%s: node %d %s order %u: the free merges back to the order-%u block; "
			   "free areas as pristine", name, nid, z->name, k, c);
			ok(check_buddy_is_valid(m), "%s: node %d %s order %u: buddy valid after merge",
			   name, nid, z->name, k);
		}
	}
}

/*
 * A test that allocates an order-k MOVABLE block from each zone through
 * __alloc_pages_nodemask (model_alloc_node) and frees it with model_free,
 * for every k.  Expect the page in the zone asked for, conservation to
 * hold while it is held, and, after the free and a drain of the per-cpu
 * lists, every free list, nr_free and NR_FREE_PAGES as in the pristine zone.
 */
static void test_split_merge_public(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		for (unsigned k = 0; k < m->max_order; k++) {
			struct snap s0, s1;
			int h;

			model_reset(m);
			snap_zone(m, z, &s0);
			h = model_alloc_node(m, 0, nid, movable_gfp_for(zid), k);
			if (!ok(h >= 0 && zone_spans_pfn(z, m->handles[h].pfn),
				"%s: node %d %s: model_alloc order %u served by the zone", name, nid,
				z->name, k))
				continue;
			ok(check_conservation(m), "%s: node %d %s order %u: conservation while held",
			   name, nid, z->name, k);
			model_free(m, h);
			model_drain_all(m);
			snap_zone(m, z, &s1);
			ok(snap_equal(&s0, &s1), "%s: node %d %s order %u: free areas as pristine "
			   "after model_free and drain", name, nid, z->name, k);
			ok(check_conservation(m) && m->verdict.kind == V_OK,
			   "%s: node %d %s order %u: conservation after the free", name, nid, z->name, k);
		}
	}
}

/*
 * A test that takes an order-(k+1) block A and frees it as two order-k
 * halves, the upper one first.  Expect the upper half alone to stay an
 * order-k free block (its buddy, the lower half, is held), and the free of
 * the lower half to merge both and everything above back to the pristine
 * free areas.
 *
 *   [ A (held) | A + 2^k (free) ]  then free A  ->  merged order k+1 and up
 */
static void test_merge_order(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned k = 1;
		struct page *a, *b;
		unsigned long pa;
		struct snap s0, s1;

		model_reset(m);
		snap_zone(m, z, &s0);
		a = take(m, z, k + 1, MIGRATE_MOVABLE);
		if (!ok(a != NULL, "%s: node %d %s: an order-%u block", name, nid, z->name, k + 1))
			continue;
		pa = page_to_pfn(m, a);
		b = pfn_to_page(m, pa + (1ul << k));
		give(m, z, pa + (1ul << k), k);
		ok(PageBuddy(b) && page_order(b) == k && !PageBuddy(a) &&
		   on_list(m, free_list(z, k, MIGRATE_MOVABLE), pa + (1ul << k)),
		   "%s: node %d %s: upper half alone stays an order-%u free block", name, nid, z->name, k);
		give(m, z, pa, k);
		snap_zone(m, z, &s1);
		ok(snap_equal(&s0, &s1) && !PageBuddy(b),
		   "%s: node %d %s: freeing the lower half merges both back", name, nid, z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test of where __free_one_page queues a block that cannot merge.  In a
 * held 16-frame region R, free R+2 (order 1) and R+9 (order 0), then R+1
 * (order 0: its buddy R is held, but the next-order buddy R+2 is free, so
 * it is likely to merge soon) and R+13 (order 0: nothing free beside it).
 * Expect R+1 at the tail of free_list[0][MOVABLE] and R+13 at the head:
 *
 *   R: [ held | 1 | 2 2 | held ... | held | 9 | held ... | 13 | held .. ]
 *   free_list[0][MOVABLE]:  R+13, R+9, R+1
 */
static void test_free_to_tail(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned long r = PFN_NONE;
		uint32_t list = free_list(z, 0, MIGRATE_MOVABLE);

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		for (int i = 0; i < h.n && r == PFN_NONE; i++)
			if (h.order[i] >= 4)
				r = h.pfn[i];
		if (r == PFN_NONE || m->max_order < 3)
			continue;
		give(m, z, r + 2, 1);
		give(m, z, r + 9, 0);
		give(m, z, r + 1, 0);
		ok(list_last(m, list) == r + 1 && list_first(m, list) == r + 9,
		   "%s: node %d %s: a block whose next-order buddy is free goes to the tail", name,
		   nid, z->name);
		give(m, z, r + 13, 0);
		ok(list_first(m, list) == r + 13 && list_last(m, list) == r + 1 && list_len(m, list) == 3,
		   "%s: node %d %s: a block with nothing free beside it goes to the head", name, nid,
		   z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test of where the tail heuristic stops: v4.2 looks at the next-order
 * buddy only while order < MAX_ORDER-2.  With k = MAX_ORDER-2 and two held
 * order-(k+1) blocks P0, P1 = P0 ^ 2^(k+1) and a third held one C: free P1
 * whole, then C + 2^k and P0 + 2^k as order k (their lower halves stay
 * held).  P0 + 2^k's next-order buddy P1 is free, but at order k the kernel
 * does not look: expect it at the head of free_list[k][MOVABLE], before C + 2^k.
 */
static void test_free_to_tail_limit(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned k = m->max_order - 2;
		unsigned long p0 = PFN_NONE, c = PFN_NONE;
		uint32_t list = free_list(z, k, MIGRATE_MOVABLE);

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		for (int i = 0; i < h.n && p0 == PFN_NONE; i++)
			for (int j = 0; j < h.n; j++)
				if (h.order[i] == k + 1 && h.order[j] == k + 1 &&
				    h.pfn[j] == (h.pfn[i] ^ (1ul << (k + 1))) && h.pfn[i] < h.pfn[j])
					p0 = h.pfn[i];
		for (int i = 0; i < h.n && c == PFN_NONE; i++)
			if (h.order[i] == k + 1 && h.pfn[i] != p0 &&
			    h.pfn[i] != (p0 ^ (1ul << (k + 1))))
				c = h.pfn[i];
		if (p0 == PFN_NONE || c == PFN_NONE)
			continue;
		give(m, z, p0 ^ (1ul << (k + 1)), k + 1);
		give(m, z, c + (1ul << k), k);
		give(m, z, p0 + (1ul << k), k);
		ok(list_first(m, list) == p0 + (1ul << k) && list_last(m, list) == c + (1ul << k) &&
		   list_len(m, list) == 2,
		   "%s: node %d %s: an order-%u block (MAX_ORDER-2) goes to the head though its "
		   "next-order buddy is free", name, nid, z->name, k);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test that allocates an order-3 __GFP_COMP block from each zone and
 * frees it.  Expect prep_compound_page to mark the head (PG_head,
 * compound_order 3) and every tail (PG_tail, first_page = head), the free
 * to clear all of it without a bad-page report, and the free areas to be
 * pristine again after the free.
 */
static void test_compound(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		struct snap s0, s1;
		unsigned long head;
		bool tails = true, clear = true;
		int h;

		if (m->max_order <= 3)
			continue;
		model_reset(m);
		snap_zone(m, z, &s0);
		h = model_alloc_node(m, 0, nid, movable_gfp_for(zid) | __GFP_COMP, 3);
		if (!ok(h >= 0, "%s: node %d %s: an order-3 compound block", name, nid, z->name))
			continue;
		head = m->handles[h].pfn;
		ok(PageHead(pfn_to_page(m, head)) && pfn_to_page(m, head)->compound_order == 3 &&
		   page_count(pfn_to_page(m, head)) == 1,
		   "%s: node %d %s: head has PG_head, compound_order 3, count 1", name, nid, z->name);
		for (unsigned long i = 1; i < 8; i++)
			tails &= PageTail(pfn_to_page(m, head + i)) &&
				 pfn_to_page(m, head + i)->first_page == head;
		ok(tails, "%s: node %d %s: tails have PG_tail and first_page", name, nid, z->name);
		model_free(m, h);
		for (unsigned long i = 0; i < 8; i++)
			clear &= !PageCompound(pfn_to_page(m, head + i));
		ok(clear && m->warn_count[WARN_BAD_PAGE] == 0,
		   "%s: node %d %s: the free clears the compound marks, no bad page", name, nid,
		   z->name);
		snap_zone(m, z, &s1);
		ok(snap_equal(&s0, &s1), "%s: node %d %s: free areas as pristine", name, nid, z->name);
	}
}

/*
 * A test that prep_new_page makes a compound page only of an order > 0
 * request with __GFP_COMP: an order-3 block without it and an order-0 page
 * with it carry no PG_head or PG_tail.
 */
static void test_not_compound(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		bool plain = true;
		int h, h0;

		if (m->max_order <= 3)
			continue;
		model_reset(m);
		h = model_alloc_node(m, 0, nid, movable_gfp_for(zid), 3);
		h0 = model_alloc_node(m, 0, nid, movable_gfp_for(zid) | __GFP_COMP, 0);
		if (!ok(h >= 0 && h0 >= 0, "%s: node %d %s: an order-3 and an order-0 block", name,
			nid, z->name))
			continue;
		for (unsigned long i = 0; i < 8; i++)
			plain &= !PageCompound(pfn_to_page(m, m->handles[h].pfn + i));
		ok(plain, "%s: node %d %s: order 3 without __GFP_COMP is not compound", name, nid,
		   z->name);
		ok(!PageCompound(pfn_to_page(m, m->handles[h0].pfn)),
		   "%s: node %d %s: order 0 with __GFP_COMP is not compound", name, nid, z->name);
		model_free(m, h);
		model_free(m, h0);
	}
}

/*
 * A test of split_free_page (compaction's free scanner takes free blocks
 * with it): take an order-k block B so that its buddy B ^ 2^k is a free
 * order-k block, mark the buddy's pageblock UNMOVABLE, and split the buddy.
 * Expect 2^k pages taken; for k >= pageblock_order - 1 (half a pageblock
 * or more) the pageblock turned MIGRATE_MOVABLE, for smaller blocks left
 * UNMOVABLE; after the pages and B are freed and the pcp lists drained, a
 * valid buddy.
 */
static void test_split_free_page(struct model *m, const char *name)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);

	if (!populated_zone(z) || m->pageblock_order < 2)
		return;
	for (unsigned k = m->pageblock_order - 2; k <= m->pageblock_order; k++) {
		struct page *b;
		unsigned long buddy, taken;
		bool half = k >= m->pageblock_order - 1;

		model_reset(m);
		b = take(m, z, k, MIGRATE_MOVABLE);
		if (!b)
			continue;
		buddy = page_to_pfn(m, b) ^ (1ul << k);
		if (!PageBuddy(pfn_to_page(m, buddy)) || page_order(pfn_to_page(m, buddy)) != k)
			continue;
		set_pageblock_migratetype(m, pfn_to_page(m, buddy), MIGRATE_UNMOVABLE);
		taken = split_free_page(m, pfn_to_page(m, buddy));
		ok(taken == 1ul << k, "%s: split_free_page of an order-%u block takes %lu pages", name, k,
		   1ul << k);
		ok(get_pfnblock_migratetype(m, buddy) == (half ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE),
		   "%s: order %u (pageblock_order %u): its UNMOVABLE pageblock %s", name, k,
		   m->pageblock_order, half ? "turns MOVABLE" : "stays UNMOVABLE");
		for (unsigned long i = 0; i < taken; i++)
			__free_pages(m, pfn_to_page(m, buddy + i), 0);
		set_pageblock_migratetype(m, pfn_to_page(m, buddy), MIGRATE_MOVABLE);
		__free_pages(m, b, k);
		drain_all_pages(m, z);
		ok(check_buddy_is_valid(m), "%s: order %u: buddy valid after the pages come back", name, k);
	}
}

/* ---- 3. fallback stealing ---------------------------------------------------- */

/*
 * A test that asks a fresh zone for an order-0 UNMOVABLE (then RECLAIMABLE)
 * page.  The zone holds only MOVABLE and RESERVE blocks.  Expect
 * __rmqueue_fallback to take the largest MOVABLE block (order MAX_ORDER-1,
 * the head of its list), claim every pageblock it spans for the requested
 * type (order >= pageblock_order), put the split halves on that type's
 * lists, and leave the RESERVE lists alone; the next request of the type
 * is served from its own lists.
 */
static void test_steal_largest(struct model *m, const char *name, int start_mt)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned top = m->max_order - 1;
		struct snap s0, s1;
		unsigned long b, pb_ok = 0, nr_pb;
		struct page *page, *next;
		bool halves = true, reserve_same = true;

		model_reset(m);
		snap_zone(m, z, &s0);
		if (!s0.len[top][MIGRATE_MOVABLE]) {
			diag("%s: node %d %s: no MOVABLE block of order %u", name, nid, z->name, top);
			continue;
		}
		b = list_first(m, free_list(z, top, MIGRATE_MOVABLE));
		page = take(m, z, 0, start_mt);
		if (!ok(page && page_to_pfn(m, page) == b,
			"%s: node %d %s: %s order 0 takes the largest MOVABLE block, pfn %lu", name,
			nid, z->name, mt_name[start_mt], b))
			continue;
		nr_pb = 1ul << (top - m->pageblock_order);
		for (unsigned long i = 0; i < nr_pb; i++)
			pb_ok += get_pfnblock_migratetype(m, b + i * m->pageblock_nr_pages) == start_mt;
		is(pb_ok, nr_pb, "%s: node %d %s: all %lu pageblocks of the order-%u block are now %s",
		   name, nid, z->name, nr_pb, top, mt_name[start_mt]);
		for (unsigned j = 0; j < top; j++)
			halves &= list_first(m, free_list(z, j, start_mt)) == b + (1ul << j);
		ok(halves, "%s: node %d %s: the split halves are on the %s lists", name, nid, z->name,
		   mt_name[start_mt]);
		snap_zone(m, z, &s1);
		ok(s1.len[top][MIGRATE_MOVABLE] == s0.len[top][MIGRATE_MOVABLE] - 1,
		   "%s: node %d %s: one MOVABLE block of order %u fewer", name, nid, z->name, top);
		for (unsigned o = 0; o < m->max_order; o++)
			reserve_same &= s0.len[o][MIGRATE_RESERVE] == s1.len[o][MIGRATE_RESERVE];
		ok(reserve_same, "%s: node %d %s: RESERVE lists untouched", name, nid, z->name);
		next = take(m, z, 0, start_mt);
		ok(next && page_to_pfn(m, next) == b + 1,
		   "%s: node %d %s: the next %s page comes from its own list (pfn %lu)", name, nid,
		   z->name, mt_name[start_mt], b + 1);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test that empties the zone of MOVABLE blocks, then frees exactly half a
 * pageblock P back as one block of order pageblock_order-1, and asks for an
 * order-0 UNMOVABLE page.  Expect the block to be taken and, as
 * move_freepages_block moved pages >= pageblock_nr_pages/2, the whole
 * pageblock claimed: get_pageblock_migratetype(P) == UNMOVABLE.
 *
 *   P: [ free, order pb-1 (half)  |  held                ]
 */
static void test_claim_half(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned long p;
		struct page *page;

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE) {
			diag("%s: node %d %s: no whole MOVABLE pageblock", name, nid, z->name);
			continue;
		}
		give(m, z, p, m->pageblock_order - 1);
		page = take(m, z, 0, MIGRATE_UNMOVABLE);
		ok(page && page_to_pfn(m, page) == p,
		   "%s: node %d %s: UNMOVABLE takes the half-pageblock block at %lu", name, nid,
		   z->name, p);
		is(get_pfnblock_migratetype(m, p), MIGRATE_UNMOVABLE,
		   "%s: node %d %s: half a pageblock free: the pageblock is claimed", name, nid,
		   z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test like the one above with one page less than half of P free: an
 * order pb-2 block at P and blocks of orders 0 .. pb-3 at P + half + 2^j
 * (none of them buddies).  Expect the largest (P) to be taken, every free
 * block of P moved to the UNMOVABLE lists, and P to stay MOVABLE.
 *
 *   P: [ pb-2 | held | held..  ][ held | 0 | 1 | held | 2 ... ]
 */
static void test_claim_below_half(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned pbo = m->pageblock_order;
		unsigned long p, half = m->pageblock_nr_pages / 2, nr = 0;
		struct page *page;
		bool moved = true;

		if (pbo < 2)
			continue;
		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE)
			continue;
		give(m, z, p, pbo - 2);
		nr += 1ul << (pbo - 2);
		for (unsigned j = 0; j + 3 <= pbo; j++) {
			give(m, z, p + half + (1ul << j), j);
			nr += 1ul << j;
		}
		is(nr, half - 1, "%s: node %d %s: %lu pages of the pageblock free", name, nid,
		   z->name, half - 1);
		page = take(m, z, 0, MIGRATE_UNMOVABLE);
		ok(page && page_to_pfn(m, page) == p, "%s: node %d %s: UNMOVABLE takes the largest "
		   "block (order %u at %lu)", name, nid, z->name, pbo - 2, p);
		is(get_pfnblock_migratetype(m, p), MIGRATE_MOVABLE,
		   "%s: node %d %s: less than half free: the pageblock stays MOVABLE", name, nid,
		   z->name);
		for (unsigned j = 0; j + 3 <= pbo; j++)
			moved &= on_list(m, free_list(z, j, MIGRATE_UNMOVABLE), p + half + (1ul << j)) &&
				 pfn_to_page(m, p + half + (1ul << j))->index == MIGRATE_UNMOVABLE;
		ok(moved, "%s: node %d %s: the pageblock's other free blocks moved to UNMOVABLE lists",
		   name, nid, z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test where a MOVABLE request must fall back to an UNMOVABLE pageblock P
 * holding only blocks of order pageblock_order/2 - 1 (two of them, not
 * buddies).  Expect can_steal_fallback to say no: one block is taken, the
 * other stays on free_list[..][UNMOVABLE], and P stays UNMOVABLE.
 *
 *   P (UNMOVABLE): [ o | held | o | held ... ]   o = order pb/2 - 1
 */
static void test_movable_small_no_steal(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned o = m->pageblock_order / 2 - 1;
		unsigned long p, other;
		struct page *page;

		if (m->pageblock_order < 2)
			continue;
		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE)
			continue;
		set_pageblock_migratetype(m, pfn_to_page(m, p), MIGRATE_UNMOVABLE);
		give(m, z, p, o);
		give(m, z, p + (2ul << o), o);
		page = take(m, z, 0, MIGRATE_MOVABLE);
		if (!ok(page && (page_to_pfn(m, page) == p || page_to_pfn(m, page) == p + (2ul << o)),
			"%s: node %d %s: MOVABLE falls back to the UNMOVABLE order-%u block", name,
			nid, z->name, o))
			continue;
		other = page_to_pfn(m, page) == p ? p + (2ul << o) : p;
		ok(on_list(m, free_list(z, o, MIGRATE_UNMOVABLE), other),
		   "%s: node %d %s: order %u < pageblock_order/2: the other block is not moved", name,
		   nid, z->name, o);
		is(get_pfnblock_migratetype(m, p), MIGRATE_UNMOVABLE,
		   "%s: node %d %s: the pageblock stays UNMOVABLE", name, nid, z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test where a MOVABLE request falls back to an UNMOVABLE pageblock P
 * holding two blocks of order pageblock_order/2 (not buddies).  Expect the
 * steal: both blocks' pages move to MOVABLE lists; the pageblock is claimed
 * only if those 2 * 2^(pb/2) pages reach half a pageblock (pageblock_order
 * 3: 4 >= 4, claimed; pageblock_order 9: 32 < 256, not claimed).
 */
static void test_movable_steal_threshold(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned o = m->pageblock_order / 2;
		unsigned long p, other, pages = 2ul << o;
		bool claim = pages >= m->pageblock_nr_pages / 2;
		struct page *page;

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE)
			continue;
		set_pageblock_migratetype(m, pfn_to_page(m, p), MIGRATE_UNMOVABLE);
		give(m, z, p, o);
		give(m, z, p + (2ul << o), o);
		page = take(m, z, 0, MIGRATE_MOVABLE);
		if (!ok(page != NULL, "%s: node %d %s: MOVABLE gets a page", name, nid, z->name))
			continue;
		other = page_to_pfn(m, page) == p ? p + (2ul << o) : p;
		ok(on_list(m, free_list(z, o, MIGRATE_MOVABLE), other),
		   "%s: node %d %s: order %u >= pageblock_order/2: the other block moved to MOVABLE",
		   name, nid, z->name, o);
		is(get_pfnblock_migratetype(m, p), claim ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE,
		   "%s: node %d %s: %lu free of %lu: pageblock %s", name, nid, z->name, pages,
		   m->pageblock_nr_pages, claim ? "claimed" : "not claimed");
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test where a MOVABLE request falls back to an UNMOVABLE pageblock with
 * half of it free (order pageblock_order-1).  Expect the pageblock claimed
 * back for MOVABLE.
 */
static void test_movable_claims_half(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned long p;
		struct page *page;

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE)
			continue;
		set_pageblock_migratetype(m, pfn_to_page(m, p), MIGRATE_UNMOVABLE);
		give(m, z, p, m->pageblock_order - 1);
		page = take(m, z, 0, MIGRATE_MOVABLE);
		ok(page && page_to_pfn(m, page) == p, "%s: node %d %s: MOVABLE takes the UNMOVABLE "
		   "half-pageblock block", name, nid, z->name);
		is(get_pfnblock_migratetype(m, p), MIGRATE_MOVABLE,
		   "%s: node %d %s: the pageblock is claimed for MOVABLE", name, nid, z->name);
	}
}

/*
 * A test where an UNMOVABLE or RECLAIMABLE request finds only two order-0
 * MOVABLE pages in pageblock P.  Expect the request to steal even at
 * order 0 (can_steal_fallback: order < pageblock_order/2 still steals for
 * these types), moving the other page to its own list, but not to claim P
 * (2 pages < half).  For RECLAIMABLE, also: an UNMOVABLE request then
 * prefers the RECLAIMABLE page over a MOVABLE one of the same order
 * (fallbacks[] order).
 *
 *   P (MOVABLE): [ held | free | held | free | held ...          ]
 */
static void test_small_steal(struct model *m, const char *name, int start_mt)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		unsigned long p, other, q;
		struct page *page;

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		p = pick_pageblock(m, &h);
		if (p == PFN_NONE)
			continue;
		give(m, z, p + 1, 0);
		give(m, z, p + 3, 0);
		page = take(m, z, 0, start_mt);
		if (!ok(page != NULL, "%s: node %d %s: %s gets a MOVABLE page", name, nid, z->name,
			mt_name[start_mt]))
			continue;
		other = page_to_pfn(m, page) == p + 1 ? p + 3 : p + 1;
		ok(on_list(m, free_list(z, 0, start_mt), other),
		   "%s: node %d %s: %s steals at order 0: the other page moved to its list", name,
		   nid, z->name, mt_name[start_mt]);
		is(get_pfnblock_migratetype(m, p), MIGRATE_MOVABLE,
		   "%s: node %d %s: 2 pages free: pageblock not claimed for %s", name, nid, z->name,
		   mt_name[start_mt]);
		if (start_mt == MIGRATE_RECLAIMABLE) {
			/*
			 * a MOVABLE page of the same order beside the RECLAIMABLE
			 * one: UNMOVABLE tries RECLAIMABLE first (at equal order;
			 * a larger block of any type would win, the scan runs
			 * from the top order)
			 */
			q = p + m->pageblock_nr_pages / 2;
			give(m, z, q, 0);
			page = take(m, z, 0, MIGRATE_UNMOVABLE);
			ok(page && page_to_pfn(m, page) == other,
			   "%s: node %d %s: UNMOVABLE falls back to RECLAIMABLE before MOVABLE", name,
			   nid, z->name);
		}
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/* ---- 4. MIGRATE_RESERVE ------------------------------------------------------- */

/*
 * A test that empties the MOVABLE lists but for one page, then asks for
 * UNMOVABLE pages until __rmqueue returns NULL.  Expect the last MOVABLE
 * page first (fallback beats RESERVE), then exactly as many pages as the
 * RESERVE lists held, each with freepage migratetype RESERVE, then NULL.
 */
static void test_reserve_last_resort(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		long reserve, got = 0;
		bool typed = true;
		unsigned long last;
		struct page *page;

		model_reset(m);
		reserve = pages_on(m, z, MIGRATE_RESERVE);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		if (!h.n)
			continue;
		last = h.pfn[h.n - 1];
		give(m, z, last, 0);
		page = take(m, z, 0, MIGRATE_UNMOVABLE);
		ok(page && page_to_pfn(m, page) == last && pages_on(m, z, MIGRATE_RESERVE) == reserve,
		   "%s: node %d %s: the last MOVABLE page goes before any RESERVE page", name, nid,
		   z->name);
		while ((page = take(m, z, 0, MIGRATE_UNMOVABLE))) {
			got++;
			typed &= page->index == MIGRATE_RESERVE;
		}
		ok(reserve > 0, "%s: node %d %s: the zone has RESERVE pages (%ld)", name, nid, z->name,
		   reserve);
		is(got, reserve, "%s: node %d %s: then every RESERVE page, then NULL", name, nid, z->name);
		ok(typed, "%s: node %d %s: pages from the reserve carry freepage type RESERVE", name,
		   nid, z->name);
		is(zone_page_state(z, NR_FREE_PAGES), 0, "%s: node %d %s: the zone is empty", name, nid,
		   z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test that takes a page from a RESERVE pageblock and gives it back.
 * Expect it to return to the RESERVE lists (free_one_page uses the
 * pageblock's type) and merge as before.
 */
static void test_reserve_free_returns(struct model *m, const char *name)
{
	static struct held h;
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		struct snap s0, s1;
		struct page *page;
		unsigned long pfn;

		model_reset(m);
		take_all(m, z, MIGRATE_MOVABLE, &h);
		snap_zone(m, z, &s0);
		page = take(m, z, 0, MIGRATE_MOVABLE);
		if (!ok(page && get_pageblock_migratetype(m, page) == MIGRATE_RESERVE,
			"%s: node %d %s: with MOVABLE empty the page comes from a RESERVE block",
			name, nid, z->name))
			continue;
		pfn = page_to_pfn(m, page);
		give(m, z, pfn, 0);
		snap_zone(m, z, &s1);
		ok(snap_equal(&s0, &s1), "%s: node %d %s: freed back onto the RESERVE lists and merged",
		   name, nid, z->name);
	}
}

/*
 * A test that __free_one_page's own checks fire (DEBUG >= 1; the kernel's
 * VM_BUG_ON_PAGEs): a child process takes an order-1 MOVABLE block and gives
 * it back at its odd frame (not aligned to the order), or names a zone that
 * does not span it.  Expect the child to abort (MODEL_BUG_ON_PAGE) and the
 * same give at the right frame and zone to merge back without a finding.
 */
struct bad_give {
	struct model *m;
	struct zone *zone;
	unsigned long pfn;
};

static void do_give(void *arg)
{
	struct bad_give *g = arg;

	give(g->m, g->zone, g->pfn, 1);
}

static void test_free_one_page_checked(struct model *m, const char *name)
{
	static const char *const what[] = { "a block not aligned to its order",
					     "a block outside the zone passed" };
	struct zone *z = model_zone(m, 0, ZONE_NORMAL), *other = model_zone(m, 0, ZONE_DMA);

	if (!z || !populated_zone(z) || !other || !populated_zone(other) || DEBUG < 1)
		return;
	for (int c = 0; c < 2; c++) {
		struct bad_give g = { .m = m };
		struct page *page;
		unsigned long b;

		model_reset(m);
		page = take(m, z, 1, MIGRATE_MOVABLE);
		if (!ok(page != NULL, "%s: order-1 MOVABLE block from Normal", name))
			return;
		b = page_to_pfn(m, page);
		g.zone = c == 0 ? z : other;
		g.pfn = c == 0 ? b + 1 : b;
		ok(child_aborts(do_give, &g), "%s: __free_one_page of %s aborts", name, what[c]);
		give(m, z, b, 1);
		ok(m->verdict.kind == V_OK && check_buddy_is_valid(m),
		   "%s: the same block given back right merges, no finding", name);
	}
}

int main(void)
{
	for (int i = 0; i < NR_LAYOUTS; i++) {
		struct model *m = create(&layouts[i]);
		const char *name = layouts[i].name;

		if (!ok(m != NULL, "%s: model_create", name))
			continue;
		test_split_merge_internal(m, name);
		test_split_merge_public(m, name);
		test_merge_order(m, name);
		test_free_to_tail(m, name);
		test_free_to_tail_limit(m, name);
		test_compound(m, name);
		test_not_compound(m, name);
		test_split_free_page(m, name);
		test_steal_largest(m, name, MIGRATE_UNMOVABLE);
		test_steal_largest(m, name, MIGRATE_RECLAIMABLE);
		test_claim_half(m, name);
		test_claim_below_half(m, name);
		test_movable_small_no_steal(m, name);
		test_movable_steal_threshold(m, name);
		test_movable_claims_half(m, name);
		test_small_steal(m, name, MIGRATE_UNMOVABLE);
		test_small_steal(m, name, MIGRATE_RECLAIMABLE);
		test_reserve_last_resort(m, name);
		test_reserve_free_returns(m, name);
		test_free_one_page_checked(m, name);
		model_destroy(m);
	}
	return done_testing();
}
