/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layouts.h - the zone layouts several unit tests run their cases over.  A
 * test names the ones it wants in a table of its own; functions it leaves
 * unnamed cost nothing (static inline).
 */
#ifndef PAFUZZ_TESTS_LAYOUTS_H
#define PAFUZZ_TESTS_LAYOUTS_H

#include <string.h>
#include "../internal.h"

struct layout {
	const char *name;
	void (*setup)(struct model_config *c);
};

#define NR_LAYOUTS (int)(sizeof(layouts) / sizeof(layouts[0]))

/* the defaults with every zone taken away: a layout then adds the ones it wants */
static inline void empty(struct model_config *c)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
}

/*
 * pfn 0 1       512      1024                 4096      4608               8192
 *     |R|  DMA  |RESERVE |  DMA ...           |RESERVE  |  Normal ...      |
 */
static inline void layout_default(struct model_config *c)
{
	model_config_default(c);
}

/* Normal only, 1024 frames, MAX_ORDER 5, pageblocks of 8 frames */
static inline void layout_small(struct model_config *c)
{
	empty(c);
	c->max_order = 5;
	c->pageblock_order = 3;
	c->zones[0][ZONE_NORMAL].pages = 1024;
}

/*
 * pfn 0 1      512       4096  4196   4224  4608     6144       7168      12288
 *     |R| DMA  |RESERVE  | ... |hole  | ... |RESERVE | ... |hole |  ...     |
 *                        |<------------------ Normal ------------------------>|
 */
static inline void layout_holes(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_NORMAL].pages = 8192;
	c->zones[0][ZONE_NORMAL].hole_start[0] = 100;
	c->zones[0][ZONE_NORMAL].hole_pages[0] = 28;
	c->zones[0][ZONE_NORMAL].hole_start[1] = 2048;
	c->zones[0][ZONE_NORMAL].hole_pages[1] = 1024;
}

/*
 * node 0: pfn 0 .. 4095 DMA (pfn 0 reserved), 4096 .. 8191 Normal
 * node 1: pfn 8192 .. 16383 Normal
 */
static inline void layout_2node(struct model_config *c)
{
	model_config_default(c);
	c->nr_nodes = 2;
	c->zones[1][ZONE_NORMAL].pages = 8192;
}

/* pfn 0 .. 8191 DMA32, 8192 .. 12287 Normal, 12288 .. 16383 Movable */
static inline void layout_dma32(struct model_config *c)
{
	empty(c);
	c->zones[0][ZONE_DMA32].pages = 8192;
	c->zones[0][ZONE_NORMAL].pages = 4096;
	c->zones[0][ZONE_MOVABLE].pages = 4096;
}

#endif
