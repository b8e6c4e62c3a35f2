// SPDX-License-Identifier: GPL-2.0
/*
 * test_shape.c - the program's shaping operations (core/shape.c): fragment a
 * range of frames with a pattern, release a share of what a program holds,
 * give pages to other CPUs.  Each test says which frames it expects where,
 * then checks the buddy allocator and page conservation and tears down.
 *
 * The layout: one Normal zone of 1024 frames, MAX_ORDER 8, pageblock_order 5
 * (32-frame pageblocks), so a pattern's effect on the buddy lists and on the
 * pageblock types can be counted by hand.
 */
#include <string.h>
#include "../internal.h"
#include "tap.h"

static struct model *make_sized(unsigned long pages, int max_order, int pageblock_order)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	c.zones[0][ZONE_NORMAL].pages = pages;
	c.max_order = max_order;
	c.pageblock_order = pageblock_order;
	c.debug = 3;
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("model_create: %s", err);
	return m;
}

static struct model *make(void)
{
	return make_sized(1024, 8, 5);
}

static struct zone *normal(struct model *m)
{
	return model_zone(m, 0, ZONE_NORMAL);
}

static long free_pages(struct model *m)
{
	return zone_page_state(normal(m), NR_FREE_PAGES);
}

/* The buddy lists valid, every page accounted for, then a teardown back to the start. */
static void finish(struct model *m, const char *what)
{
	bool okc = check_buddy_is_valid(m) && check_conservation(m) && !m->stopped;

	if (!okc)
		diag("%s: %s %s", what, m->verdict.sig, m->verdict.detail);
	model_teardown(m);
	ok(okc && !m->stopped, "%s: Expect valid buddy lists, conservation and a clean teardown",
	   what);
	model_destroy(m);
}

/*
 * A test that fragments the whole zone with every=8 keep=1 as unmovable
 * kernel allocations.  Expect 128 frames taken, exactly those with
 * pfn % 8 == 0, each a handle of order 0; free pages down by 128; no free
 * block above order 2 left (the holes are 7 frames: 1 + 2 + 4); every
 * pageblock MIGRATE_UNMOVABLE.
 */
static void test_fragment_unmovable(void)
{
	struct model *m = make();
	int a = model_task_create(m, "A"), handles[256], obj, wrong = 0, mt_wrong = 0;
	unsigned long lo = normal(m)->zone_start_pfn, hi = zone_end_pfn(normal(m));
	long before = free_pages(m), n;

	n = model_fragment(m, a, lo, hi, 8, 1, SHAPE_UNMOVABLE, handles, 256, &obj);
	is(n, 128, "fragment every=8 keep=1 unmovable: 128 frames taken (%ld)", n);
	for (long i = 0; i < n; i++) {
		const struct handle *h = &m->handles[handles[i]];

		wrong += h->pfn % 8 != 0 || h->order != 0 || h->task != a;
	}
	is(wrong, 0, "Expect each a frame with pfn %% 8 == 0, order 0, owned by A");
	is(before - free_pages(m), 128, "Expect free pages down by 128");
	for (unsigned o = 3; o < m->max_order; o++)
		if (normal(m)->free_area[o].nr_free)
			wrong++;
	is(wrong, 0, "Expect no free block of order 3 or more (holes of 7 frames)");
	for (unsigned long p = lo; p < hi; p += m->pageblock_nr_pages)
		mt_wrong += get_pfnblock_migratetype(m, p) != MIGRATE_UNMOVABLE;
	is(mt_wrong, 0, "Expect every pageblock MIGRATE_UNMOVABLE");
	is(obj, -1, "Expect no file or vma made for a kernel kind");
	finish(m, "fragment unmovable");
}

/*
 * A test that fragments frames 0x40-0xbf with every=4 keep=2 as page cache,
 * then as anonymous memory over 0x100-0x17f with every=2.  Expect 64 file
 * pages, clean, on the inactive file list, at frames with pfn % 4 < 2; then 64
 * anonymous pages of a new vma on the active anon list, each mapped at a
 * frame with an even pfn.
 */
static void test_fragment_file_anon(void)
{
	struct model *m = make();
	int a = model_task_create(m, "A"), file = -1, vma = -1, wrong = 0;
	long n;

	n = model_fragment(m, a, 0x40, 0xc0, 4, 2, SHAPE_FILE, NULL, 0, &file);
	is(n, 64, "fragment 0x40-0xbf every=4 keep=2 file: 64 frames (%ld)", n);
	ok(file >= 0 && zone_page_state(normal(m), NR_FILE_PAGES) == 64 &&
	   zone_page_state(normal(m), NR_INACTIVE_FILE) == 64 &&
	   !zone_page_state(normal(m), NR_FILE_DIRTY),
	   "Expect a new file of 64 clean pages on the inactive file list");
	for (unsigned long i = 0; i < 64 && file >= 0; i++) {
		struct page *page = find_get_page(m, file, i);

		wrong += !page || page_to_pfn(m, page) % 4 >= 2 || page_to_pfn(m, page) < 0x40 ||
			 page_to_pfn(m, page) >= 0xc0;
		if (page)
			put_page(m, page);
	}
	is(wrong, 0, "Expect each file page at a frame with pfn %% 4 < 2 in the range");
	n = model_fragment(m, a, 0x100, 0x180, 2, 1, SHAPE_ANON, NULL, 0, &vma);
	is(n, 64, "fragment 0x100-0x17f every=2 anon: 64 frames (%ld)", n);
	ok(vma >= 0 && world_mm_anon_rss(m, a) == 64 &&
	   zone_page_state(normal(m), NR_ACTIVE_ANON) == 64,
	   "Expect a vma of 64 anonymous pages, A's rss 64, on the active anon list");
	wrong = 0;
	for (unsigned long i = 0; i < 64 && vma >= 0; i++) {
		const struct vma *v = vma_of(m, a, vma);
		uint32_t pte = m->w->pte[v->pte + i];
		unsigned long pfn = pte & PTE_VAL_MASK;

		wrong += !(pte & PTE_PRESENT) || pfn % 2 || pfn < 0x100 || pfn >= 0x180;
	}
	is(wrong, 0, "Expect each mapped at an even frame of the range");
	finish(m, "fragment file and anon");
}

/*
 * A test that fills the zone (blocks of every order, largest first) and
 * releases every=4 keep=1 of it.  Expect the frames with pfn % 4 != 0 free
 * again (768 of 1024, less what the fill could not take), the kept ones
 * order-0 handles, and the group's blocks split where they held both.
 */
static void test_release(void)
{
	struct model *m = make();
	int a = model_task_create(m, "A"), hs[1024], n = 0, wrong = 0;
	long free0, freed;

	for (int order = (int)m->max_order - 1; order >= 0; order--) {
		int h;

		while (n < 1024 && (h = model_alloc(m, a, GFP_ATOMIC | __GFP_NOWARN, (unsigned)order)) >= 0)
			hs[n++] = h;
	}
	model_drain_all(m);
	free0 = free_pages(m);
	n = model_release(m, hs, n, 1024, 4, 1);
	freed = free_pages(m) - free0;
	for (int i = 0; i < n; i++)
		wrong += m->handles[hs[i]].pfn % 4 != 0 || m->handles[hs[i]].order != 0;
	is(wrong, 0, "release every=4 keep=1: the handles left are order-0 frames with pfn %% 4 == 0");
	ok(freed >= 3 * (n - 2) && freed <= 3 * (n + 2) + 3,
	   "Expect three frames freed for each one kept (%ld freed, %d kept)", freed, n);
	finish(m, "release");
}

/*
 * A test that gives 64 order-0 frames to other CPUs with yield_free 16, then
 * answers one yield with `free`.  Expect 16 of them freed at that yield, not
 * one; with the default, one.
 */
static unsigned answer_free(void *priv, const struct choice_query *q)
{
	(void)priv;
	return q->id == CHOICE_YIELD_ACTION ? YIELD_FREE : q->dflt;
}

static void test_give_yield_free(void)
{
	for (unsigned batch = 0; batch <= 16; batch += 16) {
		struct model *m = make();
		int a = model_task_create(m, "A"), hs[64], obj;
		struct choice_answerer an = { answer_free, NULL, NULL };
		long n, before;

		n = model_fragment(m, a, 0, 1024, 16, 1, SHAPE_UNMOVABLE, hs, 64, &obj);
		is(model_give(m, hs, (int)n), 64, "give 64 frames to other CPUs (%ld)", n);
		m->other_free_batch = batch;
		model_drain_all(m);
		before = free_pages(m);
		choice_set_answerer(m, &an);
		m->current = a;
		cond_resched(m);
		choice_set_answerer(m, NULL);
		model_drain_all(m);
		is(free_pages(m) - before, batch ? 16 : 1, "a yield answered `free` with yield_free %u: "
		   "Expect %u frames freed", batch, batch ? 16 : 1);
		finish(m, batch ? "give, yield_free 16" : "give, default");
	}
}

/*
 * take_free_range against take_free_page called for each kept frame: two
 * models of the same layout are shaped alike (random allocations of every
 * order, a random share freed again, so the free lists hold blocks of every
 * order in an order frees made), then one takes a random pattern frame by
 * frame and the other takes it in one call.  Expect the same frames and the
 * same state: every frame and list head (all but the harness's marks), every
 * zone's free counts and counters; then, with the frames given back, valid
 * buddy lists and the incremental state hash equal to a full one (the marks
 * cover every change).
 */

static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return *x >> 33;
}

static void shape_alike(struct model *m, uint64_t seed)
{
	int a = model_task_create(m, "A"), hs[4096], n = 0;
	uint64_t x = seed;

	for (int i = 0; i < 3000 && n < 4096; i++) {
		int h = model_alloc(m, a, GFP_ATOMIC | __GFP_NOWARN,
				    (unsigned)(lcg(&x) % (uint64_t)m->max_order));

		if (h >= 0)
			hs[n++] = h;
	}
	for (int i = 0; i < n; i++)
		if (lcg(&x) % 3)
			model_free(m, hs[i]);
	model_drain_all(m);
}

/* The first difference between the two models' frames, heads and zones, or NULL. */
static const char *state_differs(struct model *a, struct model *b, unsigned long *where)
{
	unsigned long n = a->pm.nr_frames + a->pm.nr_heads;

	for (unsigned long i = 0; i < n; i++) {
		struct page p = a->pm.pages[i], q = b->pm.pages[i];

		p.mflags = q.mflags = 0;
		p.hcontrib = q.hcontrib = 0;
		*where = i;
		if (memcmp(&p, &q, sizeof(p)))
			return "a frame or list head";
	}
	for (int z = 0; z < MAX_NUMNODES * MAX_NR_ZONES; z++) {
		const struct zone *za = a->zone_of_id[z], *zb = b->zone_of_id[z];

		*where = (unsigned long)z;
		if (!za || !zb)
			continue;
		for (int o = 0; o < MAX_ORDER_LIMIT; o++)
			if (za->free_area[o].nr_free != zb->free_area[o].nr_free)
				return "a zone's free block count";
		if (memcmp(za->vm_stat, zb->vm_stat, sizeof(za->vm_stat)))
			return "a zone's counters";
	}
	return NULL;
}

static void test_take_range_matches(void)
{
	static const struct { unsigned long pages; int max_order, pb; } lay[] = {
		{ 1024, 8, 5 }, { 4096, 11, 9 }, { 1000, 6, 3 },
	};
	int bad = 0, trials = 0, hash_bad = 0, buddy_bad = 0;
	uint64_t x = 42;
	char what[160] = "";

	for (int l = 0; l < 3; l++) {
		for (int trial = 0; trial < 40; trial++) {
			struct model *ma = make_sized(lay[l].pages, lay[l].max_order, lay[l].pb);
			struct model *mb = make_sized(lay[l].pages, lay[l].max_order, lay[l].pb);
			unsigned long nr = ma->pm.nr_frames, lo, hi, every, keep, max, na = 0, nb, at = 0;
			static uint32_t fa[4096], fb[4096];
			const char *d;

			if (trial % 8) {	/* else the free lists as set up */
				shape_alike(ma, (uint64_t)trial * 7919 + (uint64_t)l);
				shape_alike(mb, (uint64_t)trial * 7919 + (uint64_t)l);
			}
			lo = lcg(&x) % nr;
			hi = lo + 1 + lcg(&x) % (nr - lo);
			every = 1 + lcg(&x) % (trial % 4 ? 9 : 300);
			keep = lcg(&x) % (every + 2);
			max = trial % 5 ? 4096 : lcg(&x) % 200;
			for (unsigned long pfn = lo; pfn < hi && na < max; pfn++)
				if (keep && pfn % every < (keep > every ? every : keep) &&
				    take_free_page(ma, pfn))
					fa[na++] = (uint32_t)pfn;
			nb = take_free_range(mb, lo, hi, (unsigned)every, (unsigned)keep, fb, max);
			trials++;
			d = na != nb || memcmp(fa, fb, na * sizeof(*fa)) ? "the frames taken" :
			    state_differs(ma, mb, &at);
			if (d) {
				if (!bad++)
					snprintf(what, sizeof(what), "layout %d trial %d [%#lx, %#lx) "
						 "every %lu keep %lu max %lu: %s (at %#lx; %lu against %lu)",
						 l, trial, lo, hi, every, keep, max, d, at, na, nb);
			}
			for (unsigned long i = 0; i < nb; i++)
				__free_pages(mb, pfn_to_page(mb, fb[i]), 0);
			model_drain_all(mb);
			hash_bad += physmem_settle(mb) != physmem_full_hash(mb);
			buddy_bad += !check_buddy_is_valid(mb);
			model_destroy(ma);
			model_destroy(mb);
		}
	}
	if (bad)
		diag("first difference: %s", what);
	is(bad, 0, "take_free_range over %d random patterns and states: Expect the frames and state "
	   "that take_free_page frame by frame leaves", trials);
	is(hash_bad, 0, "Expect the incremental state hash to equal a full one after each");
	is(buddy_bad, 0, "Expect valid buddy lists once the frames are freed again");
}

/*
 * A test of handle_slot against the rule it keeps: the lowest slot not in
 * use and not the pending one, else a new slot at the end, else -1 when all
 * MODEL_MAX_HANDLES are taken.  First random takes and gives back over the
 * first few thousand slots with a pending slot now and then, each answer
 * checked by a scan slot by slot; then the table filled, where a free slot
 * below the end is gone and each take must be the next new slot; then a
 * full table with a hundred slots given back, taken again lowest first and
 * the pending one left alone.  Expect every answer to be the rule's.
 */
static int slot_by_scan(const struct model *m)
{
	for (int i = 0; i < m->nr_handles; i++)
		if (!m->handles[i].in_use && i != m->handle_pending)
			return i;
	return m->nr_handles < MODEL_MAX_HANDLES ? m->nr_handles : -1;
}

static void take_slot(struct model *m, int h)
{
	m->handles[h].in_use = true;
	m->handles[h].task = 0;
	handle_note(m, h);
}

static void test_handle_slot_lowest(void)
{
	struct model *m = make();
	uint64_t x = 7;
	int wrong = 0, checked = 0, got, want;
	char what[120] = "";

#define SLOT_CHECK(phase) do {									checked++;									if (got != want && !wrong++)								snprintf(what, sizeof(what), "%s: slot %d, the rule says %d (pending %d, %d slots)", 				 phase, got, want, m->handle_pending, m->nr_handles); 	} while (0)

	for (int step = 0; step < 40000; step++) {
		uint64_t r = lcg(&x);

		m->handle_pending = -1;
		if (r % 16 == 1 && m->nr_handles) {
			int p = (int)(lcg(&x) % (uint64_t)m->nr_handles);

			if (!m->handles[p].in_use)
				m->handle_pending = p;
		}
		if ((r % 8 < 3 || m->nr_handles > 3000) && m->nr_handles) {
			int h = (int)(lcg(&x) % (uint64_t)m->nr_handles);

			if (m->handles[h].in_use)
				handle_release(m, h);
			continue;
		}
		want = slot_by_scan(m);
		got = handle_slot(m);
		SLOT_CHECK("random");
		if (got >= 0)
			take_slot(m, got);
	}
	m->handle_pending = -1;
	/* fill: the holes first, lowest first, then new slots one after another */
	for (int holes = 1; holes; ) {
		want = slot_by_scan(m);
		holes = want < m->nr_handles;
		got = handle_slot(m);
		SLOT_CHECK("holes");
		take_slot(m, got);
	}
	while (m->nr_handles < MODEL_MAX_HANDLES) {
		want = m->nr_handles;
		got = handle_slot(m);
		SLOT_CHECK("fill");
		take_slot(m, got);
	}
	want = -1;
	got = handle_slot(m);
	SLOT_CHECK("full");
	/* a hundred given back (some twice: once is enough), a pending one among them */
	for (int k = 0; k < 100; k++)
		handle_release(m, (int)(lcg(&x) % MODEL_MAX_HANDLES));
	m->handle_pending = slot_by_scan(m);
	for (;;) {
		want = slot_by_scan(m);
		got = handle_slot(m);
		SLOT_CHECK("given back");
		if (got < 0)
			break;
		take_slot(m, got);
	}
	is(m->handles[m->handle_pending].in_use, 0, "the pending slot stays free");
	m->handle_pending = -1;
#undef SLOT_CHECK
	if (wrong)
		diag("first difference: %s", what);
	is(wrong, 0, "Expect handle_slot to give the slot the rule gives, for each of %d requests",
	   checked);
	for (int i = 0; i < m->nr_handles; i++)
		if (m->handles[i].in_use)
			handle_release(m, i);
	finish(m, "handle_slot");
}

/*
 * A test of `release` into a handle table with two free slots.  The group:
 * B0 B1 B2 Z B3 B4, the B blocks of order 3 (8 frames, two of them kept with
 * every=8 keep=2: a block that splits takes two slots and gives its own back),
 * Z an order-1 block with no frame kept (freed whole: its slot comes back).
 * Expect B0 split (one slot left), B1 and B2 whole (no two slots), Z freed
 * (two slots again), B3 split, B4 whole: seven handles, one slot free.
 */
static void test_release_full_table(void)
{
	struct model *m = make();
	int a = model_task_create(m, "A"), g[6 * 8], nb = 0, z = -1, n, in_use = 0, pairs = 0;
	int stray[64], nstray = 0;
	static bool standin[MODEL_MAX_HANDLES];

	while (nb < 5) {
		int h = model_alloc(m, a, GFP_KERNEL | __GFP_NOWARN, 3);

		if (h < 0)
			break;
		g[nb < 3 ? nb : nb + 1] = h;
		nb++;
	}
	while (z < 0 && nstray < 64) {
		int h = model_alloc(m, a, GFP_KERNEL | __GFP_NOWARN, 1);

		if (h < 0)
			break;
		if (m->handles[h].pfn % 8 >= 2)
			z = h;
		else
			stray[nstray++] = h;
	}
	if (nb < 5 || z < 0) {
		ok(0, "release into a full table: could not set the blocks up");
		model_destroy(m);
		return;
	}
	g[3] = z;
	/* take every free slot with a stand-in, then give two back */
	for (int h; (h = handle_slot(m)) >= 0; ) {
		m->handles[h] = (struct handle){ .in_use = true, .task = (int16_t)a, .order = 0,
						 .pfn = m->handles[g[0]].pfn };
		handle_note(m, h);
		standin[h] = true;
	}
	for (int h = MODEL_MAX_HANDLES - 2; h < MODEL_MAX_HANDLES; h++) {
		handle_release(m, h);
		standin[h] = false;
	}
	n = model_release(m, g, 6, 6 * 8, 8, 2);
	for (int i = 0; i < m->nr_handles; i++)
		in_use += m->handles[i].in_use;
	for (int i = 0; i + 1 < n; i++)
		pairs += m->handles[g[i]].order == 0 && m->handles[g[i + 1]].order == 0 &&
			 m->handles[g[i]].pfn % 8 == 0 && m->handles[g[i + 1]].pfn == m->handles[g[i]].pfn + 1;
	is(n, 7, "Expect seven handles left: B0 as two frames, B1, B2, B3 as two frames, B4");
	is(pairs, 2, "Expect two blocks split into their frames 0 and 1 mod 8");
	is(MODEL_MAX_HANDLES - in_use, 1, "Expect one slot free at the end");
	/* the stand-ins go, then what the group holds and the strays */
	for (int i = 0; i < MODEL_MAX_HANDLES; i++)
		if (standin[i]) {
			handle_release(m, i);
			standin[i] = false;
		}
	for (int k = 0; k < n; k++)
		model_free(m, g[k]);
	for (int k = 0; k < nstray; k++)
		model_free(m, stray[k]);
	finish(m, "release into a full table");
}

/* A yield answered `free` with the argument priv points to. */
static unsigned answer_free_at(void *priv, const struct choice_query *q)
{
	if (q->id == CHOICE_YIELD_ACTION)
		return YIELD_FREE;
	return q->id == CHOICE_YIELD_ARG ? *(const unsigned *)priv : q->dflt;
}

/*
 * A test of which block another CPU frees: 300 frames scattered over 8192
 * handles (four of other_group's groups) are given to other CPUs, then 290
 * yields answered `free` with arguments from a generator.  Expect each yield
 * to free exactly the held block the argument picks, counted in handle order
 * (argument modulo the number held), as a walk over the whole table finds it.
 */
static void test_yield_free_picks(void)
{
	struct model *m = make_sized(16384, 8, 5);
	int a = model_task_create(m, "A"), obj, wrong = 0, given = 0, picks = 0;
	static int hs[8192], give[300];
	unsigned arg = 0;
	struct choice_answerer an = { answer_free_at, NULL, &arg };
	uint64_t x = 7;
	long n;

	n = model_fragment(m, a, 0, 16384, 2, 1, SHAPE_UNMOVABLE, hs, 8192, &obj);
	is(n, 8192, "fragment every=2: 8192 handles (%ld)", n);
	for (int i = 0; i < 300; i++)
		give[i] = hs[(i * 27 + (int)(lcg(&x) % 27)) % 8192];
	given = (int)model_give(m, give, 300);
	is(given, 300, "300 of them given to other CPUs (%d)", given);
	m->current = a;
	choice_set_answerer(m, &an);
	for (int round = 0; round < 290 && !m->stopped; round++) {
		int held[300], nr = 0, want, gone = 0;

		for (int h = 0; h < m->nr_handles; h++)
			if (m->handles[h].in_use && m->handles[h].task == -1 && nr < 300)
				held[nr++] = h;
		arg = (unsigned)(lcg(&x) % 256);
		want = held[arg % (unsigned)nr];
		cond_resched(m);
		for (int i = 0; i < nr; i++)
			if (!(m->handles[held[i]].in_use && m->handles[held[i]].task == -1))
				gone += held[i] == want ? 1 : 100;
		wrong += gone != 1;
		picks++;
	}
	choice_set_answerer(m, NULL);
	is(picks, 290, "290 yields answered `free` (%d)", picks);
	is(wrong, 0, "Expect each to free the block its argument picks in handle order, and no other");
	finish(m, "yield free picks");
}

int main(void)
{
	test_fragment_unmovable();
	test_fragment_file_anon();
	test_release();
	test_give_yield_free();
	test_yield_free_picks();
	test_take_range_matches();
	test_handle_slot_lowest();
	test_release_full_table();
	return done_testing();
}
