// SPDX-License-Identifier: GPL-2.0
/*
 * rmap.c - the reverse map (mm/rmap.c of v4.2).  An anonymous page is
 * mapped by at most one pte, found from page->mapping (its vma) and
 * page->index; a page-cache page by every shared vma of its file that
 * covers its index (the i_mmap walk).  page_referenced tests and clears
 * accessed bits [choice: CHOICE_PAGE_REFERENCED, default: as the ptes say];
 * try_to_unmap turns anonymous ptes into swap entries and clears file ptes.
 */
#include "internal.h"

void page_add_anon_rmap(struct model *m, struct page *page, int vma, unsigned long idx)
{
	page_touch(m, page);
	page->mapping = MAP_ANON | (uint32_t)vma;
	page->index = (uint32_t)idx;
	if (++page->_mapcount == 0)
		__mod_zone_page_state(page_zone(m, page), NR_ANON_PAGES, 1);
}

void page_add_file_rmap(struct model *m, struct page *page)
{
	page_touch(m, page);
	if (++page->_mapcount == 0)
		__mod_zone_page_state(page_zone(m, page), NR_FILE_MAPPED, 1);
}

/* Drops one mapping's _mapcount; the caller drops the mapping's reference. */
void page_remove_rmap(struct model *m, struct page *page)
{
	MODEL_BUG_ON_PAGE(m, page->_mapcount < 0, page);
	page_touch(m, page);
	if (--page->_mapcount >= 0)
		return;
	__mod_zone_page_state(page_zone(m, page),
			      (page->mapping & MAP_ANON) ? NR_ANON_PAGES : NR_FILE_MAPPED, -1);
}

/*
 * The ptes that map a page: calls fn on each (vma id, index in the vma).
 * Stops early when fn returns false.
 */
static void rmap_walk(struct model *m, struct page *page,
		      bool (*fn)(struct model *m, struct page *page, int vma, uint32_t idx, void *arg),
		      void *arg)
{
	struct world *w = m->w;
	uint32_t pfn = (uint32_t)page_to_pfn(m, page);
	uint32_t id = page->mapping & MAP_ID_MASK;

	if (!page_mapped(page))
		return;
	if (page->mapping & MAP_ANON) {
		struct vma *v = id < (uint32_t)w->nr_vmas ? &w->vma[id] : NULL;

		if (v && v->in_use && page->index < v->npages &&
		    (w->pte[v->pte + page->index] & (PTE_PRESENT | PTE_VAL_MASK)) == (PTE_PRESENT | pfn))
			fn(m, page, (int)id, page->index, arg);
		return;
	}
	if (!(page->mapping & MAP_FILE))
		return;
	for (int i = 0; i < w->nr_vmas; i++) {
		struct vma *v = &w->vma[i];
		uint32_t idx;

		if (!v->in_use || v->file != (int)id || page->index < v->pgoff ||
		    page->index - v->pgoff >= v->npages)
			continue;
		idx = page->index - v->pgoff;
		if ((w->pte[v->pte + idx] & (PTE_PRESENT | PTE_VAL_MASK)) != (PTE_PRESENT | pfn))
			continue;
		if (!fn(m, page, i, idx, arg))
			return;
	}
}

static bool referenced_one(struct model *m, struct page *page, int vma, uint32_t idx, void *arg)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t *pte = &w->pte[v->pte + idx];

	(void)page;
	if (*pte & PTE_YOUNG) {
		w_set(w, pte, *pte & ~PTE_YOUNG, WK_PTE, v->pte + idx);
		++*(int *)arg;
	}
	return true;
}

/*
 * page_referenced: how many ptes had the accessed bit (cleared now).  The
 * answer 1 adds one: another CPU touched the page through a mapping or a
 * read the model does not see.
 */
int page_referenced(struct model *m, struct page *page)
{
	struct choice_query q = { .id = CHOICE_PAGE_REFERENCED, .nr = 2, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = m->alloc_order, .task = m->current,
				  .pfn = (uint32_t)page_to_pfn(m, page), .label = m->trace.label,
				  .zone = 1 + page_zone_id(page) };
	int referenced = 0;

	if (!choice_fair(m, CHOICE_PAGE_REFERENCED) && choice_ask(m, &q))
		referenced++;
	rmap_walk(m, page, referenced_one, &referenced);
	return referenced;
}

struct unmap_arg {
	int ret;
	bool ignore_access;	/* TTU_IGNORE_ACCESS */
};

/* try_to_unmap_one */
static bool unmap_one(struct model *m, struct page *page, int vma, uint32_t idx, void *arg_)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	struct mm *mm = &w->mm[v->task];
	uint32_t *pte = &w->pte[v->pte + idx];
	struct unmap_arg *arg = arg_;

	/* a page referenced since page_referenced looked: leave it mapped */
	if ((*pte & PTE_YOUNG) && !arg->ignore_access) {
		w_set(w, pte, *pte & ~PTE_YOUNG, WK_PTE, v->pte + idx);
		arg->ret = SWAP_FAIL;
		return false;
	}
	if (page->mapping & MAP_ANON) {
		uint32_t slot = page->private;

		if (!PageSwapCache(page)) {
			arg->ret = SWAP_FAIL;	/* no swap entry to leave behind */
			return false;
		}
		page_touch(m, page);
		w_set(w, &w->swap_map[slot], w->swap_map[slot] + 1u, WK_SWAP_MAP, slot);
		w_set(w, pte, PTE_SWAP | slot, WK_PTE, v->pte + idx);
		mm->rss_anon--;
		mm->swapents++;
	} else {
		w_set(w, pte, 0, WK_PTE, v->pte + idx);
		mm->rss_file--;
	}
	page_remove_rmap(m, page);
	put_page(m, page);
	return true;
}

int try_to_unmap(struct model *m, struct page *page)
{
	struct unmap_arg arg = { .ret = SWAP_AGAIN };

	rmap_walk(m, page, unmap_one, &arg);
	if (arg.ret != SWAP_FAIL && !page_mapped(page))
		return SWAP_SUCCESS;
	return arg.ret;
}

/* unmap_mapping_range for one page-cache page (truncation): every pte goes. */
void unmap_mapping_page(struct model *m, struct page *page)
{
	struct unmap_arg arg = { .ret = SWAP_AGAIN, .ignore_access = true };

	if (page->mapping & MAP_FILE)
		rmap_walk(m, page, unmap_one, &arg);
}

static bool replace_one(struct model *m, struct page *page, int vma, uint32_t idx, void *arg)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t *pte = &w->pte[v->pte + idx];
	uint32_t newpfn = (uint32_t)page_to_pfn(m, (struct page *)arg);

	(void)page;
	w_set(w, pte, (*pte & ~PTE_VAL_MASK) | newpfn, WK_PTE, v->pte + idx);
	return true;
}

/* Migration: the ptes of old point at new (remove_migration_ptes in one step). */
void rmap_replace(struct model *m, struct page *old, struct page *new)
{
	rmap_walk(m, old, replace_one, new);
}
