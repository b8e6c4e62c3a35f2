// SPDX-License-Identifier: GPL-2.0
/*
 * test_pcp.c - the per-cpu page lists of v4.2: batch refill from the buddy
 * (rmqueue_bulk), hot and cold ends, the high mark draining a batch
 * (free_pcppages_bulk, round robin over the lists), drain_all_pages / drain_local_pages /
 * model_drain_all, NR_FREE_PAGES not counting pcp pages, and the reset of
 * NR_PAGES_SCANNED when pages reach the buddy, over several layouts.
 */
#include <string.h>
#include "../internal.h"
#include "layouts.h"
#include "tap.h"

/* DMA32 32768 + Normal 32768: batch 32/4 = 8 -> rounddown_pow_of_two(12) - 1 = 7, high 42 */
static void layout_dma32_32k(struct model_config *c)
{
	empty(c);
	c->zones[0][ZONE_DMA32].pages = 32768;
	c->zones[0][ZONE_NORMAL].pages = 32768;
}

/* Normal 262144: batch 31, high 186; four CPUs */
static void layout_big(struct model_config *c)
{
	empty(c);
	c->nr_cpus = 4;
	c->zones[0][ZONE_NORMAL].pages = 262144;
}

static const struct layout layouts[] = {
	/* DMA 4096 (pfn 0 reserved) + Normal 4096: batch 1, high 0 (every free drains at once) */
	{ "default", layout_default },
	{ "dma32+normal 32k", layout_dma32_32k },
	/* node 0: DMA 4096 + Normal 4096 (batch 1 high 0); node 1: Normal 8192 (batch 1 high 6) */
	{ "2node", layout_2node },
	{ "big", layout_big },
};

#define for_each_populated_zone(m, nid, zid, z)					\
	for ((nid) = 0; (nid) < (m)->cfg.nr_nodes; (nid)++)			\
		for ((zid) = 0; (zid) < MAX_NR_ZONES; (zid)++)			\
			if (!populated_zone((z) = model_zone((m), (nid), (zid)))) {} else

static gfp_t movable_gfp_for(int zid)
{
	switch (zid) {
	case ZONE_DMA:		return __GFP_DMA | __GFP_MOVABLE;
	case ZONE_DMA32:	return __GFP_DMA32 | __GFP_MOVABLE;
	case ZONE_NORMAL:	return __GFP_MOVABLE;
	default:		return __GFP_HIGHMEM | __GFP_MOVABLE;
	}
}

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

static long pcp_total(struct model *m, struct zone *z)
{
	long n = 0;

	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		n += z->pcp[cpu].count;
	return n;
}

/* Held order-0 pages of handles in zone z. */
static long held_in(struct model *m, struct zone *z)
{
	long n = 0;

	for (int i = 0; i < m->nr_handles; i++)
		if (m->handles[i].in_use && zone_spans_pfn(z, m->handles[i].pfn))
			n += 1l << m->handles[i].order;
	return n;
}

/* A task on the given cpu (task 0 "init" is on cpu 0); creates it if needed. */
static int task_on_cpu(struct model *m, int cpu)
{
	for (int t = 0; t < MODEL_MAX_TASKS; t++) {
		struct task *tk = model_task(m, t);

		if (tk && tk->cpu == cpu)
			return t;
	}
	for (;;) {
		int t = model_task_create(m, "worker");

		if (t < 0)
			return -1;
		if (m->tasks[t].cpu == cpu)
			return t;
	}
}

static int alloc_on(struct model *m, int task, int nid, int zid, gfp_t extra)
{
	return model_alloc_node(m, task, nid, GFP_NOWAIT | __GFP_NOWARN | movable_gfp_for(zid) |
				extra, 0);
}

/* Frees a handle to the cold end of its task's pcp list, as __free_pages(cold) would. */
static void free_cold(struct model *m, int h)
{
	struct page *page = pfn_to_page(m, m->handles[h].pfn);

	m->handles[h].in_use = false;
	handle_note(m, h);
	m->current = m->handles[h].task;
	set_page_count(m, page, page_count(page) - 1);
	free_hot_cold_page(m, page, true);
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

/*
 * A test that allocates one order-0 MOVABLE page from a fresh zone on cpu 0,
 * hot and then cold.  Expect rmqueue_bulk to take `batch` pages from the
 * buddy in the order __rmqueue hands them out (p1 .. pb), NR_FREE_PAGES to
 * drop by batch although one page is held, pcp->count == batch - 1, and:
 *   hot:  list [p1 p2 .. pb], the page is the head p1, [p2 .. pb] remain;
 *   cold: list [pb .. p2 p1], the page is the tail p1, [pb .. p2] remain.
 * Every page left on the pcp has _count 0 and is not PageBuddy, and the
 * cheap check and page conservation hold.
 */
static void test_refill(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		for (int cold = 0; cold < 2; cold++) {
			int batch = z->pcp[0].batch;
			unsigned long want[64];
			long free0;
			int h, n = 0;
			bool order_ok = true, state_ok = true;
			uint32_t list, pos;

			model_reset(m);
			free0 = zone_page_state(z, NR_FREE_PAGES);
			for (int i = 0; i < batch && i < 64; i++)
				want[i] = page_to_pfn(m, __rmqueue(m, z, 0, MIGRATE_MOVABLE));
			model_reset(m);
			h = alloc_on(m, 0, nid, zid, cold ? __GFP_COLD : 0);
			if (!ok(h >= 0, "%s: node %d %s %s: order-0 allocation", name, nid, z->name,
				cold ? "cold" : "hot"))
				continue;
			is(m->handles[h].pfn, want[0], "%s: node %d %s %s: the page is the first one "
			   "the buddy handed out", name, nid, z->name, cold ? "cold" : "hot");
			is(z->pcp[0].count, batch - 1, "%s: node %d %s %s: pcp count = batch - 1 = %d",
			   name, nid, z->name, cold ? "cold" : "hot", batch - 1);
			is(zone_page_state(z, NR_FREE_PAGES), free0 - batch,
			   "%s: node %d %s %s: NR_FREE_PAGES dropped by batch (%d), pcp pages not counted",
			   name, nid, z->name, cold ? "cold" : "hot", batch);
			list = z->pcp[0].lists[MIGRATE_MOVABLE];
			list_for_each_id(m, pos, list) {
				struct page *p = pfn_to_page(m, pos);
				int idx = cold ? batch - 1 - n : n + 1;

				order_ok &= idx >= 0 && idx < batch && pos == want[idx];
				state_ok &= page_count(p) == 0 && !PageBuddy(p) && zone_spans_pfn(z, pos);
				n++;
			}
			ok(n == batch - 1 && order_ok, "%s: node %d %s %s: pcp list holds the rest in "
			   "%s order", name, nid, z->name, cold ? "cold" : "hot",
			   cold ? "reverse" : "buddy");
			ok(state_ok, "%s: node %d %s %s: pcp pages have _count 0 and no PageBuddy",
			   name, nid, z->name, cold ? "cold" : "hot");
			ok(check_cheap(m) && check_conservation(m),
			   "%s: node %d %s %s: cheap check and conservation hold", name, nid, z->name,
			   cold ? "cold" : "hot");
		}
	}
}

/*
 * A test that frees one page hot and one cold on a pcp with room
 * (high >= 3).  Expect the hot one at the list head and the cold one at the
 * tail; a hot allocation then returns the hot one and a __GFP_COLD
 * allocation the cold one.
 *
 *   pcp MOVABLE list:  [ hot | ... refill leftovers ... | cold ]
 */
static void test_hot_cold_ends(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid, tested = 0;

	for_each_populated_zone(m, nid, zid, z) {
		int a, b, c, d;
		unsigned long pa, pb;
		uint32_t list = z->pcp[0].lists[MIGRATE_MOVABLE];

		if (z->pcp[0].high < 3 + z->pcp[0].batch)
			continue;
		model_reset(m);
		a = alloc_on(m, 0, nid, zid, 0);
		b = alloc_on(m, 0, nid, zid, 0);
		if (!ok(a >= 0 && b >= 0, "%s: node %d %s: two pages", name, nid, z->name))
			continue;
		pa = m->handles[a].pfn;
		pb = m->handles[b].pfn;
		model_free(m, a);
		free_cold(m, b);
		ok(list_first(m, list) == pa, "%s: node %d %s: a hot free goes to the head", name, nid,
		   z->name);
		ok(list_last(m, list) == pb, "%s: node %d %s: a cold free goes to the tail", name, nid,
		   z->name);
		c = alloc_on(m, 0, nid, zid, 0);
		d = alloc_on(m, 0, nid, zid, __GFP_COLD);
		ok(c >= 0 && m->handles[c].pfn == pa, "%s: node %d %s: a hot allocation takes the head",
		   name, nid, z->name);
		ok(d >= 0 && m->handles[d].pfn == pb,
		   "%s: node %d %s: a __GFP_COLD allocation takes the tail", name, nid, z->name);
		ok(check_conservation(m), "%s: node %d %s: conservation", name, nid, z->name);
		tested++;
	}
	if (!tested)
		diag("%s: no zone with pcp high >= batch + 3: hot/cold ends not exercised", name);
}

/*
 * A test that holds N = high + 2 * batch + 3 order-0 pages, drains, and
 * frees them one by one on cpu 0.  Expect after each free
 *   count' = count + 1, minus batch when it reaches high
 * (free_pcppages_bulk), NR_FREE_PAGES + pcp pages + held pages == the
 * pristine free count throughout, and, right after the first bulk free,
 * the batch coldest (first freed) pages gone from the list and the
 * high - batch most recent still there, newest at the head.
 */
static void test_high_mark(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		int high = z->pcp[0].high, batch = z->pcp[0].batch;
		int n = high + 2 * batch + 3, count = 0, *h;
		long free0;
		bool counts = true, sums = true, first_bulk_ok = true;
		bool first_bulk_seen = false;

		model_reset(m);
		free0 = zone_page_state(z, NR_FREE_PAGES);
		h = calloc((size_t)n, sizeof(*h));
		for (int i = 0; i < n; i++)
			h[i] = alloc_on(m, 0, nid, zid, 0);
		for (int i = 0; i < n; i++)
			if (h[i] < 0 || !zone_spans_pfn(z, m->handles[h[i]].pfn))
				counts = false;
		if (!ok(counts, "%s: node %d %s: %d pages allocated in the zone", name, nid, z->name, n)) {
			free(h);
			continue;
		}
		model_drain_all(m);
		ok(pcp_total(m, z) == 0 && zone_page_state(z, NR_FREE_PAGES) == free0 - n,
		   "%s: node %d %s: after the drain only the %d held pages are missing", name, nid,
		   z->name, n);
		for (int i = 0; i < n; i++) {
			model_free(m, h[i]);
			count++;
			if (count >= high) {
				count -= batch;
				if (!first_bulk_seen) {
					uint32_t list = z->pcp[0].lists[MIGRATE_MOVABLE];

					first_bulk_seen = true;
					/* freed i+1 pages: the first batch went to the buddy */
					first_bulk_ok = list_len(m, list) == count;
					for (int j = 0; j < batch && j <= i; j++)
						first_bulk_ok &= !on_list(m, list, m->handles[h[j]].pfn);
					for (int j = batch; j <= i; j++)
						first_bulk_ok &= on_list(m, list, m->handles[h[j]].pfn);
					if (count > 0)
						first_bulk_ok &= list_first(m, list) == m->handles[h[i]].pfn &&
								 list_last(m, list) == m->handles[h[batch]].pfn;
				}
			}
			counts &= z->pcp[0].count == count;
			sums &= zone_page_state(z, NR_FREE_PAGES) + pcp_total(m, z) + held_in(m, z) == free0;
		}
		ok(counts, "%s: node %d %s: pcp count follows +1 per free, -batch (%d) at high (%d)",
		   name, nid, z->name, batch, high);
		ok(sums, "%s: node %d %s: NR_FREE_PAGES + pcp + held == pristine free after every free",
		   name, nid, z->name);
		ok(first_bulk_seen && first_bulk_ok, "%s: node %d %s: the high mark sends the %d coldest "
		   "pages to the buddy and keeps the newest", name, nid, z->name, batch);
		ok(check_buddy_is_valid(m) && check_conservation(m),
		   "%s: node %d %s: buddy valid, conservation", name, nid, z->name);
		free(h);
	}
}

struct drain_answer {
	unsigned pcp_drain;	/* answer to CHOICE_PCP_DRAIN */
	unsigned asked;
};

static unsigned drain_answer(void *priv, const struct choice_query *q)
{
	struct drain_answer *a = priv;

	if (q->id != CHOICE_PCP_DRAIN)
		return q->dflt;
	a->asked++;
	return a->pcp_drain;
}

/* Puts pages on every CPU's pcp of zone z: two allocations and one free per CPU. */
static bool fill_all_cpus(struct model *m, int nid, int zid, struct zone *z)
{
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
		int t = task_on_cpu(m, cpu), a, b;

		if (t < 0)
			return false;
		a = model_alloc_node(m, t, nid, GFP_NOWAIT | movable_gfp_for(zid), 0);
		b = model_alloc_node(m, t, nid, GFP_NOWAIT | movable_gfp_for(zid), 0);
		if (a < 0 || b < 0)
			return false;
		model_free(m, a);
	}
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if (z->pcp[cpu].count == 0)
			return false;
	return true;
}

/*
 * A test that puts pages on every CPU's pcp list and drains.  Expect
 * drain_all_pages(NULL) to empty every CPU when the IPIs arrive; with the
 * IPI lost [CHOICE_PCP_DRAIN = 1] only the calling CPU's lists to empty;
 * drain_local_pages to empty only the caller's; model_drain_all to empty
 * every CPU regardless; and NR_FREE_PAGES to take the pages back each time.
 */
static void test_drain(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid, tested = 0;

	for_each_populated_zone(m, nid, zid, z) {
		struct drain_answer ans = { 0 };
		struct choice_answerer a = { .answer = drain_answer, .priv = &ans };
		long free0, others;

		model_reset(m);
		if (!fill_all_cpus(m, nid, zid, z))
			continue;
		tested++;
		free0 = zone_page_state(z, NR_FREE_PAGES);
		others = pcp_total(m, z) - z->pcp[0].count;
		/* IPI lost: only cpu 0 (task 0's) drains */
		ans.pcp_drain = 1;
		choice_set_answerer(m, &a);
		m->current = 0;
		drain_all_pages(m, NULL);
		ok(ans.asked == 1 && z->pcp[0].count == 0 && pcp_total(m, z) == others && others > 0,
		   "%s: node %d %s: IPI lost: drain_all_pages empties only the calling CPU", name,
		   nid, z->name);
		/* IPIs arrive: everyone drains */
		ans.pcp_drain = 0;
		drain_all_pages(m, NULL);
		ok(pcp_total(m, z) == 0, "%s: node %d %s: drain_all_pages empties every CPU", name,
		   nid, z->name);
		is(zone_page_state(z, NR_FREE_PAGES) + held_in(m, z), z->managed_pages,
		   "%s: node %d %s: every page not held is back in NR_FREE_PAGES", name, nid, z->name);
		ok(zone_page_state(z, NR_FREE_PAGES) > free0, "%s: node %d %s: the drain raised "
		   "NR_FREE_PAGES", name, nid, z->name);
		ok(check_buddy_is_valid(m) && check_conservation(m),
		   "%s: node %d %s: buddy valid, conservation", name, nid, z->name);

		/* drain_local_pages: the caller's CPU only */
		model_reset(m);
		if (!fill_all_cpus(m, nid, zid, z))
			continue;
		others = pcp_total(m, z) - z->pcp[0].count;
		m->current = 0;
		drain_local_pages(m, z);
		ok(z->pcp[0].count == 0 && pcp_total(m, z) == others,
		   "%s: node %d %s: drain_local_pages empties only the calling CPU", name, nid, z->name);
		model_drain_all(m);
		ok(pcp_total(m, z) == 0 && check_conservation(m),
		   "%s: node %d %s: model_drain_all empties every CPU", name, nid, z->name);
	}
	if (!tested)
		diag("%s: no zone keeps pages on every CPU's pcp: drains not exercised", name);
}

/*
 * A test that sets NR_PAGES_SCANNED and frees pages.  Expect a free that
 * stays on the pcp (count < high) to leave it alone, and a drain of the
 * pcp (free_pcppages_bulk) or a high-order free (free_one_page) to reset
 * it to 0: every page reaching the buddy makes the zone reclaimable again.
 */
static void test_pages_scanned(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		int a, b;

		model_reset(m);
		a = alloc_on(m, 0, nid, zid, 0);
		b = model_alloc_node(m, 0, nid, GFP_NOWAIT | movable_gfp_for(zid), 1);
		if (!ok(a >= 0 && b >= 0, "%s: node %d %s: an order-0 and an order-1 page", name, nid,
			z->name))
			continue;
		z->vm_stat[NR_PAGES_SCANNED] = 100;
		model_free(m, a);
		if (z->pcp[0].count > 0) {
			is(zone_page_state(z, NR_PAGES_SCANNED), 100,
			   "%s: node %d %s: a free that stays on the pcp keeps pages_scanned", name, nid,
			   z->name);
			model_drain_all(m);
		}
		is(zone_page_state(z, NR_PAGES_SCANNED), 0,
		   "%s: node %d %s: pages reaching the buddy from the pcp reset pages_scanned", name,
		   nid, z->name);
		z->vm_stat[NR_PAGES_SCANNED] = 100;
		model_free(m, b);
		is(zone_page_state(z, NR_PAGES_SCANNED), 0,
		   "%s: node %d %s: an order-1 free (free_one_page) resets pages_scanned", name, nid,
		   z->name);
	}
}

static long reserve_pages(struct model *m, struct zone *z)
{
	long n = 0;

	for (unsigned o = 0; o < m->max_order; o++)
		n += list_len(m, z->free_area[o].free_list[MIGRATE_RESERVE]) << o;
	return n;
}

/*
 * A test that frees an order-0 page of a MIGRATE_RESERVE pageblock through
 * the pcp.  Expect it on the MOVABLE pcp list (RESERVE is treated as
 * movable there) with freepage type RESERVE, and back on a RESERVE free list
 * once drained.
 */
static void test_reserve_page_on_pcp(struct model *m, const char *name)
{
	struct zone *z;
	int nid, zid;

	for_each_populated_zone(m, nid, zid, z) {
		struct page *page;
		unsigned long pfn;
		long res0;

		model_reset(m);
		res0 = reserve_pages(m, z);
		page = __rmqueue(m, z, 0, MIGRATE_RESERVE);
		if (!page)
			continue;
		__mod_zone_page_state(z, NR_FREE_PAGES, -1);
		pfn = page_to_pfn(m, page);
		if (get_pfnblock_migratetype(m, pfn) != MIGRATE_RESERVE)
			continue;
		set_page_count(m, page, 1);
		m->current = 0;
		__free_pages(m, page, 0);
		if (z->pcp[0].high > 1)
			ok(on_list(m, z->pcp[0].lists[MIGRATE_MOVABLE], pfn) &&
			   page->index == MIGRATE_RESERVE,
			   "%s: node %d %s: a RESERVE page goes on the MOVABLE pcp list, freepage type "
			   "RESERVE", name, nid, z->name);
		model_drain_all(m);
		is(reserve_pages(m, z), res0, "%s: node %d %s: drained, the page is back on the "
		   "RESERVE free lists", name, nid, z->name);
		ok(check_buddy_is_valid(m), "%s: node %d %s: buddy valid", name, nid, z->name);
	}
}

/*
 * A test of free_pcppages_bulk's round robin on the big layout (batch 31):
 * with pages on the UNMOVABLE and MOVABLE lists and the RECLAIMABLE list
 * empty, each pass moves to the next list and frees as many pages as lists
 * it stepped over (batch_free), so the list after the empty one gives two
 * pages for every one of the other: 21 movable and 10 unmovable of the 31.
 * A pass that finds only one list non-empty frees the rest from it.
 */
static void test_bulk_round_robin(struct model *m, const char *name)
{
	struct zone *z = model_zone(m, 0, ZONE_NORMAL);
	struct per_cpu_pages *pcp = &z->pcp[0];
	int n = pcp->high, hu[200], hm[200], k = 0;
	int u0, m0, u1, m1;

	if (strcmp(name, "big") || pcp->batch != 31 || n / 2 + 1 > 200)
		return;
	model_reset(m);
	for (int i = 0; i <= n / 2; i++) {
		hu[i] = model_alloc_node(m, 0, 0, GFP_NOWAIT | __GFP_NOWARN, 0);
		hm[i] = model_alloc_node(m, 0, 0, GFP_NOWAIT | __GFP_NOWARN | __GFP_MOVABLE, 0);
	}
	model_drain_all(m);
	/* alternate the two types until one more free reaches the high mark */
	while (pcp->count < n - 1) {
		model_free(m, (k & 1) ? hm[k / 2] : hu[k / 2]);
		k++;
	}
	u0 = list_len(m, pcp->lists[MIGRATE_UNMOVABLE]);
	m0 = list_len(m, pcp->lists[MIGRATE_MOVABLE]);
	model_free(m, (k & 1) ? hm[k / 2] : hu[k / 2]);	/* the free that drains a batch */
	u0 += !(k & 1);
	m0 += k & 1;
	u1 = list_len(m, pcp->lists[MIGRATE_UNMOVABLE]);
	m1 = list_len(m, pcp->lists[MIGRATE_MOVABLE]);
	ok(u0 - u1 == 10 && m0 - m1 == 21 && pcp->count == u1 + m1,
	   "%s: a batch of 31 from the unmovable (%d) and movable (%d) lists, reclaimable empty: "
	   "expect 10 unmovable and 21 movable pages freed (got %d and %d)", name, u0, m0,
	   u0 - u1, m0 - m1);

	/* only the unmovable list holds pages: the batch comes from it alone */
	model_reset(m);
	for (int i = 0; i < n && i < 200; i++)
		hu[i] = model_alloc_node(m, 0, 0, GFP_NOWAIT | __GFP_NOWARN, 0);
	model_drain_all(m);
	for (k = 0; pcp->count < n - 1 && k < 200; k++)
		model_free(m, hu[k]);
	u0 = list_len(m, pcp->lists[MIGRATE_UNMOVABLE]) + 1;
	model_free(m, hu[k]);
	u1 = list_len(m, pcp->lists[MIGRATE_UNMOVABLE]);
	ok(u0 - u1 == 31 && pcp->count == u1,
	   "%s: a batch of 31 with only the unmovable list filled: all 31 from it (got %d)", name,
	   u0 - u1);
}

int main(void)
{
	for (int i = 0; i < NR_LAYOUTS; i++) {
		struct model *m = create(&layouts[i]);
		const char *name = layouts[i].name;

		if (!ok(m != NULL, "%s: model_create", name))
			continue;
		test_refill(m, name);
		test_hot_cold_ends(m, name);
		test_high_mark(m, name);
		test_drain(m, name);
		test_pages_scanned(m, name);
		test_reserve_page_on_pcp(m, name);
		test_bulk_round_robin(m, name);
		model_destroy(m);
	}
	return done_testing();
}
