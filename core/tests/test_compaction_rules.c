// SPDX-License-Identifier: GPL-2.0
/*
 * test_compaction_rules.c - v4.2's tests of whether compaction is worth
 * running, with hand-computed values: fragmentation_index (-1000 when a
 * block is free, 0 when nothing is, else 1000 - (1000 + free_pages * 1000 /
 * requested) / free_blocks_total) and compaction_suitable (PARTIAL when the
 * order's low watermark holds, SKIPPED below low + 2 << order at order 0 or
 * when the index is at most extfrag_threshold, else CONTINUE), and
 * compaction_restarting after the longest deferral.
 *
 * Each case fills a copy of a real zone by hand (watermarks, free counts per
 * order, NR_FREE_PAGES): the functions only read those, the model is not
 * changed.
 */
#include <string.h>
#include "../internal.h"
#include "tap.h"

/* A copy of zone with low mark 100, no reserve, and nr[o] free blocks of order o. */
static struct zone fake(const struct zone *zone, const long *nr, unsigned n)
{
	struct zone z = *zone;
	long pages = 0;

	z.watermark[WMARK_MIN] = 80;
	z.watermark[WMARK_LOW] = 100;
	z.watermark[WMARK_HIGH] = 120;
	memset(z.lowmem_reserve, 0, sizeof(z.lowmem_reserve));
	for (unsigned o = 0; o < MAX_ORDER_LIMIT; o++) {
		z.free_area[o].nr_free = o < n ? nr[o] : 0;
		pages += z.free_area[o].nr_free << o;
	}
	z.vm_stat[NR_FREE_PAGES] = pages;
	return z;
}

/*
 * A test of fragmentation_index for order 3 (8 pages requested):
 *   nothing free                          0
 *   two order-3 blocks                    -1000 (the request would not fail)
 *   an order-5 block only                 -1000
 *   100 order-0 + 50 order-1 blocks       1000 - (1000 + 200000/8)/150 = 827
 *   10 order-2 blocks                     1000 - (1000 + 40000/8)/10   = 400
 *   8 order-0 blocks                      1000 - (1000 + 8000/8)/8     = 750
 */
static void test_fragmentation_index(struct model *m, const struct zone *zone)
{
	static const struct { long nr[6]; int want; const char *what; } t[] = {
		{ { 0 }, 0, "nothing free" },
		{ { 0, 0, 0, 2 }, -1000, "two order-3 blocks" },
		{ { 0, 0, 0, 0, 0, 1 }, -1000, "an order-5 block" },
		{ { 100, 50 }, 827, "100 order-0 and 50 order-1 blocks" },
		{ { 0, 0, 10 }, 400, "10 order-2 blocks" },
		{ { 8 }, 750, "8 order-0 blocks" },
	};

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct zone z = fake(zone, t[i].nr, 6);
		int got = fragmentation_index(m, &z, 3);

		ok(got == t[i].want, "fragmentation_index(order 3), %s: %d (got %d)", t[i].what,
		   t[i].want, got);
	}
}

/*
 * A test of compaction_suitable at order 3, low mark 100, no flags:
 *   20 order-3 + 140 order-0 (300 free): the order-3 watermark holds: PARTIAL
 *   116 order-0: not 116 > 100 + 2 << 3 at order 0: SKIPPED
 *   117 order-0: enough to migrate into, index 1000 - 15625/117 = 867 > 500: CONTINUE
 *   40 order-2 (160 free): index 1000 - 21000/40 = 475 <= 500: SKIPPED (lack of
 *   memory, not fragmentation); with extfrag_threshold 474: CONTINUE
 *   order -1 (compact everything, /proc/sys/vm/compact_memory): CONTINUE
 */
static void test_compaction_suitable(struct model *m, const struct zone *zone)
{
	static const long partial[4] = { 140, 0, 0, 20 }, short116[1] = { 116 },
			  enough117[1] = { 117 }, big[3] = { 0, 0, 40 };
	int cz = zone->idx, threshold = m->cfg.extfrag_threshold;
	struct zone z;

	z = fake(zone, partial, 4);
	ok(compaction_suitable(m, &z, 3, 0, cz) == COMPACT_PARTIAL,
	   "order-3 watermark met: COMPACT_PARTIAL");
	z = fake(zone, short116, 1);
	ok(compaction_suitable(m, &z, 3, 0, cz) == COMPACT_SKIPPED,
	   "116 free, not above low + 2 << 3: COMPACT_SKIPPED");
	z = fake(zone, enough117, 1);
	ok(compaction_suitable(m, &z, 3, 0, cz) == COMPACT_CONTINUE,
	   "117 order-0 pages free, index 867: COMPACT_CONTINUE");
	z = fake(zone, big, 3);
	ok(fragmentation_index(m, &z, 3) == 475 && compaction_suitable(m, &z, 3, 0, cz) == COMPACT_SKIPPED,
	   "40 order-2 blocks, index 475 <= extfrag_threshold 500: COMPACT_SKIPPED");
	m->cfg.extfrag_threshold = 475;
	ok(compaction_suitable(m, &z, 3, 0, cz) == COMPACT_SKIPPED,
	   "index 475, extfrag_threshold 475: COMPACT_SKIPPED");
	m->cfg.extfrag_threshold = 474;
	ok(compaction_suitable(m, &z, 3, 0, cz) == COMPACT_CONTINUE,
	   "index 475, extfrag_threshold 474: COMPACT_CONTINUE");
	m->cfg.extfrag_threshold = threshold;
	z = fake(zone, short116, 1);
	ok(compaction_suitable(m, &z, -1, 0, cz) == COMPACT_CONTINUE, "order -1: COMPACT_CONTINUE");
}

/*
 * A test of compaction_restarting: a zone whose compaction failed at order 4
 * was deferred to COMPACT_MAX_DEFER_SHIFT (6) and then considered 64 times
 * restarts its scanners for order 4 and above; not for order 3, not after
 * 63 considerations, not at a smaller shift.
 */
static void test_compaction_restarting(const struct zone *zone)
{
	struct zone z = *zone;

	z.compact_order_failed = 4;
	z.compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	z.compact_considered = 1u << COMPACT_MAX_DEFER_SHIFT;
	ok(compaction_restarting(&z, 4) && compaction_restarting(&z, 9),
	   "max shift, considered 64 times: restarting at orders 4 and 9");
	ok(!compaction_restarting(&z, 3), "below the failed order: not restarting");
	z.compact_considered--;
	ok(!compaction_restarting(&z, 4), "considered 63 times: not yet");
	z.compact_defer_shift = COMPACT_MAX_DEFER_SHIFT - 1;
	z.compact_considered = 1u << COMPACT_MAX_DEFER_SHIFT;
	ok(!compaction_restarting(&z, 4), "shift below the maximum: not restarting");
}

int main(void)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	m = model_create(&c, err, sizeof(err));
	if (!ok(m != NULL, "model_create: %s", m ? "ok" : err))
		return done_testing();
	test_fragmentation_index(m, model_zone(m, 0, ZONE_NORMAL));
	test_compaction_suitable(m, model_zone(m, 0, ZONE_NORMAL));
	test_compaction_restarting(model_zone(m, 0, ZONE_NORMAL));
	model_destroy(m);
	return done_testing();
}
