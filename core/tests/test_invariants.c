// SPDX-License-Identifier: GPL-2.0
/*
 * test_invariants.c - the merge invariant of the buddy walker: no two free
 * buddies of one order may sit apart on the free lists.
 */
#include <string.h>
#include "../internal.h"
#include "tap.h"

int main(void)
{
	struct model_config c;
	char err[256];
	struct model *m;
	struct zone *z;
	unsigned long pfn;
	struct page *p;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	c.zones[0][ZONE_NORMAL].pages = 64;
	c.max_order = 4;
	c.pageblock_order = 2;
	m = model_create(&c, err, sizeof(err));
	if (!ok(m != NULL, "model created"))
		return done_testing();
	z = model_zone(m, 0, ZONE_NORMAL);

	/* A test that walks a freshly set up zone. Expect no finding. */
	ok(check_buddy_is_valid(m), "fresh zone: buddy walker passes");

	/*
	 * A test that splits a free order-3 block into its two order-2 halves by
	 * hand, both left free on the lists:
	 *
	 *   [ order-2 free ][ order-2 free ]   <- buddies that should have merged
	 *
	 * Expect buddy-corrupt:unmerged-buddies.
	 */
	pfn = list_first(m, z->free_area[3].free_list[MIGRATE_MOVABLE]);
	if (!pfn_valid(m, pfn))
		pfn = list_first(m, z->free_area[3].free_list[MIGRATE_RESERVE]);
	ok(pfn_valid(m, pfn), "found a free order-3 block at %#lx", pfn);
	p = pfn_to_page(m, pfn);
	list_del(m, (uint32_t)pfn);
	z->free_area[3].nr_free--;
	page_touch(m, p);
	p->private = 2;
	list_add(m, (uint32_t)pfn, z->free_area[2].free_list[MIGRATE_MOVABLE]);
	page_touch(m, p + 4);
	p[4].private = 2;
	p[4]._mapcount = PAGE_BUDDY_MAPCOUNT_VALUE;
	list_add(m, (uint32_t)pfn + 4, z->free_area[2].free_list[MIGRATE_MOVABLE]);
	z->free_area[2].nr_free += 2;
	ok(check_cheap(m), "the counters still agree (the cheap check cannot see it)");
	ok(!check_buddy_is_valid(m), "the walker fires");
	is(m->verdict.kind, V_BUDDY_CORRUPT, "verdict buddy-corrupt");
	ok(strstr(m->verdict.sig, "unmerged-buddies") != NULL, "signature %s", m->verdict.sig);

	/* Near miss: after a reset the same zone passes again. */
	model_reset(m);
	ok(check_buddy_is_valid(m) && m->verdict.kind == V_OK, "after reset: passes");
	model_destroy(m);
	return done_testing();
}
