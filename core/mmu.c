// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the fake MMU's lifetime and the program's world operations:
 * address spaces (vmas with page tables), files, pins and task exit; the
 * world's share of the state hash and of page conservation.  The kernel
 * functions these stand for (mmap_region, get_user_pages, exit_mmap) are
 * named where they are modelled; faults are in memory.c.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

static uint64_t slot_contrib(unsigned kind, uint32_t idx, uint32_t val)
{
	if (!val)
		return 0;
	return mix64(((uint64_t)kind << 59) ^ ((uint64_t)idx << 30) ^ val ^ 0x9e3779b97f4a7c15ull);
}

void w_set(struct world *w, uint32_t *slot, uint32_t val, unsigned kind, uint32_t idx)
{
	w->hash ^= slot_contrib(kind, idx, *slot) ^ slot_contrib(kind, idx, val);
	*slot = val;
}

static void *zalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

int world_create(struct model *m)
{
	struct world *w = zalloc(1, sizeof(*w));
	unsigned long frames = m->pm.nr_frames;

	if (!w)
		return -1;
	m->w = w;
	w->cap_pte = (uint32_t)(frames * 4 < 16384 ? 16384 : frames * 4);
	w->cap_pt = w->cap_pte / PTRS_PER_PTE + 2 * WORLD_MAX_VMAS;
	w->cap_pc = w->cap_pte;
	w->wbq_cap = (uint32_t)(2 * frames + 64);
	w->pte = zalloc(w->cap_pte, sizeof(uint32_t));
	w->pt = zalloc(w->cap_pt, sizeof(uint32_t));
	w->pc = zalloc(w->cap_pc, sizeof(uint32_t));
	w->wbq = zalloc(w->wbq_cap, sizeof(uint32_t));
	w->refs = zalloc(frames, sizeof(uint32_t));
	w->ref_list = zalloc(frames, sizeof(uint32_t));
	if (!w->pte || !w->pt || !w->pc || !w->wbq || !w->refs || !w->ref_list)
		return -1;
	return 0;
}

void world_destroy(struct model *m)
{
	struct world *w = m->w;

	if (!w)
		return;
	free(w->pte);
	free(w->pt);
	free(w->pc);
	free(w->wbq);
	free(w->swap_map);
	free(w->swap_cache);
	free(w->refs);
	free(w->ref_list);
	free(w);
	m->w = NULL;
}

/* Swap is sized per run (cfg.swap_pages may change between runs of one model). */
static void swap_resize(struct world *w, uint32_t want)
{
	if (want > WORLD_MAX_SWAP)
		want = WORLD_MAX_SWAP;
	if (want > w->swap_cap) {
		uint32_t *map = realloc(w->swap_map, (size_t)want * sizeof(uint32_t));
		uint32_t *cache = map ? realloc(w->swap_cache, (size_t)want * sizeof(uint32_t)) : NULL;

		if (map)
			w->swap_map = map;
		if (cache) {
			w->swap_cache = cache;
			memset(map + w->swap_cap, 0, (size_t)(want - w->swap_cap) * sizeof(uint32_t));
			memset(cache + w->swap_cap, 0, (size_t)(want - w->swap_cap) * sizeof(uint32_t));
			w->swap_cap = want;
		}
	}
	w->nr_swap = want < w->swap_cap ? want : w->swap_cap;
}

/* O(what the last run used): frames themselves are restored by physmem_reset. */
void world_reset(struct model *m)
{
	struct world *w = m->w;

	if (!w)
		return;
	memset(w->pte, 0, (size_t)w->nr_pte * sizeof(uint32_t));
	memset(w->pt, 0, (size_t)w->nr_pt * sizeof(uint32_t));
	memset(w->pc, 0, (size_t)w->nr_pc * sizeof(uint32_t));
	if (w->swap_hwm) {
		memset(w->swap_map, 0, (size_t)w->swap_hwm * sizeof(uint32_t));
		memset(w->swap_cache, 0, (size_t)w->swap_hwm * sizeof(uint32_t));
	}
	w->nr_pte = w->nr_pt = w->nr_pc = 0;
	memset(w->vma, 0, sizeof(w->vma));
	memset(w->mm, 0, sizeof(w->mm));
	memset(w->file, 0, sizeof(w->file));
	memset(w->pin, 0, sizeof(w->pin));
	w->nr_vmas = w->nr_files = w->nr_pins = 0;
	swap_resize(w, (uint32_t)(m->cfg.swap_pages > WORLD_MAX_SWAP ? WORLD_MAX_SWAP :
				  m->cfg.swap_pages));
	w->nr_swap_free = w->nr_swap;
	w->swap_cursor = w->swap_hwm = 0;
	w->wbq_head = w->wbq_tail = 0;
	w->kswapd_running = false;
	w->gen = 0;
	w->hash = 0;
}

/*
 * The world's part of the watchdog's state hash: the slots (incremental),
 * the swap cursor and the writeback queue's position, and a generation that
 * every structural change (a vma, file or pin made or gone) bumps.
 */
uint64_t world_state_hash(struct model *m)
{
	struct world *w = m->w;

	return w->hash ^ mix64(((uint64_t)w->swap_cursor << 32) ^ (uint64_t)w->nr_swap_free) ^
	       mix64(((uint64_t)w->wbq_head << 32) ^ w->wbq_tail ^ ((uint64_t)w->gen << 48));
}

struct vma *vma_of(struct model *m, int task, int vma)
{
	struct world *w = m->w;

	if (vma < 0 || vma >= w->nr_vmas || !w->vma[vma].in_use)
		return NULL;
	if (task >= 0 && w->vma[vma].task != task)
		return NULL;
	return &w->vma[vma];
}

/* The task whose address space maps an anonymous page, or -1. */
int page_task(struct model *m, const struct page *page)
{
	struct world *w = m->w;
	uint32_t id = page->mapping & MAP_ID_MASK;

	if (!(page->mapping & MAP_ANON) || id >= (uint32_t)w->nr_vmas)
		return -1;
	return w->vma[id].task;
}

/* mmap_region: a vma of npages with its own page-table range (no allocation yet). */
static int new_vma(struct model *m, int task, int file, unsigned long pgoff, unsigned long npages)
{
	struct world *w = m->w;
	unsigned long tables = (npages + PTRS_PER_PTE - 1) / PTRS_PER_PTE;
	struct vma *v;

	if (!model_task(m, task) || (m->tasks[task].flags & PF_KTHREAD))
		return -EINVAL;
	if (npages == 0 || npages > 0x0fffffff)
		return -EINVAL;
	if (w->nr_vmas == WORLD_MAX_VMAS || w->nr_pte + npages > w->cap_pte ||
	    w->nr_pt + tables > w->cap_pt)
		return -ENOSPC;
	v = &w->vma[w->nr_vmas];
	*v = (struct vma){ .in_use = true, .task = (int8_t)task, .file = (int8_t)file,
			   .pgoff = (uint32_t)pgoff, .npages = (uint32_t)npages,
			   .pte = w->nr_pte, .pt = w->nr_pt };
	w->nr_pte += (uint32_t)npages;
	w->nr_pt += (uint32_t)tables;
	w->mm[task].total_vm += (long)npages;
	w->gen++;
	return w->nr_vmas++;
}

int model_mmap_anon(struct model *m, int task, unsigned long npages)
{
	return new_vma(m, task, -1, 0, npages);
}

/* A shared file mapping of [pgoff, pgoff + npages) of a file. */
int model_mmap_file(struct model *m, int task, int file, unsigned long pgoff, unsigned long npages)
{
	struct world *w = m->w;

	if (file < 0 || file >= w->nr_files || !w->file[file].in_use)
		return -EINVAL;
	if (pgoff >= w->file[file].npages)
		return -EINVAL;
	if (npages > w->file[file].npages - pgoff)
		npages = w->file[file].npages - pgoff;
	return new_vma(m, task, file, pgoff, npages);
}

int model_munmap(struct model *m, int task, int vma)
{
	struct vma *v = vma_of(m, task, vma);

	if (!v)
		return -EINVAL;
	m->current = task;
	unmap_vma(m, vma);
	m->w->mm[task].total_vm -= v->npages;
	v->in_use = false;
	m->w->gen++;
	return 0;
}

/*
 * Touches [start, start+n) of a vma as the task's CPU would: a fault where
 * no page is mapped, the accessed bit (and for a write, the dirty state)
 * where one is.  Returns the pages touched, or -ENOMEM when a fault failed
 * after the OOM path (pagefault_out_of_memory) had its say.
 */
long model_touch(struct model *m, int task, int vma, unsigned long start, unsigned long n,
		 bool write)
{
	struct vma *v = vma_of(m, task, vma);
	long done = 0;

	if (!v || m->stopped)
		return -EINVAL;
	if (start >= v->npages)
		return 0;
	if (n > v->npages - start)
		n = v->npages - start;
	m->current = task;
	for (unsigned long i = start; i < start + n && !m->stopped; i++) {
		if (!m->tasks[task].in_use || !v->in_use)
			return done;
		if (handle_mm_fault(m, vma, i, write))
			return done ? done : -ENOMEM;
		done++;
	}
	return done;
}

/* get_user_pages of one page: faults it in and takes a reference. */
int model_pin(struct model *m, int task, int vma, unsigned long idx)
{
	struct world *w = m->w;
	struct vma *v = vma_of(m, task, vma);
	uint32_t pte;
	int slot = -1;

	if (!v || idx >= v->npages || m->stopped)
		return -EINVAL;
	for (int i = 0; i < w->nr_pins; i++)
		if (w->pin[i].task < 0) {
			slot = i;
			break;
		}
	if (slot < 0 && w->nr_pins == WORLD_MAX_PINS)
		return -ENOSPC;
	m->current = task;
	/* FOLL_WRITE: a pinned anonymous page is a real page, not the zero page */
	if (handle_mm_fault(m, vma, idx, true))
		return -ENOMEM;
	pte = w->pte[v->pte + idx];
	if (!(pte & PTE_PRESENT))
		return -EAGAIN;
	if (slot < 0)
		slot = w->nr_pins++;
	get_page(m, pfn_to_page(m, pte & PTE_VAL_MASK));
	w->pin[slot] = (struct pin){ .pfn = pte & PTE_VAL_MASK, .task = (int8_t)task,
				     .vma = (int8_t)vma, .idx = (uint32_t)idx };
	w->gen++;
	return slot;
}

static void unpin_slot(struct model *m, int slot)
{
	struct world *w = m->w;
	struct page *page = pfn_to_page(m, w->pin[slot].pfn);

	w->pin[slot].task = -1;
	w->gen++;
	put_page(m, page);
}

/* Drops the oldest pin the task took at (vma, idx), wherever the page is now. */
int model_unpin(struct model *m, int task, int vma, unsigned long idx)
{
	struct world *w = m->w;

	if (!vma_of(m, task, vma))
		return -EINVAL;
	for (int i = 0; i < w->nr_pins; i++)
		if (w->pin[i].task == task && w->pin[i].vma == vma && w->pin[i].idx == idx) {
			int saved = m->current;

			m->current = task;
			unpin_slot(m, i);
			m->current = saved;
			return 0;
		}
	return -EINVAL;
}

/* exit_mm: every vma unmapped, page tables freed, pins dropped. */
void model_task_exit(struct model *m, int task)
{
	struct world *w = m->w;
	int saved = m->current;

	if (!w || task < 0 || task >= MODEL_MAX_TASKS)
		return;
	m->current = task;
	for (int i = 0; i < w->nr_pins; i++)
		if (w->pin[i].task == task)
			unpin_slot(m, i);
	for (int i = 0; i < w->nr_vmas; i++)
		if (w->vma[i].in_use && w->vma[i].task == task) {
			unmap_vma(m, i);
			w->mm[task].total_vm -= w->vma[i].npages;
			w->vma[i].in_use = false;
			w->gen++;
		}
	m->current = saved;
}

unsigned long world_mm_rss(struct model *m, int task)
{
	return (unsigned long)(m->w->mm[task].rss_anon + m->w->mm[task].rss_file);
}

unsigned long world_mm_anon_rss(struct model *m, int task)
{
	return (unsigned long)m->w->mm[task].rss_anon;
}

unsigned long world_mm_swapents(struct model *m, int task)
{
	return (unsigned long)m->w->mm[task].swapents;
}

unsigned long world_mm_nr_ptes(struct model *m, int task)
{
	return (unsigned long)m->w->mm[task].nr_ptes;
}

unsigned long world_mm_total_vm(struct model *m, int task)
{
	return (unsigned long)m->w->mm[task].total_vm;
}

/* ---- conservation ----------------------------------------------------------- */

static void ref_add(struct world *w, uint32_t pfn, uint32_t refs, uint32_t maps)
{
	if (!w->refs[pfn])
		w->ref_list[w->nr_ref_list++] = pfn;
	w->refs[pfn] += refs | (maps << 16) | 0x80000000u;
}

/*
 * world_mark_owned: marks every frame the world holds, then checks that
 * each such page's _count and _mapcount are exactly what its holders
 * account for (cache 1, each mapping 1, each pin 1), that each is on an LRU
 * list, and that no LRU page is held by nobody.  O(world).
 */
bool world_mark_owned(struct model *m, void *seen)
{
	struct world *w = m->w;
	bool ok = true;

	if (!w)
		return true;
	w->nr_ref_list = 0;
	for (int i = 0; i < w->nr_vmas && ok; i++) {
		const struct vma *v = &w->vma[i];
		unsigned long tables = (v->npages + PTRS_PER_PTE - 1) / PTRS_PER_PTE;

		if (!v->in_use)
			continue;
		for (unsigned long t = 0; t < tables && ok; t++)
			if (w->pt[v->pt + t])
				ok = check_owned_frame(m, seen, w->pt[v->pt + t] - 1, 0, "a page table");
		for (uint32_t p = 0; p < v->npages && ok; p++) {
			uint32_t pte = w->pte[v->pte + p];

			if (!(pte & PTE_PRESENT))
				continue;
			ok = check_world_frame(m, seen, pte & PTE_VAL_MASK, "a pte");
			if (ok)
				ref_add(w, pte & PTE_VAL_MASK, 1, 1);
		}
	}
	for (int f = 0; f < w->nr_files && ok; f++) {
		uint32_t dirty = 0;

		if (!w->file[f].in_use)
			continue;
		for (uint32_t i = 0; i < w->file[f].npages && ok; i++)
			if (w->pc[w->file[f].pc + i]) {
				ok = check_world_frame(m, seen, w->pc[w->file[f].pc + i] - 1,
						       "the page cache");
				if (ok)
					ref_add(w, w->pc[w->file[f].pc + i] - 1, 1, 0);
				if (ok && PageDirty(pfn_to_page(m, w->pc[w->file[f].pc + i] - 1)))
					dirty++;
			}
		if (ok && dirty != w->file[f].nr_dirty) {
			check_world_bad(m, V_BUDDY_CORRUPT, PFN_NONE, "file-dirty-count",
					"file f%d caches %u dirty pages, its count says %u",
					f, dirty, w->file[f].nr_dirty);
			ok = false;
		}
	}
	for (uint32_t s = 0; s < w->swap_hwm && ok; s++)
		if (w->swap_cache[s]) {
			ok = check_world_frame(m, seen, w->swap_cache[s] - 1, "the swap cache");
			if (ok)
				ref_add(w, w->swap_cache[s] - 1, 1, 0);
		}
	for (int i = 0; i < w->nr_pins && ok; i++)
		if (w->pin[i].task >= 0) {
			ok = check_world_frame(m, seen, w->pin[i].pfn, "a pin");
			if (ok)
				ref_add(w, w->pin[i].pfn, 1, 0);
		}
	for (int nid = 0; nid < m->cfg.nr_nodes && ok; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES && ok; zid++) {
			struct zone *z = model_zone(m, nid, zid);
			uint32_t pos;

			for (int l = 0; l < NR_LRU_LISTS && ok; l++) {
				long n = 0;

				list_for_each_id(m, pos, z->lru[l]) {
					struct page *page;

					if (!pfn_valid(m, pos) ||
					    !check_world_frame(m, seen, pos, "an LRU list")) {
						ok = false;
						break;
					}
					page = pfn_to_page(m, pos);
					n++;
					if (!w->refs[pos]) {
						check_world_bad(m, V_LEAK, pos, "lru-page-held-by-nobody",
							"pfn %#x is on the %s LRU of %s with _count %d, but no "
							"page cache, swap cache, mapping or pin holds it",
							pos, l == LRU_INACTIVE_ANON ? "inactive anon" :
							l == LRU_ACTIVE_ANON ? "active anon" :
							l == LRU_INACTIVE_FILE ? "inactive file" :
							l == LRU_ACTIVE_FILE ? "active file" : "unevictable",
							z->name, page_count(page));
						ok = false;
						break;
					}
					if (!PageLRU(page) || page_lru(page) != l) {
						check_world_bad(m, V_BUDDY_CORRUPT, pos, "lru-flags",
							"pfn %#x is on LRU list %d but its flags say list %d "
							"(PG_lru %d)", pos, l, page_lru(page), PageLRU(page));
						ok = false;
						break;
					}
					w->refs[pos] |= 0x40000000u;	/* seen on an LRU */
				}
				if (ok && n != zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + l))) {
					check_world_bad(m, V_BUDDY_CORRUPT, PFN_NONE, "lru-count",
						"%s LRU list %d holds %ld pages, its counter says %ld",
						z->name, l, n,
						zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + l)));
					ok = false;
				}
			}
		}
	for (uint32_t i = 0; i < w->nr_ref_list; i++) {
		uint32_t pfn = w->ref_list[i], r = w->refs[pfn];
		struct page *page = pfn_to_page(m, pfn);
		int refs = (int)(r & 0xffff), maps = (int)((r >> 16) & 0x3fff);

		w->refs[pfn] = 0;
		if (!ok)
			continue;
		if (page_count(page) != refs || page_mapcount(page) != maps) {
			check_world_bad(m, V_BUDDY_CORRUPT, pfn, "world-refcount",
				"pfn %#x has _count %d and mapcount %d; its holders account for %d "
				"and %d", pfn, page_count(page), page_mapcount(page), refs, maps);
			ok = false;
		} else if (!(r & 0x40000000u)) {
			check_world_bad(m, V_BUDDY_CORRUPT, pfn, "world-page-off-lru",
				"pfn %#x is held by the world but is on no LRU list", pfn);
			ok = false;
		}
	}
	w->nr_ref_list = 0;
	return ok;
}

/* Everything the world holds goes back: writeback ends, tasks exit, files go, swap empties. */
void world_teardown(struct model *m)
{
	struct world *w = m->w;

	if (!w)
		return;
	world_complete_writeback(m);
	for (int t = 0; t < MODEL_MAX_TASKS; t++)
		model_task_exit(m, t);
	for (int f = 0; f < w->nr_files; f++)
		if (w->file[f].in_use)
			model_file_drop(m, f);
	world_complete_writeback(m);
	for (uint32_t s = 0; s < w->swap_hwm; s++)
		if (w->swap_cache[s]) {
			struct page *page = pfn_to_page(m, w->swap_cache[s] - 1);

			if (!page_mapped(page))
				delete_from_swap_cache(m, page);
		}
}
