// SPDX-License-Identifier: GPL-2.0
/*
 * test_fastpath.c - the fast path of v4.2: zone_watermark_ok with
 * ALLOC_HIGH/ALLOC_HARDER/lowmem_reserve at the boundary, the stages of
 * watermark rights down to ALLOC_NO_WATERMARKS, gfp_zone for every zone
 * modifier combination, zone selection (GFP_DMA, __GFP_THISNODE, cpuset
 * hardwall), the fair pass and its batch reset, and __GFP_WRITE dirty
 * limits in get_page_from_freelist.
 *
 * Allocations here call get_page_from_freelist directly, with the flags
 * __alloc_pages_nodemask gives the first attempt, so that a failed attempt
 * does not run the slowpath.
 */
#include <string.h>
#include "../internal.h"
#include "layouts.h"
#include "tap.h"

#define FAST_FLAGS	(ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR)

static struct model *create(void (*setup)(struct model_config *c), const char *name)
{
	struct model_config c;
	char err[256];
	struct model *m;

	setup(&c);
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("%s: %s", name, err);
	return m;
}

static int add_handle(struct model *m, struct page *page, unsigned order)
{
	int i = m->nr_handles++;

	m->handles[i] = (struct handle){ .pfn = (uint32_t)page_to_pfn(m, page),
					 .order = (uint8_t)order, .in_use = true,
					 .task = (int16_t)m->current };
	handle_note(m, i);	/* as the model's own writes do */
	return i;
}

/*
 * The first attempt of __alloc_pages_nodemask without the slowpath: the
 * preferred zone from the node's zonelist (filtered by the nodemask or the
 * task's mems), gfp | __GFP_HARDWALL, and the given alloc flags.  The page
 * is recorded as a handle so that conservation can be checked.
 */
static struct page *fast_alloc(struct model *m, int nid, gfp_t gfp, unsigned order, int alloc_flags,
			       nodemask_t *nodemask)
{
	struct alloc_context ac = {
		.high_zoneidx = gfp_zone(m, gfp),
		.nodemask = nodemask,
		.migratetype = gfpflags_to_migratetype(gfp),
	};
	struct page *page;

	ac.zonelist = node_zonelist(m, nid, gfp);
	ac.preferred_zone = first_zones_zonelist(m, ac.zonelist, ac.high_zoneidx,
						 nodemask ? nodemask : &current_task(m)->mems_allowed,
						 &ac.classzone_idx);
	if (!ac.preferred_zone)
		return NULL;
	page = get_page_from_freelist(m, gfp | __GFP_HARDWALL, order, alloc_flags, &ac);
	if (page)
		add_handle(m, page, order);
	return page;
}

/* Allocates order-0 pages until the fast path says no; returns how many. */
static long alloc_until_fail(struct model *m, int nid, gfp_t gfp, int alloc_flags, bool *in_zone_ok,
			     const struct zone *only)
{
	long n = 0;
	struct page *page;

	while ((page = fast_alloc(m, nid, gfp, 0, alloc_flags, NULL))) {
		if (only && in_zone_ok)
			*in_zone_ok &= page_zone(m, page) == only;
		n++;
	}
	return n;
}

static long nr_free(const struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

/* ---- zone_watermark_ok ------------------------------------------------------- */

struct wmark_case {
	const char *what;
	int zid;		/* zone of the default layout */
	unsigned order;
	int mark;		/* WMARK_MIN/LOW/HIGH */
	int classzone_idx;
	int alloc_flags;
	long nr_free[4];	/* free_area[0..3].nr_free */
	long pass, fail;	/* NR_FREE_PAGES where it passes, and where it fails */
};

/*
 * Default layout: DMA and Normal both min 90, low 112, high 135;
 * DMA lowmem_reserve[Normal] = 16.  zone_watermark_ok passes iff
 *   free - (2^order - 1) > mark' + lowmem_reserve[classzone]
 * with mark' = mark - mark/2 (ALLOC_HIGH), then - mark'/4 (ALLOC_HARDER),
 * and for each order o below the request, after removing that order's
 * free pages, free > mark' >> (o + 1).
 */
static const struct wmark_case wmark_cases[] = {
	/* 113 > 112 passes, 112 > 112 does not */
	{ "low mark, order 0", ZONE_NORMAL, 0, WMARK_LOW, ZONE_NORMAL, 0, { 0 }, 113, 112 },
	{ "min mark, order 0", ZONE_NORMAL, 0, WMARK_MIN, ZONE_NORMAL, 0, { 0 }, 91, 90 },
	{ "high mark, order 0", ZONE_NORMAL, 0, WMARK_HIGH, ZONE_NORMAL, 0, { 0 }, 136, 135 },
	/* ALLOC_HIGH: 112 - 56 = 56 */
	{ "ALLOC_HIGH at low", ZONE_NORMAL, 0, WMARK_LOW, ZONE_NORMAL, ALLOC_HIGH, { 0 }, 57, 56 },
	/* ALLOC_HARDER: 112 - 28 = 84 */
	{ "ALLOC_HARDER at low", ZONE_NORMAL, 0, WMARK_LOW, ZONE_NORMAL, ALLOC_HARDER, { 0 }, 85, 84 },
	/* both: 112 - 56 = 56, 56 - 14 = 42 */
	{ "ALLOC_HIGH|ALLOC_HARDER at low", ZONE_NORMAL, 0, WMARK_LOW, ZONE_NORMAL,
	  ALLOC_HIGH | ALLOC_HARDER, { 0 }, 43, 42 },
	/* min 90: 90 - 45 = 45, 45 - 11 = 34 */
	{ "ALLOC_HIGH|ALLOC_HARDER at min", ZONE_NORMAL, 0, WMARK_MIN, ZONE_NORMAL,
	  ALLOC_HIGH | ALLOC_HARDER, { 0 }, 35, 34 },
	/* DMA for a Normal request: 112 + lowmem_reserve 16 = 128 */
	{ "DMA for a Normal classzone (lowmem_reserve 16)", ZONE_DMA, 0, WMARK_LOW, ZONE_NORMAL, 0,
	  { 0 }, 129, 128 },
	/* DMA for a DMA request: no reserve */
	{ "DMA for a DMA classzone", ZONE_DMA, 0, WMARK_LOW, ZONE_DMA, 0, { 0 }, 113, 112 },
	/* the reserve is not halved by ALLOC_HIGH: 56 + 16 = 72 */
	{ "DMA for Normal with ALLOC_HIGH", ZONE_DMA, 0, WMARK_LOW, ZONE_NORMAL, ALLOC_HIGH,
	  { 0 }, 73, 72 },
	/* order 3, 10/5/3 blocks of orders 0/1/2: only the first test binds,
	 * F - 7 > 112 -> F >= 120 (120: 113 > 112; o0: 103 > 56; o1: 93 > 28; o2: 81 > 14) */
	{ "order 3, first test binds", ZONE_NORMAL, 3, WMARK_LOW, ZONE_NORMAL, 0, { 10, 5, 3 },
	  120, 119 },
	/* order 3 with 100 order-0 pages: o0 binds, F - 7 - 100 > 56 -> F >= 164 */
	{ "order 3, order-0 pages do not count", ZONE_NORMAL, 3, WMARK_LOW, ZONE_NORMAL, 0,
	  { 100 }, 164, 163 },
	/* order 2 with 60 order-1 blocks: o1 binds, F - 3 - 0 - 120 > 28 -> F >= 152 */
	{ "order 2, order-1 blocks do not count", ZONE_NORMAL, 2, WMARK_LOW, ZONE_NORMAL, 0,
	  { 0, 60 }, 152, 151 },
	/* order 1, ALLOC_HARDER: mark 84; F - 1 > 84; o0: F - 1 - 50 > 42 -> F >= 94 */
	{ "order 1, ALLOC_HARDER, 50 order-0 pages", ZONE_NORMAL, 1, WMARK_LOW, ZONE_NORMAL,
	  ALLOC_HARDER, { 50 }, 94, 93 },
	/* order 1 with 50 order-1 blocks: the loop stops below the order, so they
	 * count; F - 1 > 112; o0: F - 1 - 0 > 56 -> F >= 114 */
	{ "order 1, blocks of the order itself count", ZONE_NORMAL, 1, WMARK_LOW, ZONE_NORMAL, 0,
	  { 0, 50 }, 114, 113 },
};

/*
 * A test that evaluates zone_watermark_ok on a copy of a default-layout
 * zone whose free counts are set by hand.  Expect each case to pass one
 * page above its boundary and fail at it (values in the table's comments).
 */
static void test_watermark_boundaries(void)
{
	struct model *m = create(layout_default, "default");

	if (!m)
		return;
	for (size_t i = 0; i < sizeof(wmark_cases) / sizeof(wmark_cases[0]); i++) {
		const struct wmark_case *c = &wmark_cases[i];
		struct zone zc = *model_zone(m, 0, c->zid);
		unsigned long mark = zc.watermark[c->mark];

		for (unsigned o = 0; o < MAX_ORDER_LIMIT; o++)
			zc.free_area[o].nr_free = o < 4 ? c->nr_free[o] : 0;
		zc.vm_stat[NR_FREE_PAGES] = c->pass;
		ok(zone_watermark_ok(&zc, c->order, mark, c->classzone_idx, c->alloc_flags),
		   "watermark: %s: passes with %ld free", c->what, c->pass);
		zc.vm_stat[NR_FREE_PAGES] = c->fail;
		ok(!zone_watermark_ok(&zc, c->order, mark, c->classzone_idx, c->alloc_flags),
		   "watermark: %s: fails with %ld free", c->what, c->fail);
		ok(!zone_watermark_ok_safe(&zc, c->order, mark, c->classzone_idx, c->alloc_flags),
		   "watermark: %s: the _safe variant agrees", c->what);
	}
	model_destroy(m);
}

/* ---- watermark rights, stage by stage ----------------------------------------- */

struct stage {
	const char *what;
	int alloc_flags;
	long left[2];		/* NR_FREE_PAGES of Normal, DMA afterwards */
};

/*
 * A test that allocates order-0 GFP_KERNEL pages until the fast path fails,
 * with ever stronger rights: the low mark, the min mark, min with
 * ALLOC_HIGH, with ALLOC_HIGH|ALLOC_HARDER, and ALLOC_NO_WATERMARKS.
 * Expect each stage to stop exactly at its mark (plus lowmem_reserve in
 * the lower zone), NO_WATERMARKS to take everything down to 0 including
 * the reserve, only its pages to carry pfmemalloc, and conservation to hold.
 *
 * default layout, classzone Normal (DMA keeps 16 more):
 *   low 112 | 128;  min 90 | 106;  min/2 45 | 61;  45 - 11 = 34 | 50;  0 | 0
 * small layout: low 80; min 64; 32; 24; 0
 */
static void test_watermark_stages(void)
{
	static const struct stage def[] = {
		{ "low mark", ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR, { 112, 128 } },
		{ "min mark", ALLOC_WMARK_MIN | ALLOC_CPUSET, { 90, 106 } },
		{ "min, ALLOC_HIGH", ALLOC_WMARK_MIN | ALLOC_HIGH, { 45, 61 } },
		{ "min, ALLOC_HIGH|ALLOC_HARDER", ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER, { 34, 50 } },
		{ "ALLOC_NO_WATERMARKS", ALLOC_NO_WATERMARKS, { 0, 0 } },
	};
	static const struct stage small[] = {
		{ "low mark", ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR, { 80 } },
		{ "min mark", ALLOC_WMARK_MIN | ALLOC_CPUSET, { 64 } },
		{ "min, ALLOC_HIGH", ALLOC_WMARK_MIN | ALLOC_HIGH, { 32 } },
		{ "min, ALLOC_HIGH|ALLOC_HARDER", ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER, { 24 } },
		{ "ALLOC_NO_WATERMARKS", ALLOC_NO_WATERMARKS, { 0 } },
	};
	struct {
		const char *name;
		void (*setup)(struct model_config *c);
		const struct stage *st;
	} runs[] = { { "default", layout_default, def }, { "small", layout_small, small } };

	for (int r = 0; r < 2; r++) {
		struct model *m = create(runs[r].setup, runs[r].name);
		struct zone *normal, *dma;
		bool pfmemalloc_ok = true;

		if (!m)
			continue;
		normal = model_zone(m, 0, ZONE_NORMAL);
		dma = model_zone(m, 0, ZONE_DMA);
		for (int s = 0; s < 5; s++) {
			const struct stage *st = &runs[r].st[s];
			int first = m->nr_handles;
			long n = alloc_until_fail(m, 0, GFP_KERNEL, st->alloc_flags, NULL, NULL);

			ok(n > 0, "%s: %s: allocates more (%ld pages)", runs[r].name, st->what, n);
			is(nr_free(normal), st->left[0], "%s: %s: Normal stops at %ld free", runs[r].name,
			   st->what, st->left[0]);
			if (populated_zone(dma))
				is(nr_free(dma), st->left[1], "%s: %s: DMA stops at %ld free",
				   runs[r].name, st->what, st->left[1]);
			for (int i = first; i < m->nr_handles; i++)
				pfmemalloc_ok &= pfn_to_page(m, m->handles[i].pfn)->pfmemalloc ==
						 !!(st->alloc_flags & ALLOC_NO_WATERMARKS);
		}
		ok(pfmemalloc_ok, "%s: only pages taken with ALLOC_NO_WATERMARKS are pfmemalloc",
		   runs[r].name);
		ok(fast_alloc(m, 0, GFP_KERNEL, 0, ALLOC_NO_WATERMARKS, NULL) == NULL,
		   "%s: an empty zone fails even ALLOC_NO_WATERMARKS", runs[r].name);
		ok(check_buddy_is_valid(m) && check_conservation(m), "%s: buddy valid, conservation",
		   runs[r].name);
		model_destroy(m);
	}
}

/* ---- gfp_zone ------------------------------------------------------------------ */

/*
 * A test that maps every combination of the four zone modifiers.  Expect
 * the GFP_ZONE_TABLE: none -> Normal, DMA -> DMA, HIGHMEM -> HighMem,
 * DMA32 -> DMA32, MOVABLE -> Normal, MOVABLE|DMA -> DMA, MOVABLE|HIGHMEM ->
 * Movable, MOVABLE|DMA32 -> DMA32; every other combination is GFP_ZONE_BAD:
 * a warning and zone 0.  Other gfp bits do not matter.
 */
static void test_gfp_zone(void)
{
	struct model *m = create(layout_default, "default");
	static const struct { gfp_t mods; int zone; } good[] = {
		{ 0, ZONE_NORMAL },
		{ __GFP_DMA, ZONE_DMA },
		{ __GFP_HIGHMEM, ZONE_HIGHMEM },
		{ __GFP_DMA32, ZONE_DMA32 },
		{ __GFP_MOVABLE, ZONE_NORMAL },
		{ __GFP_MOVABLE | __GFP_DMA, ZONE_DMA },
		{ __GFP_MOVABLE | __GFP_HIGHMEM, ZONE_MOVABLE },
		{ __GFP_MOVABLE | __GFP_DMA32, ZONE_DMA32 },
	};

	if (!m)
		return;
	for (gfp_t mods = 0; mods <= GFP_ZONEMASK; mods++) {
		int want = -1;
		unsigned warns = m->warn_count[WARN_BAD_GFP_ZONE];
		int got;

		if (mods & ~GFP_ZONEMASK)
			continue;
		for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
			if (good[i].mods == mods)
				want = good[i].zone;
		got = gfp_zone(m, mods | GFP_KERNEL | __GFP_COMP);
		if (want >= 0)
			ok(got == want && m->warn_count[WARN_BAD_GFP_ZONE] == warns,
			   "gfp_zone(%#x) = %s, no warning", mods, zone_name(want));
		else
			ok(got == 0 && m->warn_count[WARN_BAD_GFP_ZONE] == warns + 1,
			   "gfp_zone(%#x) is GFP_ZONE_BAD: warning, zone 0", mods);
	}
	is(gfpflags_to_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE, "GFP_KERNEL is UNMOVABLE");
	is(gfpflags_to_migratetype(GFP_TEMPORARY), MIGRATE_RECLAIMABLE, "GFP_TEMPORARY is RECLAIMABLE");
	is(gfpflags_to_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE,
	   "GFP_HIGHUSER_MOVABLE is MOVABLE");
	model_destroy(m);
}

/* ---- zone selection ------------------------------------------------------------ */

/*
 * A test that allocates GFP_DMA and GFP_DMA32 pages until the fast path
 * fails on the default layout.  Expect every page from DMA, DMA to stop at
 * its low mark 112 (the classzone is DMA: no reserve), and Normal untouched.
 * On the DMA32+Normal+Movable layout, GFP_DMA finds no zone at all; and
 * GFP_KERNEL never reaches Movable: Normal stops at low 68, DMA32 at
 * low 137 + lowmem_reserve[Normal] 16 = 153, Movable stays full.
 */
static void test_zone_restriction(void)
{
	struct model *m = create(layout_default, "default");
	bool in_dma = true;
	long n;

	if (m) {
		n = alloc_until_fail(m, 0, GFP_DMA, FAST_FLAGS, &in_dma, model_zone(m, 0, ZONE_DMA));
		ok(n > 0 && in_dma, "default: %ld GFP_DMA pages, all from DMA", n);
		is(nr_free(model_zone(m, 0, ZONE_DMA)), 112, "default: DMA stops at its low mark");
		is(nr_free(model_zone(m, 0, ZONE_NORMAL)), 4096, "default: Normal untouched by GFP_DMA");
		model_reset(m);
		in_dma = true;
		n = alloc_until_fail(m, 0, GFP_DMA32, FAST_FLAGS, &in_dma, model_zone(m, 0, ZONE_DMA));
		ok(n > 0 && in_dma && nr_free(model_zone(m, 0, ZONE_NORMAL)) == 4096,
		   "default: GFP_DMA32 without a DMA32 zone is served by DMA only");
		model_destroy(m);
	}
	m = create(layout_dma32, "dma32");
	if (m) {
		ok(fast_alloc(m, 0, GFP_DMA, 0, FAST_FLAGS, NULL) == NULL,
		   "dma32: GFP_DMA finds no zone (no preferred zone)");
		is(model_alloc(m, 0, GFP_DMA | __GFP_NOWARN, 0), -1,
		   "dma32: model_alloc(GFP_DMA) fails cleanly");
		model_reset(m);
		n = alloc_until_fail(m, 0, GFP_KERNEL, FAST_FLAGS, NULL, NULL);
		is(nr_free(model_zone(m, 0, ZONE_MOVABLE)), 4096, "dma32: GFP_KERNEL never uses Movable");
		is(nr_free(model_zone(m, 0, ZONE_NORMAL)), 68, "dma32: Normal stops at low 68");
		is(nr_free(model_zone(m, 0, ZONE_DMA32)), 153, "dma32: DMA32 stops at 137 + 16");
		model_reset(m);
		in_dma = true;
		n = alloc_until_fail(m, 0, GFP_HIGHUSER_MOVABLE, FAST_FLAGS, NULL, NULL);
		/* classzone Movable: Normal keeps 68 + 128, DMA32 keeps 137 + 32 */
		is(nr_free(model_zone(m, 0, ZONE_MOVABLE)), 68, "dma32: Movable stops at low 68");
		is(nr_free(model_zone(m, 0, ZONE_NORMAL)), 68 + 128,
		   "dma32: Normal keeps low + lowmem_reserve[Movable] = 196");
		is(nr_free(model_zone(m, 0, ZONE_DMA32)), 137 + 32,
		   "dma32: DMA32 keeps low + lowmem_reserve[Movable] = 169");
		ok(check_conservation(m), "dma32: conservation");
		model_destroy(m);
	}
}

/*
 * A test on the 2-node layout with the task on node 0.  Expect
 * GFP_KERNEL|__GFP_THISNODE to take pages from node 0 only, down to its
 * low marks (Normal 78, DMA 78 + 16), leaving node 1 untouched; the next
 * plain GFP_KERNEL page to come from node 1 (the second pass includes
 * remote zones); and THISNODE through node 1's zonelist to stay on node 1.
 */
static void test_thisnode(void)
{
	struct model *m = create(layout_2node, "2node");
	struct page *page;
	long n = 0;
	bool local = true;

	if (!m)
		return;
	while ((page = fast_alloc(m, 0, GFP_KERNEL | __GFP_THISNODE, 0, FAST_FLAGS, NULL))) {
		local &= page_to_nid(page) == 0;
		n++;
	}
	ok(n > 0 && local, "2node: %ld THISNODE pages, all from node 0", n);
	is(nr_free(model_zone(m, 0, ZONE_NORMAL)), 78, "2node: node 0 Normal stops at low 78");
	is(nr_free(model_zone(m, 0, ZONE_DMA)), 94, "2node: node 0 DMA stops at 78 + 16");
	is(nr_free(model_zone(m, 1, ZONE_NORMAL)), 8192, "2node: node 1 untouched");
	page = fast_alloc(m, 0, GFP_KERNEL, 0, FAST_FLAGS, NULL);
	ok(page && page_to_nid(page) == 1, "2node: without THISNODE the next page is remote");
	page = fast_alloc(m, 1, GFP_KERNEL | __GFP_THISNODE, 0, FAST_FLAGS, NULL);
	ok(page && page_to_nid(page) == 1, "2node: THISNODE on node 1's zonelist stays on node 1");
	ok(check_conservation(m), "2node: conservation");
	model_destroy(m);
}

/*
 * A test on the 2-node layout whose task (on node 0's CPU) may only use
 * node 1 (cpuset mems_allowed).  Expect the preferred zone on node 1,
 * every page from node 1 down to its low mark 158, node 0 untouched;
 * cpuset_zone_allowed to refuse node 0 for a hardwall request but allow it
 * for a softwall one, in interrupt context, and for an OOM victim.
 */
static void test_cpuset_hardwall(void)
{
	struct model *m = create(layout_2node, "2node");
	struct task *t;
	struct zone *n0;
	struct page *page;
	long n = 0;
	bool remote = true;

	if (!m)
		return;
	t = current_task(m);
	t->mems_allowed = 1u << 1;
	n0 = model_zone(m, 0, ZONE_NORMAL);
	while ((page = fast_alloc(m, 0, GFP_USER, 0, FAST_FLAGS, NULL))) {
		remote &= page_to_nid(page) == 1;
		n++;
	}
	ok(n > 0 && remote, "2node cpuset: %ld GFP_USER pages, all from node 1", n);
	is(nr_free(model_zone(m, 1, ZONE_NORMAL)), 158, "2node cpuset: node 1 stops at low 158");
	ok(nr_free(n0) == 4096 && nr_free(model_zone(m, 0, ZONE_DMA)) == 4095,
	   "2node cpuset: node 0 untouched");
	ok(!cpuset_zone_allowed(m, n0, GFP_USER), "cpuset_zone_allowed: hardwall refuses node 0");
	ok(cpuset_zone_allowed(m, n0, GFP_KERNEL), "cpuset_zone_allowed: softwall allows node 0");
	t->flags |= PF_EXITING;
	ok(!cpuset_zone_allowed(m, n0, GFP_USER), "cpuset_zone_allowed: an exiting task is still "
	   "hardwalled");
	ok(cpuset_zone_allowed(m, n0, GFP_KERNEL), "cpuset_zone_allowed: an exiting task, softwall");
	t->flags &= ~PF_EXITING;
	model_task_memdie(m, m->current, true);
	ok(cpuset_zone_allowed(m, n0, GFP_USER), "cpuset_zone_allowed: an OOM victim may use any node");
	model_task_memdie(m, m->current, false);
	t->ctx = CTX_IRQ;
	ok(cpuset_zone_allowed(m, n0, GFP_USER), "cpuset_zone_allowed: interrupts may use any node");
	t->ctx = CTX_PROCESS;
	ok(check_conservation(m), "2node cpuset: conservation");
	model_destroy(m);
}

/*
 * A test of might_sleep_if(gfp_mask & __GFP_WAIT) at the entry: in softirq
 * and irq context GFP_ATOMIC is quiet, GFP_KERNEL prints "sleeping function
 * called from invalid context" (warning:sleep-in-atomic), and in process
 * context GFP_KERNEL is quiet again.  Every request is still served.
 */
static void test_sleep_in_atomic(void)
{
	struct model *m = create(layout_default, "default");
	struct task *t;
	struct page *p[4];

	if (!m)
		return;
	t = current_task(m);
	t->ctx = CTX_SOFTIRQ;
	p[0] = alloc_pages_current(m, GFP_ATOMIC, 0);
	ok(p[0] && m->warn_count[WARN_SLEEP_IN_ATOMIC] == 0 && m->verdict.kind == V_OK,
	   "sleep-in-atomic: GFP_ATOMIC in softirq is quiet");
	p[1] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[1] && m->warn_count[WARN_SLEEP_IN_ATOMIC] == 1 && m->verdict.kind == V_WARNING &&
	   !strncmp(m->verdict.sig, "warning:sleep-in-atomic@", 24),
	   "sleep-in-atomic: GFP_KERNEL in softirq warns (%s)", m->verdict.sig);
	t->ctx = CTX_IRQ;
	p[2] = alloc_pages_current(m, GFP_NOIO, 0);
	ok(p[2] && m->warn_count[WARN_SLEEP_IN_ATOMIC] == 2,
	   "sleep-in-atomic: GFP_NOIO in irq warns too");
	t->ctx = CTX_PROCESS;
	p[3] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[3] && m->warn_count[WARN_SLEEP_IN_ATOMIC] == 2,
	   "sleep-in-atomic: GFP_KERNEL in process context is quiet");
	for (int i = 0; i < 4; i++)
		if (p[i])
			__free_pages(m, p[i], 0);
	ok(check_conservation(m), "sleep-in-atomic: conservation");
	model_destroy(m);
}

/* ---- the first attempt's plan -------------------------------------------------- */

/*
 * A test of __alloc_pages_nodemask's memoised first-attempt context (m->plan)
 * and the walk's start hint, through alloc_pages_current.  Node 0's zonelist
 * is Normal, DMA (then node 1's Normal on the 2-node layout).  Expect on the
 * default layout GFP_KERNEL from Normal with the walk started at zoneref 0,
 * GFP_DMA from DMA with the walk started at zoneref 1 (Normal skipped for its
 * index), then GFP_KERNEL from Normal again.  On the 2-node layout, the task
 * (node 0) allowed node 1 only: GFP_KERNEL from node 1 with no hint (node 0's
 * zones are passed over for the cpuset, not for their index); in irq context
 * GFP_ATOMIC from node 0, as v4.2 does it (the fair pass stops at node 0's
 * Normal, which is not local to the preferred zone, and the second pass
 * takes it); after the cpuset grows to both nodes, GFP_KERNEL from node 0 with
 * the hint back at 0.  Every page is freed and conservation holds.
 */
static void test_first_attempt_plan(void)
{
	struct model *m = create(layout_default, "default");
	struct page *p[8];
	struct task *t;
	int n = 0;

	if (!m)
		return;
	p[n] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[n] && page_zone(m, p[n]) == model_zone(m, 0, ZONE_NORMAL) && m->plan.hint == 0,
	   "plan: GFP_KERNEL from Normal, walk from zoneref 0 (hint %d)", m->plan.hint);
	n++;
	p[n] = alloc_pages_current(m, GFP_DMA, 0);
	ok(p[n] && page_zone(m, p[n]) == model_zone(m, 0, ZONE_DMA) && m->plan.hint == 1,
	   "plan: GFP_DMA from DMA, walk from zoneref 1 (hint %d)", m->plan.hint);
	n++;
	p[n] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[n] && page_zone(m, p[n]) == model_zone(m, 0, ZONE_NORMAL) && m->plan.hint == 0 &&
	   m->plan.gfp == GFP_KERNEL, "plan: GFP_KERNEL again: the plan follows the mask");
	n++;
	while (n)
		__free_pages(m, p[--n], 0);
	ok(check_conservation(m), "plan: default: conservation");
	model_destroy(m);

	m = create(layout_2node, "2node");
	if (!m)
		return;
	t = current_task(m);
	t->mems_allowed = 1u << 1;
	p[n] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[n] && page_to_nid(p[n]) == 1 && m->plan.hint == -1,
	   "plan: mems {1}: GFP_KERNEL from node 1, no hint (hint %d)", m->plan.hint);
	n++;
	t->ctx = CTX_IRQ;
	p[n] = alloc_pages_current(m, GFP_ATOMIC, 0);
	ok(p[n] && page_to_nid(p[n]) == 0,
	   "plan: mems {1}, irq: GFP_ATOMIC from node 0 (the fair pass stops, the second takes it)");
	n++;
	t->ctx = CTX_PROCESS;
	t->mems_allowed = 3;
	p[n] = alloc_pages_current(m, GFP_KERNEL, 0);
	ok(p[n] && page_to_nid(p[n]) == 0 && m->plan.hint == 0 && m->plan.mask == 3,
	   "plan: mems {0,1}: GFP_KERNEL from node 0, hint 0");
	n++;
	while (n)
		__free_pages(m, p[--n], 0);
	ok(check_conservation(m), "plan: 2node: conservation");
	model_destroy(m);
}

/*
 * A test that the walk goes on after the hinted zone in zonelist order.
 * Layout: DMA, DMA32 and Normal of 4096 pages each on one node; GFP_KERNEL
 * walks Normal (the hint, zoneref 0), DMA32, DMA.  Expect the first page the
 * fair pass does not take from Normal (its batch spent) to come from DMA32,
 * the next zoneref, never from DMA; the hinted zone is not tried twice.
 */
static void layout_three(struct model_config *c)
{
	empty(c);
	c->zones[0][ZONE_DMA].pages = 4096;
	c->zones[0][ZONE_DMA32].pages = 4096;
	c->zones[0][ZONE_NORMAL].pages = 4096;
}

static void test_walk_after_hint(void)
{
	struct model *m = create(layout_three, "three");
	struct zone *normal, *other = NULL;
	long n = 0;

	if (!m)
		return;
	normal = model_zone(m, 0, ZONE_NORMAL);
	for (; n < 4096 && !other; n++) {
		struct page *page = alloc_pages_current(m, GFP_KERNEL, 0);

		if (!page)
			break;
		if (page_zone(m, page) != normal)
			other = page_zone(m, page);
	}
	ok(other == model_zone(m, 0, ZONE_DMA32) && m->plan.hint == 0,
	   "walk: after the hinted Normal (its batch spent at page %ld) comes %s (DMA32 expected)",
	   n, other ? other->name : "nothing");
	model_destroy(m);
}

/*
 * A test that the checks of the plan fire (check level 3): a child process
 * sets a hint that would pass over node 0's Normal zone (usable: its index is
 * not above the request's) and allocates.  Expect the child to abort
 * (MODEL_BUG_ON in check_walk_hint); likewise for a plan whose preferred zone
 * is wrong.
 */
struct bad_plan {
	struct model *m;
	int c;
};

static void alloc_with_bad_plan(void *arg)
{
	struct bad_plan *b = arg;
	struct model *m = b->m;

	if (b->c == 0)
		m->plan.hint = 2;		/* node 1's Normal */
	else if (b->c == 1)
		m->plan.preferred_zone = model_zone(m, 1, ZONE_NORMAL);
	else
		m->plan.hint = 0;		/* node 0's Normal: not in the mems */
	alloc_pages_current(m, GFP_KERNEL, 0);
}

static void test_first_attempt_plan_checked(void)
{
	static const char *const what[] = {
		"start hint past a usable zone", "preferred zone", "start hint at zoneref 0",
	};

	for (int c = 0; c < 3 && DEBUG >= 1; c++) {
		struct model *m = create(layout_2node, "2node");
		struct bad_plan b = { .m = m, .c = c };

		if (!m)
			return;
		m->cfg.debug = 3;	/* the level that checks the harness's shortcuts */
		if (c == 2)
			current_task(m)->mems_allowed = 1u << 1;	/* the right hint is none */
		__free_pages(m, alloc_pages_current(m, GFP_KERNEL, 0), 0);	/* makes the plan */
		ok(child_aborts(alloc_with_bad_plan, &b), "plan: a wrong %s is caught (abort)", what[c]);
		model_destroy(m);
	}
}

/*
 * A test of a __GFP_THISNODE request through __alloc_pages_nodemask on the
 * 2-node layout, served by the first attempt: its page goes through the gfp
 * contract check (THISNODE is checked for a remote page) and nothing more.
 * Expect the page from node 1 when node 1's THISNODE zonelist is used, exactly
 * one page taken from node 1's Normal, and no verdict.
 */
static void test_thisnode_first_attempt(void)
{
	struct model *m = create(layout_2node, "2node");
	struct zone *n1;
	struct page *page;
	long before;

	if (!m)
		return;
	n1 = model_zone(m, 1, ZONE_NORMAL);
	before = nr_free(n1);
	page = __alloc_pages_nodemask(m, GFP_KERNEL | __GFP_THISNODE, 0,
				      node_zonelist(m, 1, GFP_KERNEL | __GFP_THISNODE), NULL);
	ok(page && page_to_nid(page) == 1 && m->verdict.kind == V_OK,
	   "thisnode: GFP_KERNEL|__GFP_THISNODE for node 1 served from node 1, no verdict");
	is(before - nr_free(n1) - n1->pcp[current_task(m)->cpu].count, 1,
	   "thisnode: exactly one page taken from node 1 (free + per-cpu)");
	if (page)
		__free_pages(m, page, 0);
	ok(check_conservation(m), "thisnode: conservation");
	model_destroy(m);
}

/* ---- the fair pass ------------------------------------------------------------- */

/*
 * A test of ALLOC_FAIR on the default layout: both zones local, each with
 * NR_ALLOC_BATCH = high - low = 135 - 112 = 23.  Expect order-0 GFP_KERNEL
 * pages to come 23 from Normal (ZONE_FAIR_DEPLETED set when its batch
 * reaches 0), then 23 from DMA; the 47th finds both depleted, so
 * reset_alloc_batches sets both batches back to 23, clears the flags, and
 * the rescan without fairness serves it from Normal (batch 22); and so on:
 *
 *   allocation  1..23 Normal | 24..46 DMA | 47..69 Normal | 70..92 DMA
 *
 * An order-2 allocation takes 4 from the batch.
 */
static void test_fair_pass(void)
{
	struct model *m = create(layout_default, "default");
	struct zone *normal, *dma;
	bool pattern = true;

	if (!m)
		return;
	normal = model_zone(m, 0, ZONE_NORMAL);
	dma = model_zone(m, 0, ZONE_DMA);
	is(zone_page_state(normal, NR_ALLOC_BATCH), 23, "fair: Normal batch starts at 23");
	for (int i = 1; i <= 92; i++) {
		struct page *page = fast_alloc(m, 0, GFP_KERNEL, 0, FAST_FLAGS, NULL);
		struct zone *want = ((i - 1) / 23) % 2 ? dma : normal;

		if (!page || page_zone(m, page) != want) {
			diag("allocation %d from %s, expected %s", i,
			     page ? page_zone(m, page)->name : "nowhere", want->name);
			pattern = false;
			break;
		}
		if (i == 23)
			ok(test_bit_zone(normal, ZONE_FAIR_DEPLETED) &&
			   zone_page_state(normal, NR_ALLOC_BATCH) == 0 &&
			   !test_bit_zone(dma, ZONE_FAIR_DEPLETED),
			   "fair: after 23 pages Normal is depleted, DMA not");
		if (i == 46)
			ok(test_bit_zone(dma, ZONE_FAIR_DEPLETED), "fair: after 46 pages DMA is depleted");
		if (i == 47)
			ok(zone_page_state(normal, NR_ALLOC_BATCH) == 22 &&
			   zone_page_state(dma, NR_ALLOC_BATCH) == 23 &&
			   !test_bit_zone(normal, ZONE_FAIR_DEPLETED) &&
			   !test_bit_zone(dma, ZONE_FAIR_DEPLETED),
			   "fair: the 47th page reset both batches to 23 and took one from Normal");
	}
	ok(pattern, "fair: pages alternate 23 Normal, 23 DMA, 23 Normal, 23 DMA");
	model_reset(m);
	ok(fast_alloc(m, 0, GFP_KERNEL, 2, FAST_FLAGS, NULL) &&
	   zone_page_state(normal, NR_ALLOC_BATCH) == 19,
	   "fair: an order-2 page takes 4 from the batch");
	/* an order-3 page on a batch of 2 drives it to -6; the reset sets 23, not -6 + 23 */
	model_reset(m);
	normal->vm_stat[NR_ALLOC_BATCH] = 2;
	ok(fast_alloc(m, 0, GFP_KERNEL, 3, FAST_FLAGS, NULL) &&
	   zone_page_state(normal, NR_ALLOC_BATCH) == -6 && test_bit_zone(normal, ZONE_FAIR_DEPLETED),
	   "fair: an order-3 page on a batch of 2 leaves -6, depleted");
	dma->vm_stat[NR_ALLOC_BATCH] = 0;
	set_bit_zone(dma, ZONE_FAIR_DEPLETED);
	ok(fast_alloc(m, 0, GFP_KERNEL, 0, FAST_FLAGS, NULL) &&
	   zone_page_state(normal, NR_ALLOC_BATCH) == 22 && zone_page_state(dma, NR_ALLOC_BATCH) == 23,
	   "fair: the reset sets each batch to high - low (23), whatever it was");
	model_destroy(m);
}

/*
 * A test of the fair pass on the 2-node layout (task on node 0).  Expect
 * pages from node 0's two zones only until both are at their low marks
 * (Normal 78, DMA 78 + 16 = 94); the fair pass never leaves the node;
 * then the rescan (nr_online_nodes > 1) serves node 1.
 */
static void test_fair_pass_local_node(void)
{
	struct model *m = create(layout_2node, "2node");
	struct page *page;
	long n = 0;

	if (!m)
		return;
	while ((page = fast_alloc(m, 0, GFP_KERNEL, 0, FAST_FLAGS, NULL)) && page_to_nid(page) == 0)
		n++;
	ok(page && page_to_nid(page) == 1, "2node fair: after %ld local pages the next is remote", n);
	is(nr_free(model_zone(m, 0, ZONE_NORMAL)), 78, "2node fair: node 0 Normal at low 78 first");
	is(nr_free(model_zone(m, 0, ZONE_DMA)), 94, "2node fair: node 0 DMA at 94 first");
	is(n, (4096 - 78) + (4095 - 94), "2node fair: every local page above the marks was used");
	model_destroy(m);
}

/* ---- __GFP_WRITE and dirty limits ------------------------------------------------ */

static struct zone *write_alloc_zone(struct model *m, int alloc_flags)
{
	struct page *page = fast_alloc(m, 0, GFP_KERNEL | __GFP_WRITE, 0, alloc_flags, NULL);

	return page ? page_zone(m, page) : NULL;
}

/*
 * A test of __GFP_WRITE on the default layout.  The Normal zone's dirty
 * limit is (free 4096 - dirty_balance_reserve 135 + file LRU 0) * 20 / 100
 * = 792 pages; a task with PF_LESS_THROTTLE (or real-time) gets 792 + 198 =
 * 990.  Expect: 792 dirty (NR_FILE_DIRTY + NR_WRITEBACK + NR_UNSTABLE_NFS)
 * is fine and the page comes from Normal; 793 skips Normal, the page comes
 * from DMA; the LRU's file pages raise the limit (100 inactive file pages:
 * 4061 * 20 / 100 = 812); without __GFP_WRITE, or at the min mark, the
 * dirty count does not matter; DMA over its own limit too
 * ((4095 - 151) * 20 / 100 = 788) leaves no zone.
 */
static void test_gfp_write(void)
{
	struct model *m = create(layout_default, "default");
	struct zone *normal, *dma;

	if (!m)
		return;
	normal = model_zone(m, 0, ZONE_NORMAL);
	dma = model_zone(m, 0, ZONE_DMA);

	normal->vm_stat[NR_FILE_DIRTY] = 792;
	ok(write_alloc_zone(m, FAST_FLAGS) == normal, "__GFP_WRITE: 792 dirty: Normal is fine");
	model_reset(m);
	normal->vm_stat[NR_FILE_DIRTY] = 793;
	ok(write_alloc_zone(m, FAST_FLAGS) == dma, "__GFP_WRITE: 793 dirty: Normal skipped, DMA serves");
	model_reset(m);
	normal->vm_stat[NR_FILE_DIRTY] = 700;
	normal->vm_stat[NR_WRITEBACK] = 90;
	normal->vm_stat[NR_UNSTABLE_NFS] = 3;
	ok(write_alloc_zone(m, FAST_FLAGS) == dma, "__GFP_WRITE: dirty + writeback + unstable count together");
	model_reset(m);
	normal->vm_stat[NR_FILE_DIRTY] = 812;
	normal->vm_stat[NR_INACTIVE_FILE] = 100;
	ok(write_alloc_zone(m, FAST_FLAGS) == normal, "__GFP_WRITE: file LRU pages raise the limit to 812");
	normal->vm_stat[NR_FILE_DIRTY] = 813;
	ok(write_alloc_zone(m, FAST_FLAGS) == dma, "__GFP_WRITE: 813 is over 812");
	model_reset(m);
	current_task(m)->flags |= PF_LESS_THROTTLE;
	normal->vm_stat[NR_FILE_DIRTY] = 990;
	ok(write_alloc_zone(m, FAST_FLAGS) == normal, "__GFP_WRITE: PF_LESS_THROTTLE: 990 is fine");
	normal->vm_stat[NR_FILE_DIRTY] = 991;
	ok(write_alloc_zone(m, FAST_FLAGS) == dma, "__GFP_WRITE: PF_LESS_THROTTLE: 991 is over");
	current_task(m)->flags &= ~PF_LESS_THROTTLE;
	current_task(m)->rt = true;
	normal->vm_stat[NR_FILE_DIRTY] = 990;
	ok(write_alloc_zone(m, FAST_FLAGS) == normal, "__GFP_WRITE: a real-time task gets the same 25%");
	current_task(m)->rt = false;
	model_reset(m);
	normal->vm_stat[NR_FILE_DIRTY] = 10000;
	ok(fast_alloc(m, 0, GFP_KERNEL, 0, FAST_FLAGS, NULL) &&
	   page_zone(m, pfn_to_page(m, m->handles[m->nr_handles - 1].pfn)) == normal,
	   "without __GFP_WRITE the dirty count does not matter");
	ok(write_alloc_zone(m, ALLOC_WMARK_MIN | ALLOC_CPUSET) == normal,
	   "__GFP_WRITE at the min mark (slowpath flags) ignores the dirty limit");
	dma->vm_stat[NR_FILE_DIRTY] = 789;
	ok(write_alloc_zone(m, FAST_FLAGS) == NULL, "__GFP_WRITE: both zones over their limits: no page");
	dma->vm_stat[NR_FILE_DIRTY] = 788;
	ok(write_alloc_zone(m, FAST_FLAGS) == dma, "__GFP_WRITE: DMA at exactly its limit 788 serves");
	model_destroy(m);
}

/*
 * A test that asks __alloc_pages_nodemask for order MAX_ORDER and beyond on
 * every layout with a small MAX_ORDER.  Expect NULL, the slowpath's
 * WARN_ON_ONCE for order >= MAX_ORDER without __GFP_NOWARN, none with it,
 * and no change to the free areas.
 */
static void test_order_too_large(void)
{
	struct model *m = create(layout_small, "small");
	long before;

	if (!m)
		return;
	before = nr_free(model_zone(m, 0, ZONE_NORMAL));
	is(model_alloc(m, 0, GFP_KERNEL | __GFP_NOWARN, 5), -1, "small: order 5 = MAX_ORDER fails");
	is(m->warn_count[WARN_ORDER_GE_MAX_ORDER], 0, "small: no warning with __GFP_NOWARN");
	is(model_alloc(m, 0, GFP_KERNEL, 6), -1, "small: order 6 fails");
	ok(m->warn_count[WARN_ORDER_GE_MAX_ORDER] >= 1, "small: order >= MAX_ORDER warns");
	is(nr_free(model_zone(m, 0, ZONE_NORMAL)), before, "small: nothing taken");
	/* a failed allocation gives its handle back: as many failures as there are handles */
	for (int i = 0; i < MODEL_MAX_HANDLES; i++)
		model_alloc(m, 0, GFP_KERNEL | __GFP_NOWARN, 5);
	ok(model_alloc(m, 0, GFP_KERNEL, 0) == 0 && m->nr_handles == 1,
	   "small: after %d failed allocations the next one succeeds in handle 0",
	   MODEL_MAX_HANDLES);
	model_destroy(m);
}

/*
 * A test of gfp_parse, which reads the gfp masks of programs and of the
 * command line: names, composites (GFP_THISNODE and GFP_DMA* too), hex with 0x
 * or 0X, leading spaces and '|' with spaces or tabs around it parse; a number
 * without 0x, an unknown name, an empty word, trailing junk after hex digits and
 * bits beyond __GFP_BITS_MASK are refused with *bad at the offending word.
 */
static void test_gfp_parse(void)
{
	static const struct { const char *s; int ret; gfp_t want; int bad_at; } t[] = {
		{ "GFP_KERNEL", 0, GFP_KERNEL, 10 },
		{ "GFP_KERNEL|__GFP_NOWARN", 0, GFP_KERNEL | __GFP_NOWARN, 23 },
		{ "GFP_KERNEL | __GFP_NOWARN", 0, GFP_KERNEL | __GFP_NOWARN, 25 },
		{ "GFP_KERNEL\t|\t__GFP_NOWARN", 0, GFP_KERNEL | __GFP_NOWARN, 25 },
		{ "GFP_NOWAIT|0x200", 0, __GFP_NOWARN, 16 },
		{ "0X200", 0, __GFP_NOWARN, 5 },
		{ "  GFP_KERNEL", 0, GFP_KERNEL, 12 },
		{ "GFP_THISNODE", 0, GFP_THISNODE, 12 },
		{ "GFP_DMA", 0, GFP_DMA, 7 },
		{ "GFP_DMA32|GFP_NOFS", 0, GFP_DMA32 | GFP_NOFS, 18 },
		{ "0200", -1, 0, 0 },
		{ "GFP_BOGUS", -1, 0, 0 },
		{ "GFP_KERNEL|GFP_BOGUS", -1, 0, 11 },
		{ "", -1, 0, 0 },
		{ "GFP_KERNEL|", -1, 0, 11 },
		{ "0x20zz", -1, 0, 0 },
		{ "GFP_KERNEL|0x100000000", -1, 0, 11 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		gfp_t got = 0;
		const char *bad = NULL;
		int ret = gfp_parse(t[i].s, &got, &bad);

		ok(ret == t[i].ret && (ret || got == t[i].want) && bad == t[i].s + t[i].bad_at,
		   "gfp_parse(\"%s\"): %s (got %d, %#x, stopped at %ld)", t[i].s,
		   t[i].ret ? "refused at the bad word" : "parsed whole", ret, got,
		   bad ? (long)(bad - t[i].s) : -1l);
	}
}

int main(void)
{
	test_watermark_boundaries();
	test_watermark_stages();
	test_gfp_zone();
	test_zone_restriction();
	test_thisnode();
	test_cpuset_hardwall();
	test_sleep_in_atomic();
	test_first_attempt_plan();
	test_walk_after_hint();
	test_first_attempt_plan_checked();
	test_thisnode_first_attempt();
	test_fair_pass();
	test_fair_pass_local_node();
	test_gfp_write();
	test_order_too_large();
	test_gfp_parse();
	return done_testing();
}
