// SPDX-License-Identifier: GPL-2.0
/*
 * test_zones.c - zone setup against hand-computed values: min_free_kbytes,
 * watermarks, lowmem_reserve, present/managed pages with holes and reserved
 * frames, MIGRATE_RESERVE blocks, zonelists and per-cpu batch/high, for
 * several layouts (init_per_zone_wmark_min, setup_per_zone_wmarks,
 * setup_per_zone_lowmem_reserve, build_zonelists, zone_batchsize of v4.2).
 *
 * The arithmetic every expectation comes from is written beside it:
 *   min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to [128, 65536],
 *     lowmem_kbytes = sum over zones <= Normal of managed pages * 4
 *     (the high marks are still 0 when it runs);
 *   pages_min = min_free_kbytes / 4;  lowmem_pages = managed pages of every
 *     zone but HighMem;
 *   tmp = pages_min * managed / lowmem_pages;
 *   min = tmp (HighMem: managed/1024 clamped to [32, 128]);
 *   low = min + tmp/4;  high = min + tmp/2;
 *   lowmem_reserve[j] of zone i < j = (managed of zones i+1 .. j) / ratio[i],
 *     ratios DMA 256, DMA32 256, Normal 32, HighMem 32;
 *   batch = managed/1024, capped at 128 (512 KiB), /4, at least 1, then
 *     rounddown_pow_of_two(batch + batch/2) - 1;  pcp high = 6 * batch,
 *     pcp batch = max(1, batch);
 *   MIGRATE_RESERVE blocks = min(2, roundup(min, pageblock) / pageblock),
 *     the first ones from the zone start that hold no reserved frame or hole;
 *   dirty_balance_reserve = min(managed, max(lowmem_reserve[j >= i]) + high).
 */
#include <string.h>
#include "../internal.h"
#include "layouts.h"
#include "tap.h"

struct zone_want {
	int nid, zid;
	unsigned long spanned, present, managed;
	unsigned long min, low, high;
	long lowmem_reserve[MAX_NR_ZONES];
	int batch, pcp_high;
	unsigned long dirty_balance_reserve;
	int nr_reserve;			/* MIGRATE_RESERVE pageblocks */
	unsigned long reserve_pfn[2];
};

struct layout_want {
	const char *name;
	void (*setup)(struct model_config *c);
	unsigned long min_free_kbytes;
	int nr_zones;
	struct zone_want z[4];
	const char *zonelist[MAX_NUMNODES][2];	/* FALLBACK, NOFALLBACK */
};

/* Normal only, 128 frames: min_free_kbytes clamps up to 128 */
static void layout_tiny(struct model_config *c)
{
	empty(c);
	c->max_order = 5;
	c->pageblock_order = 3;
	c->zones[0][ZONE_NORMAL].pages = 128;
}

/* pfn 0 .. 4095 DMA (pfn 0 reserved), 4096 .. 12287 Normal, 12288 .. 20479 HighMem */
static void layout_highmem(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_NORMAL].pages = 8192;
	c->zones[0][ZONE_HIGHMEM].pages = 8192;
}

/* DMA 4096 (pfn 0 reserved), Normal 61440, HighMem 196608: the HighMem min clamps down */
static void layout_highmem_big(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_NORMAL].pages = 61440;
	c->zones[0][ZONE_HIGHMEM].pages = 196608;
}

/* one 1 GiB Normal zone */
static void layout_big(struct model_config *c)
{
	empty(c);
	c->zones[0][ZONE_NORMAL].pages = 262144;
}

/* the default layout with min_free_kbytes given by the configuration */
static void layout_min_free_2048(struct model_config *c)
{
	model_config_default(c);
	c->min_free_kbytes = 2048;
}

/* the default layout with lowmem_reserve_ratio[DMA] = 0, which the kernel reads as 1 */
static void layout_ratio0(struct model_config *c)
{
	model_config_default(c);
	c->lowmem_reserve_ratio[ZONE_DMA] = 0;
}

static const struct layout_want layouts[] = {
	{
		/*
		 * lowmem_kbytes = (4095 + 4096) * 4 = 32764;
		 * int_sqrt(32764 * 16 = 524224) = 724 (724^2 = 524176, 725^2 = 525625)
		 * pages_min = 181, lowmem_pages = 8191
		 */
		.name = "default", .setup = layout_default, .min_free_kbytes = 724, .nr_zones = 2,
		.z = {
			/* tmp = 181 * 4095 / 8191 = 90; low 90 + 22; high 90 + 45;
			 * lowmem_reserve[Normal..] = 4096 / 256 = 16; batch: 3/4 -> 1 -> 0;
			 * reserve: roundup(90, 512)/512 = 1, block 0 holds reserved pfn 0 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 90, 112, 135, { 0, 0, 16, 16, 16 },
			  1, 0, 16 + 135, 1, { 512 } },
			/* tmp = 181 * 4096 / 8191 = 90 */
			{ 0, ZONE_NORMAL, 4096, 4096, 4096, 90, 112, 135, { 0 },
			  1, 0, 135, 1, { 4096 } },
		},
		.zonelist = { { "Normal/0 DMA/0", "Normal/0 DMA/0" } },
	},
	{
		/* lowmem_kbytes 4096, int_sqrt(65536) = 256; pages_min 64 = tmp */
		.name = "small", .setup = layout_small, .min_free_kbytes = 256, .nr_zones = 1,
		.z = {
			/* reserve: roundup(64, 8)/8 = 8 -> 2 blocks */
			{ 0, ZONE_NORMAL, 1024, 1024, 1024, 64, 80, 96, { 0 }, 1, 0, 96, 2, { 0, 8 } },
		},
		.zonelist = { { "Normal/0", "Normal/0" } },
	},
	{
		/* lowmem_kbytes 512, int_sqrt(8192) = 90 -> clamped to 128; pages_min 32 */
		.name = "tiny", .setup = layout_tiny, .min_free_kbytes = 128, .nr_zones = 1,
		.z = {
			{ 0, ZONE_NORMAL, 128, 128, 128, 32, 40, 48, { 0 }, 1, 0, 48, 2, { 0, 8 } },
		},
		.zonelist = { { "Normal/0", "Normal/0" } },
	},
	{
		/*
		 * Normal present = 8192 - 28 - 1024 = 7140 = managed
		 * lowmem_kbytes = (4095 + 7140) * 4 = 44940; int_sqrt(719040) = 847
		 * (847^2 = 717409, 848^2 = 719104); pages_min 211; lowmem_pages 11235
		 */
		.name = "holes", .setup = layout_holes, .min_free_kbytes = 847, .nr_zones = 2,
		.z = {
			/* tmp = 211 * 4095 / 11235 = 76; low 76 + 19; high 76 + 38;
			 * lowmem_reserve = 7140 / 256 = 27 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 76, 95, 114, { 0, 0, 27, 27, 27 },
			  1, 0, 27 + 114, 1, { 512 } },
			/* tmp = 211 * 7140 / 11235 = 134; low 134 + 33; high 134 + 67;
			 * batch 7140/1024 = 6, /4 = 1 -> 0; reserve: block 4096 holds
			 * the hole at 4196, so 4608 */
			{ 0, ZONE_NORMAL, 8192, 7140, 7140, 134, 167, 201, { 0 },
			  1, 0, 201, 1, { 4608 } },
		},
		.zonelist = { { "Normal/0 DMA/0", "Normal/0 DMA/0" } },
	},
	{
		/*
		 * lowmem over node 0's fallback zonelist: 4095 + 4096 + 8192 = 16383
		 * pages = 65532 KiB; int_sqrt(1048512) = 1023 (1024^2 = 1048576)
		 * pages_min 255, lowmem_pages 16383
		 */
		.name = "2node", .setup = layout_2node, .min_free_kbytes = 1023, .nr_zones = 3,
		.z = {
			/* tmp = 255 * 4095 / 16383 = 63; low 63 + 15; high 63 + 31 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 63, 78, 94, { 0, 0, 16, 16, 16 },
			  1, 0, 16 + 94, 1, { 512 } },
			/* tmp = 255 * 4096 / 16383 = 63 */
			{ 0, ZONE_NORMAL, 4096, 4096, 4096, 63, 78, 94, { 0 }, 1, 0, 94, 1, { 4096 } },
			/* tmp = 255 * 8192 / 16383 = 127; low 127 + 31; high 127 + 63;
			 * batch 8/4 = 2 -> rounddown_pow_of_two(3) - 1 = 1, high 6 */
			{ 1, ZONE_NORMAL, 8192, 8192, 8192, 127, 158, 190, { 0 }, 1, 6, 190, 1, { 8192 } },
		},
		.zonelist = {
			{ "Normal/0 DMA/0 Normal/1", "Normal/0 DMA/0" },
			{ "Normal/1 Normal/0 DMA/0", "Normal/1" },
		},
	},
	{
		/*
		 * lowmem_kbytes over zones <= Normal: (8192 + 4096) * 4 = 49152;
		 * int_sqrt(786432) = 886 (886^2 = 784996, 887^2 = 786769); pages_min 221;
		 * lowmem_pages counts Movable too: 16384
		 */
		.name = "dma32+normal+movable", .setup = layout_dma32, .min_free_kbytes = 886,
		.nr_zones = 3,
		.z = {
			/* tmp = 221 * 8192 / 16384 = 110; low 110 + 27; high 110 + 55;
			 * lowmem_reserve: [Normal] 4096/256 = 16, [HighMem] (4096 + 0)/256 = 16,
			 * [Movable] (4096 + 0 + 4096)/256 = 32 */
			{ 0, ZONE_DMA32, 8192, 8192, 8192, 110, 137, 165, { 0, 0, 16, 16, 32 },
			  1, 6, 32 + 165, 1, { 0 } },
			/* tmp = 221 * 4096 / 16384 = 55; low 55 + 13; high 55 + 27;
			 * lowmem_reserve: [HighMem] 0/32 = 0, [Movable] (0 + 4096)/32 = 128 */
			{ 0, ZONE_NORMAL, 4096, 4096, 4096, 55, 68, 82, { 0, 0, 0, 0, 128 },
			  1, 0, 128 + 82, 1, { 8192 } },
			{ 0, ZONE_MOVABLE, 4096, 4096, 4096, 55, 68, 82, { 0 }, 1, 0, 82, 1, { 12288 } },
		},
		.zonelist = { { "Movable/0 Normal/0 DMA32/0", "Movable/0 Normal/0 DMA32/0" } },
	},
	{
		/*
		 * lowmem_kbytes = (4095 + 8192) * 4 = 49148; int_sqrt(786368) = 886;
		 * pages_min 221; lowmem_pages (HighMem left out) = 12287
		 */
		.name = "highmem", .setup = layout_highmem, .min_free_kbytes = 886, .nr_zones = 3,
		.z = {
			/* tmp = 221 * 4095 / 12287 = 73; low 73 + 18; high 73 + 36;
			 * lowmem_reserve: [Normal] 8192/256 = 32, [HighMem] 16384/256 = 64 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 73, 91, 109, { 0, 0, 32, 64, 64 },
			  1, 0, 64 + 109, 1, { 512 } },
			/* tmp = 221 * 8192 / 12287 = 147; low 147 + 36; high 147 + 73;
			 * lowmem_reserve[HighMem] = 8192/32 = 256 */
			{ 0, ZONE_NORMAL, 8192, 8192, 8192, 147, 183, 220, { 0, 0, 0, 256, 256 },
			  1, 6, 256 + 220, 1, { 4096 } },
			/* tmp = 147 as for Normal; min = clamp(8192/1024 = 8, 32, 128) = 32;
			 * low 32 + 36; high 32 + 73 */
			{ 0, ZONE_HIGHMEM, 8192, 8192, 8192, 32, 68, 105, { 0 }, 1, 6, 105, 1, { 12288 } },
		},
		.zonelist = { { "HighMem/0 Normal/0 DMA/0", "HighMem/0 Normal/0 DMA/0" } },
	},
	{
		/*
		 * lowmem_kbytes = (4095 + 61440) * 4 = 262140; int_sqrt(4194240) = 2047
		 * (2048^2 = 4194304); pages_min 511; lowmem_pages 65535
		 */
		.name = "highmem-big", .setup = layout_highmem_big, .min_free_kbytes = 2047,
		.nr_zones = 3,
		.z = {
			/* tmp = 511 * 4095 / 65535 = 31; low 31 + 7; high 31 + 15;
			 * lowmem_reserve: [Normal] 61440/256 = 240, [HighMem] 258048/256 = 1008 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 31, 38, 46, { 0, 0, 240, 1008, 1008 },
			  1, 0, 1008 + 46, 1, { 512 } },
			/* tmp = 511 * 61440 / 65535 = 479; low 479 + 119; high 479 + 239;
			 * lowmem_reserve[HighMem] = 196608/32 = 6144;
			 * batch 60/4 = 15 -> rounddown_pow_of_two(22) - 1 = 15, high 90 */
			{ 0, ZONE_NORMAL, 61440, 61440, 61440, 479, 598, 718, { 0, 0, 0, 6144, 6144 },
			  15, 90, 6144 + 718, 1, { 4096 } },
			/* tmp = 511 * 196608 / 65535 = 1533; min = clamp(192, 32, 128) = 128;
			 * low 128 + 383; high 128 + 766; batch 192 -> cap 128, /4 = 32 -> 31 */
			{ 0, ZONE_HIGHMEM, 196608, 196608, 196608, 128, 511, 894, { 0 },
			  31, 186, 894, 1, { 65536 } },
		},
		.zonelist = { { "HighMem/0 Normal/0 DMA/0", "HighMem/0 Normal/0 DMA/0" } },
	},
	{
		/* lowmem_kbytes 1048576; int_sqrt(16777216) = 4096; pages_min 1024 = tmp */
		.name = "big", .setup = layout_big, .min_free_kbytes = 4096, .nr_zones = 1,
		.z = {
			/* low 1024 + 256; high 1024 + 512; reserve roundup(1024, 512)/512 = 2;
			 * batch 256 -> cap 128, /4 = 32 -> rounddown_pow_of_two(48) - 1 = 31,
			 * high 186 */
			{ 0, ZONE_NORMAL, 262144, 262144, 262144, 1024, 1280, 1536, { 0 },
			  31, 186, 1536, 2, { 0, 512 } },
		},
		.zonelist = { { "Normal/0", "Normal/0" } },
	},
	{
		/* pages_min = 2048 / 4 = 512, lowmem_pages 8191 */
		.name = "min_free_kbytes=2048", .setup = layout_min_free_2048,
		.min_free_kbytes = 2048, .nr_zones = 2,
		.z = {
			/* tmp = 512 * 4095 / 8191 = 255; low 255 + 63; high 255 + 127 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 255, 318, 382, { 0, 0, 16, 16, 16 },
			  1, 0, 16 + 382, 1, { 512 } },
			/* tmp = 512 * 4096 / 8191 = 256; low 256 + 64; high 256 + 128 */
			{ 0, ZONE_NORMAL, 4096, 4096, 4096, 256, 320, 384, { 0 }, 1, 0, 384, 1, { 4096 } },
		},
		.zonelist = { { "Normal/0 DMA/0", "Normal/0 DMA/0" } },
	},
	{
		.name = "lowmem_reserve_ratio[DMA]=0", .setup = layout_ratio0,
		.min_free_kbytes = 724, .nr_zones = 2,
		.z = {
			/* ratio 0 reads as 1: lowmem_reserve[Normal] = 4096 / 1;
			 * dirty_balance_reserve = min(4095, 4096 + 135) = 4095 */
			{ 0, ZONE_DMA, 4096, 4096, 4095, 90, 112, 135, { 0, 0, 4096, 4096, 4096 },
			  1, 0, 4095, 1, { 512 } },
			{ 0, ZONE_NORMAL, 4096, 4096, 4096, 90, 112, 135, { 0 }, 1, 0, 135, 1, { 4096 } },
		},
		.zonelist = { { "Normal/0 DMA/0", "Normal/0 DMA/0" } },
	},
};

static void format_zonelist(const struct zonelist *zl, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < zl->nr && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s/%d", i ? " " : "",
					zone_name(zl->_zonerefs[i].zone_idx), zl->_zonerefs[i].node);
}

/* The head of the free block that covers pfn, or PFN_NONE if the frame is not free. */
static unsigned long free_head(struct model *m, unsigned long pfn)
{
	for (unsigned o = 0; o < m->max_order; o++) {
		unsigned long head = pfn & ~((1ul << o) - 1);
		struct page *p = pfn_to_page(m, head);

		if (PageBuddy(p) && page_order(p) >= o)
			return head;
	}
	return PFN_NONE;
}

static int nr_populated(struct model *m)
{
	int n = 0;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			n += populated_zone(model_zone(m, nid, zid));
	return n;
}

/*
 * A test that builds the layout and checks min_free_kbytes.  Expect the
 * int_sqrt value written beside the layout, or the configured value.
 */
static void test_min_free_kbytes(struct model *m, const struct layout_want *l)
{
	is(m->min_free_kbytes, l->min_free_kbytes, "%s: min_free_kbytes", l->name);
	is(nr_populated(m), l->nr_zones, "%s: populated zones", l->name);
}

/*
 * A test that checks each populated zone's span, present and managed pages.
 * Expect holes to leave present pages and reserved frames to leave
 * managed pages, and every managed page to start free (NR_FREE_PAGES).
 */
static void test_zone_sizes(struct model *m, const struct layout_want *l)
{
	for (int i = 0; i < l->nr_zones; i++) {
		const struct zone_want *w = &l->z[i];
		struct zone *z = model_zone(m, w->nid, w->zid);

		is(z->spanned_pages, w->spanned, "%s: node %d %s spanned_pages", l->name, w->nid,
		   zone_name(w->zid));
		is(z->present_pages, w->present, "%s: node %d %s present_pages", l->name, w->nid,
		   zone_name(w->zid));
		is(z->managed_pages, w->managed, "%s: node %d %s managed_pages", l->name, w->nid,
		   zone_name(w->zid));
		is(zone_page_state(z, NR_FREE_PAGES), (long)w->managed,
		   "%s: node %d %s starts with every managed page free", l->name, w->nid,
		   zone_name(w->zid));
	}
}

/* A test that checks min/low/high.  Expect the values computed beside the layout. */
static void test_watermarks(struct model *m, const struct layout_want *l)
{
	for (int i = 0; i < l->nr_zones; i++) {
		const struct zone_want *w = &l->z[i];
		struct zone *z = model_zone(m, w->nid, w->zid);

		is(min_wmark_pages(z), w->min, "%s: node %d %s min", l->name, w->nid,
		   zone_name(w->zid));
		is(low_wmark_pages(z), w->low, "%s: node %d %s low", l->name, w->nid,
		   zone_name(w->zid));
		is(high_wmark_pages(z), w->high, "%s: node %d %s high", l->name, w->nid,
		   zone_name(w->zid));
		/* the fair batch starts at high - low */
		is(zone_page_state(z, NR_ALLOC_BATCH), (long)(w->high - w->low),
		   "%s: node %d %s NR_ALLOC_BATCH = high - low", l->name, w->nid,
		   zone_name(w->zid));
		is(z->dirty_balance_reserve, w->dirty_balance_reserve,
		   "%s: node %d %s dirty_balance_reserve", l->name, w->nid, zone_name(w->zid));
	}
}

/* A test that checks lowmem_reserve[] of every zone.  Expect the hand values. */
static void test_lowmem_reserve(struct model *m, const struct layout_want *l)
{
	for (int i = 0; i < l->nr_zones; i++) {
		const struct zone_want *w = &l->z[i];
		struct zone *z = model_zone(m, w->nid, w->zid);
		bool same = true;

		for (int j = 0; j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] != w->lowmem_reserve[j]) {
				diag("lowmem_reserve[%s] = %ld, expected %ld", zone_name(j),
				     z->lowmem_reserve[j], w->lowmem_reserve[j]);
				same = false;
			}
		ok(same, "%s: node %d %s lowmem_reserve = { %ld %ld %ld %ld %ld }", l->name, w->nid,
		   zone_name(w->zid), w->lowmem_reserve[0], w->lowmem_reserve[1],
		   w->lowmem_reserve[2], w->lowmem_reserve[3], w->lowmem_reserve[4]);
	}
}

/* A test that checks every CPU's pcp batch and high.  Expect zone_batchsize's values. */
static void test_pcp_batch(struct model *m, const struct layout_want *l)
{
	for (int i = 0; i < l->nr_zones; i++) {
		const struct zone_want *w = &l->z[i];
		struct zone *z = model_zone(m, w->nid, w->zid);
		bool same = true;

		for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
			same &= z->pcp[cpu].batch == w->batch && z->pcp[cpu].high == w->pcp_high &&
				z->pcp[cpu].count == 0;
		ok(same, "%s: node %d %s pcp batch %d high %d on every cpu, empty", l->name, w->nid,
		   zone_name(w->zid), w->batch, w->pcp_high);
	}
}

/*
 * A test that lists the MIGRATE_RESERVE pageblocks of each zone.  Expect
 * min(2, roundup(min, pageblock)/pageblock) of them, the first from the
 * zone start without reserved frames or holes, their free pages on the
 * RESERVE lists, and every other pageblock MOVABLE.
 */
static void test_migrate_reserve(struct model *m, const struct layout_want *l)
{
	for (int i = 0; i < l->nr_zones; i++) {
		const struct zone_want *w = &l->z[i];
		struct zone *z = model_zone(m, w->nid, w->zid);
		unsigned long found[8], n = 0, other = 0;
		bool on_list = true;

		for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
		     pfn += m->pageblock_nr_pages) {
			int mt = get_pfnblock_migratetype(m, pfn);

			if (mt == MIGRATE_RESERVE) {
				unsigned long head = free_head(m, pfn);

				if (n < 8)
					found[n] = pfn;
				n++;
				/* the free block over the block's first frame is on a RESERVE list */
				on_list &= head != PFN_NONE &&
					   pfn_to_page(m, head)->index == MIGRATE_RESERVE;
			} else if (mt != MIGRATE_MOVABLE) {
				other++;
			}
		}
		is(n, w->nr_reserve, "%s: node %d %s has %d MIGRATE_RESERVE pageblock(s)", l->name,
		   w->nid, zone_name(w->zid), w->nr_reserve);
		for (int r = 0; r < w->nr_reserve && r < (int)n; r++)
			is(found[r], w->reserve_pfn[r], "%s: node %d %s reserve block %d at pfn %lu",
			   l->name, w->nid, zone_name(w->zid), r, w->reserve_pfn[r]);
		ok(on_list, "%s: node %d %s reserve blocks' free pages are on MIGRATE_RESERVE lists",
		   l->name, w->nid, zone_name(w->zid));
		is(other, 0, "%s: node %d %s every other pageblock is MIGRATE_MOVABLE", l->name,
		   w->nid, zone_name(w->zid));
	}
}

/*
 * A test that prints each node's zonelists.  Expect node order (own node
 * first), highest zone first within a node, only populated zones, and the
 * THISNODE list holding the own node only (on NUMA).
 */
static void test_zonelists(struct model *m, const struct layout_want *l)
{
	char buf[128];

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int list = 0; list < 2; list++) {
			format_zonelist(&m->node[nid].node_zonelists[list], buf, sizeof(buf));
			ok(!strcmp(buf, l->zonelist[nid][list]), "%s: node %d %s zonelist is \"%s\"",
			   l->name, nid, list ? "THISNODE" : "fallback", l->zonelist[nid][list]);
			if (strcmp(buf, l->zonelist[nid][list]))
				diag("got \"%s\"", buf);
		}
	/* node_zonelist picks the THISNODE list only in a CONFIG_NUMA kernel (the default) */
	ok(node_zonelist(m, 0, __GFP_THISNODE) ==
	   &m->node[0].node_zonelists[m->cfg.numa ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK] &&
	   m->cfg.numa, "%s: node_zonelist(__GFP_THISNODE) is the THISNODE list (CONFIG_NUMA=y)",
	   l->name);
	ok(node_zonelist(m, 0, GFP_KERNEL) == &m->node[0].node_zonelists[ZONELIST_FALLBACK],
	   "%s: node_zonelist(GFP_KERNEL) is the fallback list", l->name);
}

/*
 * A test that checks node totals.  Expect node_present_pages and
 * node_spanned_pages to be the sums of the node's zones, and nr_zones to be
 * the highest populated zone index + 1.
 */
static void test_node_totals(struct model *m, const struct layout_want *l)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++) {
		unsigned long present = 0, spanned = 0;
		int nr_zones = 0;

		for (int i = 0; i < l->nr_zones; i++)
			if (l->z[i].nid == nid) {
				present += l->z[i].present;
				spanned += l->z[i].spanned;
				if (l->z[i].zid + 1 > nr_zones)
					nr_zones = l->z[i].zid + 1;
			}
		is(m->node[nid].node_present_pages, present, "%s: node %d present pages", l->name,
		   nid);
		is(m->node[nid].node_spanned_pages, spanned, "%s: node %d spanned pages", l->name,
		   nid);
		is(m->node[nid].nr_zones, nr_zones, "%s: node %d nr_zones", l->name, nid);
	}
}

/*
 * A test that checks the frames of the holes layout.  Expect hole frames to
 * be PG_hole|PG_reserved with a reference, the reserved DMA frame to be
 * PG_reserved, and no free block to cover either.
 */
static void test_hole_frames(void)
{
	struct model_config c;
	char err[256];
	struct model *m;
	bool holes_ok = true, covered = false;

	layout_holes(&c);
	m = model_create(&c, err, sizeof(err));
	ok(m != NULL, "holes: model_create");
	if (!m)
		return;
	for (unsigned long pfn = 4096 + 100; pfn < 4096 + 128; pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		holes_ok &= PageHole(p) && PageReserved(p) && page_count(p) == 1 && !PageBuddy(p);
	}
	for (unsigned long pfn = 4096 + 2048; pfn < 4096 + 3072; pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		holes_ok &= PageHole(p) && PageReserved(p) && page_count(p) == 1 && !PageBuddy(p);
	}
	ok(holes_ok, "holes: hole frames are PG_hole|PG_reserved, count 1, never PageBuddy");
	ok(PageReserved(pfn_to_page(m, 0)) && !PageHole(pfn_to_page(m, 0)),
	   "holes: DMA pfn 0 is PG_reserved memory, not a hole");
	/* no free block spans a hole or the reserved frame */
	for (unsigned long pfn = 0; pfn < m->pm.nr_frames; pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		if (!PageBuddy(p))
			continue;
		for (unsigned long i = 0; i < (1ul << page_order(p)); i++)
			covered |= PageReserved(pfn_to_page(m, pfn + i));
	}
	ok(!covered, "holes: no free block covers a hole or reserved frame");
	ok(check_buddy_is_valid(m) && check_conservation(m), "holes: buddy and conservation checks pass");
	model_destroy(m);
}

/*
 * A test that calls nr_free_zone_pages after setup on the default layout.
 * Expect (4095 - 135) + (4096 - 135) = 7921 up to Normal and 3960 up to DMA.
 */
static void test_nr_free_zone_pages(void)
{
	struct model_config c;
	char err[256];
	struct model *m;

	layout_default(&c);
	m = model_create(&c, err, sizeof(err));
	ok(m != NULL, "default: model_create");
	if (!m)
		return;
	is(nr_free_zone_pages(m, ZONE_NORMAL), 7921, "default: nr_free_zone_pages(Normal)");
	is(nr_free_zone_pages(m, ZONE_DMA), 3960, "default: nr_free_zone_pages(DMA)");
	model_destroy(m);
}

/*
 * A test that feeds bad configurations to model_create.  Expect NULL and a
 * message: a zone that is not a whole number of pageblocks, a hole past the
 * zone end, more reserved frames than frames, no memory at all.
 */
static void test_bad_configs(void)
{
	struct model_config c;
	char err[256];

	layout_small(&c);
	c.zones[0][ZONE_NORMAL].pages = 1020;
	ok(!model_create(&c, err, sizeof(err)) && err[0], "zone of 1020 frames with 8-frame pageblocks is refused");
	layout_small(&c);
	c.zones[0][ZONE_NORMAL].hole_start[0] = 1000;
	c.zones[0][ZONE_NORMAL].hole_pages[0] = 100;
	ok(!model_create(&c, err, sizeof(err)) && err[0], "hole past the zone end is refused");
	layout_small(&c);
	c.zones[0][ZONE_NORMAL].reserved = 2000;
	ok(!model_create(&c, err, sizeof(err)) && err[0], "more reserved frames than frames is refused");
	empty(&c);
	ok(!model_create(&c, err, sizeof(err)) && err[0], "a layout without memory is refused");
}

/*
 * A test of model_config_check's ranges, each bound from both sides on the
 * small layout: nodes 1..2, cpus 1..MODEL_MAX_CPUS, max_order 2..11,
 * pageblock_order 1..max_order-1, extfrag_threshold 0..1000, debug 0..3.
 * Expect every value inside accepted and every value just outside refused
 * with a message that starts with that field's name.
 */
static void test_config_bounds(void)
{
	static const struct { const char *field; int value; bool valid; } t[] = {
		{ "nr_nodes", 0, false }, { "nr_nodes", 1, true }, { "nr_nodes", 3, false },
		{ "nr_cpus", 0, false }, { "nr_cpus", 1, true },
		{ "nr_cpus", MODEL_MAX_CPUS, true }, { "nr_cpus", MODEL_MAX_CPUS + 1, false },
		{ "max_order", 1, false }, { "max_order", 2, true },
		{ "max_order", MAX_ORDER_LIMIT, true }, { "max_order", MAX_ORDER_LIMIT + 1, false },
		{ "pageblock_order", 0, false }, { "pageblock_order", 1, true },
		{ "pageblock_order", 4, true }, { "pageblock_order", 5, false },
		{ "extfrag_threshold", -1, false }, { "extfrag_threshold", 0, true },
		{ "extfrag_threshold", 1000, true }, { "extfrag_threshold", 1001, false },
		{ "debug", -1, false }, { "debug", 0, true }, { "debug", 3, true },
		{ "debug", 4, false },
	};

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct model_config c;
		char err[256] = "";
		int rc;

		layout_small(&c);	/* max_order 5, pageblock_order 3 */
		if (!strcmp(t[i].field, "nr_nodes"))
			c.nr_nodes = t[i].value;
		else if (!strcmp(t[i].field, "nr_cpus"))
			c.nr_cpus = t[i].value;
		else if (!strcmp(t[i].field, "max_order"))
			c.max_order = t[i].value, c.pageblock_order = t[i].value > 1 ? 1 : 0;
		else if (!strcmp(t[i].field, "pageblock_order"))
			c.pageblock_order = t[i].value;
		else if (!strcmp(t[i].field, "extfrag_threshold"))
			c.extfrag_threshold = t[i].value;
		else
			c.debug = t[i].value;
		rc = model_config_check(&c, err, sizeof(err));
		/* refused for this field: the message names it (nodes, cpus, ... without "nr_") */
		ok(t[i].valid ? rc == 0 : rc < 0 && strstr(err, t[i].field +
		   (strncmp(t[i].field, "nr_", 3) ? 0 : 3)) == err, "config %s = %d is %s%s%s",
		   t[i].field, t[i].value, t[i].valid ? "accepted" : "refused", rc < 0 ? ": " : "",
		   rc < 0 ? err : "");
	}
}

int main(void)
{
	for (int i = 0; i < NR_LAYOUTS; i++) {
		const struct layout_want *l = &layouts[i];
		struct model_config c;
		char err[256];
		struct model *m;

		l->setup(&c);
		m = model_create(&c, err, sizeof(err));
		if (!ok(m != NULL, "%s: model_create", l->name)) {
			diag("%s", err);
			continue;
		}
		test_min_free_kbytes(m, l);
		test_zone_sizes(m, l);
		test_watermarks(m, l);
		test_lowmem_reserve(m, l);
		test_pcp_batch(m, l);
		test_migrate_reserve(m, l);
		test_zonelists(m, l);
		test_node_totals(m, l);
		model_destroy(m);
	}
	test_hole_frames();
	test_nr_free_zone_pages();
	test_bad_configs();
	test_config_bounds();
	return done_testing();
}
