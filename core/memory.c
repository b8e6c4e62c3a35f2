// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - page faults and unmapping (mm/memory.c of v4.2):
 * handle_mm_fault with __pte_alloc, do_anonymous_page (the zero page for
 * reads), do_swap_page, the shared file fault, and zap of a whole vma with
 * free_pgtables.  A fault that cannot get a page returns VM_FAULT_OOM and
 * goes through pagefault_out_of_memory.
 */
#include <errno.h>
#include "internal.h"

/* x86 PGALLOC_GFP: GFP_KERNEL | __GFP_NOTRACK | __GFP_REPEAT | __GFP_ZERO */
#define PGALLOC_GFP	(GFP_KERNEL | __GFP_NOTRACK | __GFP_REPEAT | __GFP_ZERO)

static inline uint32_t *pte_of(struct world *w, const struct vma *v, unsigned long idx)
{
	return &w->pte[v->pte + idx];
}

static void set_pte(struct world *w, const struct vma *v, unsigned long idx, uint32_t val)
{
	w_set(w, pte_of(w, v, idx), val, WK_PTE, v->pte + (uint32_t)idx);
}

/* __pte_alloc: the page table covering idx, allocated on first use. */
static int __pte_alloc(struct model *m, int vma, unsigned long idx)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t t = v->pt + (uint32_t)(idx / PTRS_PER_PTE);
	struct page *page;

	if (w->pt[t])
		return 0;
	page = alloc_pages_current(m, PGALLOC_GFP, 0);
	if (!page)
		return -ENOMEM;
	if (!v->in_use || w->pt[t]) {	/* the vma went, or the table came, while we slept */
		__free_pages(m, page, 0);
		return v->in_use ? 0 : -EINVAL;
	}
	page_owner_alloc(m, page, 0, SITE_PAGETABLE);
	w_set(w, &w->pt[t], (uint32_t)page_to_pfn(m, page) + 1, WK_PT, t);
	w->mm[v->task].nr_ptes++;
	__mod_zone_page_state(page_zone(m, page), NR_PAGETABLE, 1);
	return 0;
}

/*
 * pagefault_out_of_memory: a fault that got no page asks the OOM killer,
 * under the oom_lock, as v4.2 does when no memcg OOM is pending.
 */
static void pagefault_out_of_memory(struct model *m)
{
	if (m->oom_lock_holder != -1)
		return;
	m->oom_lock_holder = m->current;
	out_of_memory(m, NULL, 0, 0, NULL, false);
	if (m->oom_lock_holder == m->current)
		m->oom_lock_holder = -1;
}

static struct page *alloc_user_page(struct model *m, int site)
{
	struct page *page;

	/* model_fragment's anonymous pages: the frame it took for this fault */
	if (m->next_place < m->nr_place) {
		page = pfn_to_page(m, m->place[m->next_place++]);
		page_owner_alloc(m, page, 0, site);
		return page;
	}
	page = alloc_pages_current(m, GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0);

	if (page)
		page_owner_alloc(m, page, 0, site);
	return page;
}

/* do_anonymous_page: reads map the zero page; writes get a new page on the active list. */
static int do_anonymous_page(struct model *m, int vma, unsigned long idx, bool write)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	struct page *page;

	if (!write) {
		set_pte(w, v, idx, PTE_ZERO | PTE_YOUNG);
		return 0;
	}
	page = alloc_user_page(m, SITE_ANON_FAULT);
	if (!page)
		return -ENOMEM;
	if (!v->in_use || (*pte_of(w, v, idx) & (PTE_PRESENT | PTE_SWAP))) {
		__free_pages(m, page, 0);
		return 0;
	}
	SetPageFlag(m, page, PG_swapbacked);
	SetPageFlag(m, page, PG_uptodate);
	page_add_anon_rmap(m, page, vma, idx);	/* the allocation's reference is the mapping's */
	w->mm[v->task].rss_anon++;
	set_pte(w, v, idx, PTE_PRESENT | PTE_YOUNG | (uint32_t)page_to_pfn(m, page));
	lru_cache_add_active_or_unevictable(m, page);
	return 0;
}

/* do_swap_page: from the swap cache, or read back from the device into a new page. */
static int do_swap_page(struct model *m, int vma, unsigned long idx, bool write)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t slot = *pte_of(w, v, idx) & PTE_VAL_MASK;
	struct page *page = lookup_swap_cache(m, slot);

	if (!page) {
		/* read_swap_cache_async: a new page, in the swap cache, read synchronously */
		page = alloc_user_page(m, SITE_ANON_FAULT);
		if (!page)
			return -ENOMEM;
		if (*pte_of(w, v, idx) != (PTE_SWAP | slot) || lookup_swap_cache(m, slot)) {
			__free_pages(m, page, 0);
			return 0;	/* raced: the fault is retried by the next touch */
		}
		SetPageFlag(m, page, PG_swapbacked);
		page_touch(m, page);
		page->mapping = MAP_ANON | (uint32_t)vma;
		page->index = (uint32_t)idx;
		if (add_to_swap_cache(m, page, slot)) {
			page->mapping = 0;
			__free_pages(m, page, 0);
			return -ENOMEM;
		}
		SetPageFlag(m, page, PG_uptodate);
		count_vm_events(m, PSWPIN, 1);
		lru_cache_add(m, page);
		put_page(m, page);	/* the allocation's reference: the swap cache holds its own */
	}
	get_page(m, page);
	page_add_anon_rmap(m, page, vma, idx);
	w->mm[v->task].rss_anon++;
	w->mm[v->task].swapents--;
	set_pte(w, v, idx, PTE_PRESENT | PTE_YOUNG | (uint32_t)page_to_pfn(m, page));
	swap_free(m, slot);
	/* a write reuses the page: it leaves the swap cache and is dirty again */
	if (write || vm_swap_full(m))
		try_to_free_swap(m, page);
	mark_page_accessed(m, page);
	return 0;
}

/* find_get_page or a new page-cache page; the caller gets a reference. */
static struct page *file_get_page(struct model *m, int file, unsigned long idx)
{
	struct page *page = find_get_page(m, file, idx);

	if (page)
		return page;
	page = alloc_user_page(m, SITE_PAGECACHE);
	if (!page)
		return NULL;
	if (!m->w->file[file].in_use) {
		__free_pages(m, page, 0);
		return NULL;
	}
	if (find_get_page(m, file, idx)) {	/* filled while we slept */
		__free_pages(m, page, 0);
		return find_get_page(m, file, idx);
	}
	add_to_page_cache_lru(m, page, file, idx);
	SetPageFlag(m, page, PG_uptodate);	/* ->readpage, synchronous */
	return page;
}

/* The shared file fault (do_read_fault / do_shared_fault). */
static int do_file_fault(struct model *m, int vma, unsigned long idx, bool write)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	struct page *page;

	if (!w->file[v->file].in_use)
		return -EINVAL;
	page = file_get_page(m, v->file, v->pgoff + idx);
	if (!page)
		return -ENOMEM;
	if (!v->in_use || (*pte_of(w, v, idx) & PTE_PRESENT)) {
		put_page(m, page);
		return 0;
	}
	page_add_file_rmap(m, page);	/* the lookup's reference is the mapping's */
	w->mm[v->task].rss_file++;
	set_pte(w, v, idx, PTE_PRESENT | PTE_YOUNG | (uint32_t)page_to_pfn(m, page));
	if (write)
		set_page_dirty(m, page);
	return 0;
}

static int do_fault(struct model *m, int vma, unsigned long idx, bool write)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t pte = *pte_of(w, v, idx);
	struct page *page;

	count_vm_events(m, PGFAULT, 1);
	if (pte & PTE_SWAP)
		return do_swap_page(m, vma, idx, write);
	if (v->file >= 0)
		return do_file_fault(m, vma, idx, write);
	if (pte & PTE_ZERO) {
		if (!write)
			return 0;
		/* do_wp_page on the zero page: a new anonymous page replaces it */
		set_pte(w, v, idx, 0);
		return do_anonymous_page(m, vma, idx, true);
	}
	if (!(pte & PTE_PRESENT))
		return do_anonymous_page(m, vma, idx, write);
	page = pfn_to_page(m, pte & PTE_VAL_MASK);
	if (write && PageSwapCache(page))
		try_to_free_swap(m, page);	/* do_wp_page: reuse_swap_page */
	return 0;
}

/* handle_mm_fault for one virtual page, or the accessed/dirty bits of a mapped one. */
int handle_mm_fault(struct model *m, int vma, unsigned long idx, bool write)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	uint32_t pte;
	int rc;

	m->trace.label = L_OP;
	pte = *pte_of(w, v, idx);
	if ((pte & PTE_PRESENT) && !(write && v->file < 0 && PageSwapCache(pfn_to_page(m, pte & PTE_VAL_MASK)))) {
		struct page *page = pfn_to_page(m, pte & PTE_VAL_MASK);

		if (!(pte & PTE_YOUNG))
			set_pte(w, v, idx, pte | PTE_YOUNG);
		if (write && v->file >= 0)
			set_page_dirty(m, page);
		return 0;
	}
	if ((pte & PTE_ZERO) && !write) {
		if (!(pte & PTE_YOUNG))
			set_pte(w, v, idx, pte | PTE_YOUNG);
		return 0;
	}
	rc = __pte_alloc(m, vma, idx);
	if (!rc && v->in_use)
		rc = do_fault(m, vma, idx, write);
	if (rc == -ENOMEM && !m->stopped)
		pagefault_out_of_memory(m);
	return rc == -EINVAL ? 0 : rc;
}

/* zap_pte_range over the whole vma: its page tables stay. */
void zap_vma_ptes(struct model *m, int vma)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	struct mm *mm = &w->mm[v->task];

	for (uint32_t i = 0; i < v->npages; i++) {
		uint32_t pte = *pte_of(w, v, i);

		if (!pte)
			continue;
		set_pte(w, v, i, 0);
		if (pte & PTE_PRESENT) {
			struct page *page = pfn_to_page(m, pte & PTE_VAL_MASK);

			if (v->file >= 0)
				mm->rss_file--;
			else
				mm->rss_anon--;
			if (pte & PTE_YOUNG && v->file >= 0)
				mark_page_accessed(m, page);
			page_remove_rmap(m, page);
			put_page(m, page);
		} else if (pte & PTE_SWAP) {
			mm->swapents--;
			free_swap_and_cache(m, pte & PTE_VAL_MASK);
		}
	}
}

/* zap_pte_range over the whole vma, then free_pgtables. */
void unmap_vma(struct model *m, int vma)
{
	struct world *w = m->w;
	struct vma *v = &w->vma[vma];
	struct mm *mm = &w->mm[v->task];
	unsigned long tables = (v->npages + PTRS_PER_PTE - 1) / PTRS_PER_PTE;

	zap_vma_ptes(m, vma);
	for (unsigned long t = 0; t < tables; t++) {
		uint32_t *slot = &w->pt[v->pt + t];

		if (!*slot)
			continue;
		struct page *page = pfn_to_page(m, *slot - 1);

		w_set(w, slot, 0, WK_PT, v->pt + (uint32_t)t);
		mm->nr_ptes--;
		__mod_zone_page_state(page_zone(m, page), NR_PAGETABLE, -1);
		page_owner_free(m, page, 0, SITE_EXIT);
		__free_pages(m, page, 0);
	}
}
