// SPDX-License-Identifier: GPL-2.0
/*
 * physmem.c - the fake physical memory: the struct page array, pageblock
 * flags, list heads, their pristine copies, and the touched/dirty tracking
 * that makes reset O(touched) and the state hash incremental.
 */
#include <string.h>
#include "internal.h"

int physmem_init(struct physmem *pm, unsigned long nr_frames, unsigned pageblock_order,
		 unsigned max_order, uint32_t nr_heads)
{
	unsigned long nr_pb = (nr_frames + (1ul << pageblock_order) - 1) >> pageblock_order;
	unsigned long nr_ids = nr_frames + nr_heads;
	unsigned long max_block = 1ul << (max_order - 1);
	/* the map covers whole MAX_ORDER blocks (see physmem.h) */
	unsigned long nr_map = (nr_frames + max_block - 1) & ~(max_block - 1);

	memset(pm, 0, sizeof(*pm));
	pm->nr_frames = nr_frames;
	pm->nr_pageblocks = nr_pb;
	pm->nr_heads = nr_heads;
	pm->pages = calloc(nr_ids > nr_map ? nr_ids : nr_map, sizeof(struct page));
	pm->pristine_pages = calloc(nr_ids, sizeof(struct page));
	pm->pageblock_flags = calloc(nr_pb, 1);
	pm->pristine_pageblock_flags = calloc(nr_pb, 1);
	pm->pageblock_touched = calloc(nr_pb, 1);
	pm->touched_pb = calloc(nr_pb, sizeof(uint32_t));
	pm->touched = calloc(nr_ids, sizeof(uint32_t));
	pm->dirty = calloc(nr_ids, sizeof(uint32_t));
	pm->touched_bits = calloc((nr_ids + 63) / 64, sizeof(uint64_t));
	pm->pristine_unclean = calloc((nr_frames + 63) / 64, sizeof(uint64_t));
	if (!pm->pages || !pm->pristine_pages || !pm->pageblock_flags ||
	    !pm->pristine_pageblock_flags || !pm->pageblock_touched || !pm->touched_pb ||
	    !pm->touched || !pm->dirty || !pm->touched_bits || !pm->pristine_unclean) {
		physmem_free(pm);
		return -1;
	}
	pm->heads = pm->pages + nr_frames;
	return 0;
}

void physmem_free(struct physmem *pm)
{
	free(pm->pages);
	free(pm->pristine_pages);
	free(pm->pageblock_flags);
	free(pm->pristine_pageblock_flags);
	free(pm->pageblock_touched);
	free(pm->touched_pb);
	free(pm->touched);
	free(pm->dirty);
	free(pm->touched_bits);
	free(pm->pristine_unclean);
	memset(pm, 0, sizeof(*pm));
}

void physmem_snapshot(struct physmem *pm)
{
	unsigned long nr_ids = pm->nr_frames + pm->nr_heads;

	for (unsigned long i = 0; i < nr_ids; i++)
		pm->pages[i].mflags = 0;
	memset(pm->touched_bits, 0, (nr_ids + 63) / 64 * sizeof(uint64_t));
	memset(pm->pristine_unclean, 0, (pm->nr_frames + 63) / 64 * sizeof(uint64_t));
	for (unsigned long i = 0; i < pm->nr_frames; i++) {
		const struct page *p = &pm->pages[i];

		if (p->flags | (uint32_t)p->_count | p->mapping | ((uint32_t)p->_mapcount + 1u))
			pm->pristine_unclean[i / 64] |= 1ull << (i % 64);
	}
	memcpy(pm->pristine_pages, pm->pages, nr_ids * sizeof(struct page));
	memcpy(pm->pristine_pageblock_flags, pm->pageblock_flags, pm->nr_pageblocks);
	memset(pm->pageblock_touched, 0, pm->nr_pageblocks);
	pm->nr_touched = 0;
	pm->nr_touched_pb = 0;
	pm->nr_dirty = 0;
}

void physmem_reset(struct physmem *pm)
{
	for (unsigned long i = 0; i < pm->nr_touched; i++) {
		uint32_t id = pm->touched[i];

		pm->pages[id] = pm->pristine_pages[id];
		pm->touched_bits[id / 64] &= ~(1ull << (id % 64));
	}
	for (unsigned long i = 0; i < pm->nr_touched_pb; i++) {
		uint32_t pb = pm->touched_pb[i];

		pm->pageblock_flags[pb] = pm->pristine_pageblock_flags[pb];
		pm->pageblock_touched[pb] = 0;
	}
	pm->nr_touched = 0;
	pm->nr_touched_pb = 0;
	pm->nr_dirty = 0;
}

long physmem_diff_pristine(const struct physmem *pm)
{
	for (unsigned long i = 0; i < pm->nr_frames + pm->nr_heads; i++)
		if (memcmp(&pm->pages[i], &pm->pristine_pages[i], sizeof(struct page)))
			return (long)i;
	if (memcmp(pm->pageblock_flags, pm->pristine_pageblock_flags, pm->nr_pageblocks))
		return (long)(pm->nr_frames + pm->nr_heads);
	return -1;
}

/* ---- pageblock flags ---------------------------------------------------- */

static void pageblock_touch(struct model *m, unsigned long pb)
{
	struct physmem *pm = &m->pm;

	if (!pm->pageblock_touched[pb]) {
		pm->pageblock_touched[pb] = 1;
		pm->touched_pb[pm->nr_touched_pb++] = (uint32_t)pb;
	}
}

static void pageblock_write(struct model *m, unsigned long pb, uint8_t v)
{
	uint8_t old = m->pm.pageblock_flags[pb];

	if (old == v)
		return;
	pageblock_touch(m, pb);
	/* pageblock flags change rarely: keep their share of the hash eagerly */
	m->state_hash ^= mix64(((uint64_t)pb << 8 | old) ^ 0x9b1c0ffeeull);
	m->state_hash ^= mix64(((uint64_t)pb << 8 | v) ^ 0x9b1c0ffeeull);
	m->pm.pageblock_flags[pb] = v;
}

void set_pageblock_migratetype(struct model *m, struct page *page, int migratetype)
{
	unsigned long pb = page_to_pfn(m, page) >> m->pageblock_order;
	uint8_t v = m->pm.pageblock_flags[pb];

	pageblock_write(m, pb, (uint8_t)((v & ~PB_MIGRATETYPE_MASK) | (unsigned)migratetype));
}

bool get_pageblock_skip(const struct model *m, unsigned long pfn)
{
	return m->pm.pageblock_flags[pfn >> m->pageblock_order] & PB_MIGRATE_SKIP;
}

void set_pageblock_skip(struct model *m, unsigned long pfn, bool skip)
{
	unsigned long pb = pfn >> m->pageblock_order;
	uint8_t v = m->pm.pageblock_flags[pb];

	pageblock_write(m, pb, (uint8_t)(skip ? (v | PB_MIGRATE_SKIP) : (v & ~PB_MIGRATE_SKIP)));
}

/* ---- the page/head part of the state hash ------------------------------- */

/*
 * A page's share covers every field that can influence a later decision;
 * the history fields and the harness marks are left out on purpose.
 */
uint64_t page_hash_contrib(const struct physmem *pm, unsigned long pfn, const struct page *p)
{
	uint64_t h = mix64((uint64_t)pfn * 0x9e3779b97f4a7c15ull + 1);

	h = mix64(h ^ p->flags ^ ((uint64_t)(uint32_t)p->_count << 32));
	h = mix64(h ^ (uint32_t)p->_mapcount ^ ((uint64_t)p->private << 32));
	h = mix64(h ^ p->mapping ^ ((uint64_t)p->index << 32));
	h = mix64(h ^ physmem_hash_link(pm, p->lru.next) ^
		  ((uint64_t)physmem_hash_link(pm, p->lru.prev) << 32));
	h = mix64(h ^ p->first_page ^ ((uint64_t)p->compound_order << 32) ^
		  ((uint64_t)p->pfmemalloc << 40));
	return h;
}

/* head k's share; k is named as LIST_HEAD_BIT | k, like the links that point at it */
uint64_t head_hash_contrib(const struct physmem *pm, uint32_t k, const struct page *hd)
{
	return mix64(mix64((uint64_t)(LIST_HEAD_BIT | k) * 0xc2b2ae3d27d4eb4full) ^
		     physmem_hash_link(pm, hd->lru.next) ^
		     ((uint64_t)physmem_hash_link(pm, hd->lru.prev) << 32));
}

uint64_t physmem_settle(struct model *m)
{
	struct physmem *pm = &m->pm;

	for (unsigned long i = 0; i < pm->nr_dirty; i++) {
		uint32_t id = pm->dirty[i];
		struct page *p = &pm->pages[id];

		m->state_hash ^= p->hcontrib;
		p->hcontrib = id >= pm->nr_frames ?
			      head_hash_contrib(pm, id - (uint32_t)pm->nr_frames, p) :
			      page_hash_contrib(pm, id, p);
		m->state_hash ^= p->hcontrib;
		p->mflags &= ~(uint32_t)MF_DIRTY;
	}
	pm->nr_dirty = 0;
	return m->state_hash;
}

/* The pageblock flags' share of the state hash. */
uint64_t physmem_pageblocks_hash(const struct physmem *pm)
{
	uint64_t h = 0;

	for (unsigned long pb = 0; pb < pm->nr_pageblocks; pb++)
		h ^= mix64(((uint64_t)pb << 8 | pm->pageblock_flags[pb]) ^ 0x9b1c0ffeeull);
	return h;
}

uint64_t physmem_full_hash(const struct model *m)
{
	const struct physmem *pm = &m->pm;
	uint64_t h = physmem_pageblocks_hash(pm);

	for (unsigned long i = 0; i < pm->nr_frames; i++)
		h ^= page_hash_contrib(pm, i, &pm->pages[i]);
	for (uint32_t i = 0; i < pm->nr_heads; i++)
		h ^= head_hash_contrib(pm, i, &pm->heads[i]);
	return h;
}

/* Entry id is written: on the dirty list until the next settle, on the touched one until reset. */
void model_mark1(struct model *m, uint32_t id)
{
	struct physmem *pm = &m->pm;
	uint32_t *mflags = &pm->pages[id].mflags;

	if (*mflags & MF_DIRTY)
		return;
	pm->dirty[pm->nr_dirty++] = id;
	if (!(pm->touched_bits[id / 64] >> (id % 64) & 1)) {
		pm->touched[pm->nr_touched++] = id;
		pm->touched_bits[id / 64] |= 1ull << (id % 64);
	}
	*mflags |= MF_DIRTY;
}

/* The three entries a list operation writes (physmem.h) */
void model_mark3(struct model *m, uint32_t a, uint32_t b, uint32_t c)
{
	model_mark1(m, a);
	model_mark1(m, b);
	model_mark1(m, c);
}
