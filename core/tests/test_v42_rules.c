// SPDX-License-Identifier: GPL-2.0
/* test_v42_rules.c - v4.2 rules the first model got wrong: which zones reset_alloc_batches
 * touches, the free-list type rmqueue_bulk keeps, and free_pages_check clearing state flags. */
#include "../internal.h"
#include "tap.h"
#include <string.h>

static struct model *mk(void (*f)(struct model_config *)) { struct model_config c; char e[256]; f(&c); return model_create(&c, e, sizeof e); }
static void l_default(struct model_config *c) { model_config_default(c); }
static void l_dma32(struct model_config *c) { model_config_default(c); memset(c->zones,0,sizeof c->zones);
	c->zones[0][ZONE_DMA32].pages = 8192; c->zones[0][ZONE_NORMAL].pages = 4096; c->zones[0][ZONE_MOVABLE].pages = 4096; }
static void l_32k(struct model_config *c) { model_config_default(c); memset(c->zones,0,sizeof c->zones); c->zones[0][ZONE_NORMAL].pages = 32768; }

static struct page *fast(struct model *m, gfp_t gfp, unsigned order) {
	struct alloc_context ac = { .high_zoneidx = gfp_zone(m, gfp), .migratetype = gfpflags_to_migratetype(gfp) };
	ac.zonelist = node_zonelist(m, 0, gfp);
	ac.preferred_zone = first_zones_zonelist(m, ac.zonelist, ac.high_zoneidx, &current_task(m)->mems_allowed, &ac.classzone_idx);
	return get_page_from_freelist(m, gfp | __GFP_HARDWALL, order, ALLOC_WMARK_LOW|ALLOC_CPUSET|ALLOC_FAIR, &ac);
}

int main(void) {
	/* 1. reset_alloc_batches resets only node_zones[0 .. preferred] */
	struct model *m = mk(l_dma32);
	struct zone *mov = model_zone(m, 0, ZONE_MOVABLE);
	/* deplete Movable's fair batch with movable allocations */
	for (int i = 0; i < 14; i++) fast(m, GFP_HIGHUSER_MOVABLE, 0);
	ok(test_bit_zone(mov, ZONE_FAIR_DEPLETED), "Movable depleted");
	/* deplete Normal and DMA32 with GFP_KERNEL until a reset happens */
	for (int i = 0; i < 14 + 28 + 1; i++) fast(m, GFP_KERNEL, 0);
	ok(test_bit_zone(mov, ZONE_FAIR_DEPLETED) && zone_page_state(mov, NR_ALLOC_BATCH) == 0,
	   "a GFP_KERNEL reset (preferred Normal) leaves Movable's batch and flag alone");
	model_destroy(m);

	/* 2. rmqueue_bulk keeps the type __rmqueue handed the page out as */
	m = mk(l_32k);
	{
		struct zone *z = model_zone(m, 0, ZONE_NORMAL);
		unsigned long p = PFN_NONE; struct page *pg;
		/* take every MOVABLE block */
		for (int o = m->max_order - 1; o >= 0; o--)
			while (!list_empty(m, z->free_area[o].free_list[MIGRATE_MOVABLE])) {
				pg = __rmqueue(m, z, o, MIGRATE_MOVABLE);
				__mod_zone_page_state(z, NR_FREE_PAGES, -(1l << o));
				if (o >= 9 && p == PFN_NONE && get_pageblock_migratetype(m, pg) == MIGRATE_MOVABLE) p = page_to_pfn(m, pg);
			}
		/* give back 16 scattered order-0 pages of one MOVABLE pageblock (< half) */
		for (int i = 0; i < 16; i++) { __mod_zone_page_state(z, NR_FREE_PAGES, 1);
			__free_one_page(m, pfn_to_page(m, p + 2 * i), p + 2 * i, z, 0, MIGRATE_MOVABLE); }
		pg = fast(m, GFP_KERNEL, 0);	/* UNMOVABLE refill of batch 7 steals without claiming */
		ok(pg && get_pageblock_migratetype(m, pg) == MIGRATE_MOVABLE, "pageblock not claimed");
		{ uint32_t pos; bool all = true;
		  list_for_each_id(m, pos, z->pcp[0].lists[MIGRATE_UNMOVABLE])
			all &= pfn_to_page(m, pos)->index == MIGRATE_UNMOVABLE;
		  ok(all, "pcp pages keep freepage type UNMOVABLE (as __rmqueue_fallback set it)"); }
	}
	model_destroy(m);

	/* 3. free_pages_check clears PAGE_FLAGS_CHECK_AT_PREP on a good page */
	m = mk(l_default);
	{
		int h = model_alloc(m, 0, GFP_KERNEL, 2);
		unsigned long pfn = m->handles[h].pfn;
		SetPageFlag(m, pfn_to_page(m, pfn), PG_referenced);
		SetPageFlag(m, pfn_to_page(m, pfn + 1), PG_uptodate);
		model_free(m, h);
		ok(m->warn_count[WARN_BAD_PAGE] == 0, "freeing a referenced/uptodate page is not a bad page");
		/* a DEBUG=0 build does not walk the tails of a block it frees (README) */
		ok(!(pfn_to_page(m, pfn)->flags & PAGE_FLAGS_CHECK_AT_PREP) &&
		   (DEBUG < 1 || !(pfn_to_page(m, pfn + 1)->flags & PAGE_FLAGS_CHECK_AT_PREP)),
		   "the flags are cleared at free");
		h = model_alloc(m, 0, GFP_KERNEL, 2);
		ok(m->warn_count[WARN_BAD_PAGE] == 0, "the block is handed out again without a bad-page report");
	}
	model_destroy(m);
	return done_testing();
}
