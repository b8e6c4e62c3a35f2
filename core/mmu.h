/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu.h - the world reclaim works in: tasks' address spaces and page
 * tables, the page cache, swap, the LRU.  Declarations shared by the files
 * that model it (mmu.c, memory.c, rmap.c, filemap.c, swap_state.c,
 * swapfile.c, vmscan.c).  Included by internal.h.
 */
#ifndef PAFUZZ_MMU_H
#define PAFUZZ_MMU_H

struct model;
struct world;

#endif
