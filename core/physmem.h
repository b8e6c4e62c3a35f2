/* SPDX-License-Identifier: GPL-2.0 */
/*
 * physmem.h - the fake hardware: physical frames and their struct pages.
 *
 * What every call assumes:
 *  - Frames are numbered 0 .. nr_frames-1 without gaps; node 0's zones come
 *    first, in zone order, then node 1's.  Holes are frames with PG_hole set:
 *    they have a struct page (as with a dense memmap) but no memory.
 *  - pfn 0 is aligned to every order, so buddy index math on the pfn is valid.
 *  - Every write to a struct page, a list head or a pageblock is marked
 *    (page_touch(), pl_w(), the list operations, the pageblock setters)
 *    before the next hash settle or reset: in practice in the same step,
 *    most before the write, the list operations just after theirs.  That is
 *    what makes model_reset() cost O(frames touched) and keeps the state hash
 *    incremental.  A write left unmarked is a model bug; DEBUG=3 and the
 *    reset test catch it by comparing against the pristine copy.
 *  - Nothing here reads clocks or randomness, and nothing hashes addresses.
 */
#ifndef PAFUZZ_PHYSMEM_H
#define PAFUZZ_PHYSMEM_H

#include <stddef.h>
#include "mmzone.h"

struct model;

/* pageblock flags: migratetype in the low bits, PB_migrate_skip above */
#define PB_MIGRATETYPE_MASK	0x07
#define PB_MIGRATE_SKIP		0x08

struct physmem {
	unsigned long nr_frames;
	unsigned long nr_pageblocks;
	/*
	 * [nr_frames + nr_heads], and at least up to the next MAX_ORDER block
	 * boundary past the last frame, as the kernel's memory map (whole
	 * sections) is: __free_one_page looks at a buddy there without a bounds
	 * check.  Past the frames come the heads and zeroed entries, whose
	 * _mapcount (0) is never PageBuddy's.
	 */
	struct page *pages;
	struct page *pristine_pages;	/* as set up; reset copies from here */
	uint8_t *pageblock_flags;	/* [nr_pageblocks] */
	uint8_t *pristine_pageblock_flags;
	uint8_t *pageblock_touched;	/* [nr_pageblocks] */
	/*
	 * List heads live in the page array past the frames: heads[k] ==
	 * pages[nr_frames + k], of which only lru, mflags and hcontrib are
	 * used.  A list id is its slot in pages[], frame or head alike.
	 */
	struct page *heads;		/* [nr_heads] */
	uint32_t nr_heads;
	uint32_t nr_fixed_heads;	/* heads made at setup; the rest are scratch */
	/* frames/heads touched since the last reset: list ids (nr_frames + k for head k) */
	uint32_t *touched;
	unsigned long nr_touched;
	/*
	 * The same set as a bitmap (bit id set while id is on touched[]), and
	 * which frames' pristine copies are not clean: a flag, a reference, a
	 * mapping or a mapcount.  A frame with neither bit is as set up and
	 * clean, so a walk over a block's tail pages can pass over 64 such
	 * frames with two loads (physmem_clean_word).
	 */
	uint64_t *touched_bits;		/* [(nr_frames + nr_heads + 63) / 64] */
	uint64_t *pristine_unclean;	/* [(nr_frames + 63) / 64] */
	uint32_t *touched_pb;
	unsigned long nr_touched_pb;
	/* frames/heads changed since the last hash settle */
	uint32_t *dirty;
	unsigned long nr_dirty;
};

int physmem_init(struct physmem *pm, unsigned long nr_frames, unsigned pageblock_order,
		 unsigned max_order, uint32_t nr_heads);
void physmem_free(struct physmem *pm);
/* Makes the current state the pristine one (end of setup). */
void physmem_snapshot(struct physmem *pm);
/* Restores every touched frame, head and pageblock; O(touched). */
void physmem_reset(struct physmem *pm);
/* Compares everything with the pristine copy; returns the first differing pfn or -1. */
long physmem_diff_pristine(const struct physmem *pm);

/*
 * Frames 64w .. 64w+63 known clean: bit k set when frame 64w+k is untouched
 * since the last reset and was clean when set up (only frames below
 * nr_frames; a clear bit means "look at the struct page").
 */
static inline uint64_t physmem_clean_word(const struct physmem *pm, unsigned long w)
{
	return ~(pm->touched_bits[w] | pm->pristine_unclean[w]);
}

/* The list id of head k. */
static inline uint32_t physmem_head_id(const struct physmem *pm, uint32_t k)
{
	return (uint32_t)pm->nr_frames + k;
}

/* A link as the state hash names it: heads as LIST_HEAD_BIT | k, whatever nr_frames is. */
static inline uint32_t physmem_hash_link(const struct physmem *pm, uint32_t id)
{
	return id != PFN_NONE && id >= pm->nr_frames ? LIST_HEAD_BIT | (id - (uint32_t)pm->nr_frames) : id;
}

/*
 * The hot paths test MF_DIRTY inline and call these only when it is missing
 * (the first write since the last hash settle): model_mark1 for one page
 * (page_touch, pl_w), model_mark3 for the three entries a list operation
 * writes, tested at once.  They are out of line and, with clang on x86-64,
 * save every register they use, so the code around the test keeps its own.
 */
#if defined(__clang__) && defined(__x86_64__)
#define PHYSMEM_SLOW_CC __attribute__((preserve_most))
#else
#define PHYSMEM_SLOW_CC
#endif
void model_mark3(struct model *m, uint32_t a, uint32_t b, uint32_t c)
	PHYSMEM_SLOW_CC __attribute__((cold, noinline));
void model_mark1(struct model *m, uint32_t id) PHYSMEM_SLOW_CC __attribute__((cold, noinline));

#endif
