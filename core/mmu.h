/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu.h - the world reclaim works in: tasks' address spaces and page
 * tables, the page cache, swap, the LRU.  Declarations shared by the files
 * that model it, each named after the kernel file it models:
 *
 *   mmu.c         the world's lifetime, its state hash, conservation, the
 *                 program's world operations (mmap, touch, pin, exit)
 *   memory.c      page faults, page-table pages, zapping a range
 *   rmap.c        the reverse map: page_referenced, try_to_unmap
 *   filemap.c     the page cache, dirtying, writeback and its completion
 *   swap_state.c  the swap cache
 *   swapfile.c    the swap device: slots and their counts
 *   swap.c        LRU insertion, mark_page_accessed, put_page
 *   vmscan.c      reclaim, kswapd, zone_reclaim
 *   migrate.c     moving a page's identity for compaction
 *
 * State lives in flat arrays owned by struct world so that it resets in
 * O(what the run used) and hashes incrementally: every write to a pte, a
 * page-cache slot or a swap slot goes through w_set(), which keeps w->hash
 * equal to the XOR of every non-zero slot's contribution.
 *
 * Page identity is kept in struct page as the kernel keeps it:
 *   anonymous page:  mapping = MAP_ANON | vma id, index = page in the vma,
 *                    PG_swapbacked; in the swap cache also PG_swapcache and
 *                    private = swap slot;
 *   page-cache page: mapping = MAP_FILE | file id, index = page in the file;
 *   page-table page: mapping 0, owned through the vma's table array.
 * References: the page cache or swap cache holds one, every mapping holds
 * one (and one _mapcount), a pin holds one, isolation holds one.  The LRU
 * holds none.
 */
#ifndef PAFUZZ_MMU_H
#define PAFUZZ_MMU_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"

struct model;
struct page;
struct zone;

#define WORLD_MAX_VMAS		64
#define WORLD_MAX_FILES		32
#define WORLD_MAX_PINS		256
#define WORLD_MAX_SWAP		(1u << 20)
#define PTRS_PER_PTE		512

/* page->mapping owner words */
#define MAP_ANON		0x80000000u
#define MAP_FILE		0x40000000u
#define MAP_ID_MASK		0x0000ffffu

/* pte values: 0 = none */
#define PTE_PRESENT		0x80000000u
#define PTE_SWAP		0x40000000u
#define PTE_ZERO		0x20000000u	/* mapped to the shared zero page */
#define PTE_YOUNG		0x10000000u	/* accessed bit */
#define PTE_VAL_MASK		0x0fffffffu

/* swap_map: count of swap ptes in the low bits, SWAP_HAS_CACHE above */
#define SWAP_HAS_CACHE		0x80u
#define SWAP_COUNT_MASK		0x7fu

struct vma {
	bool in_use;
	int8_t task;
	int8_t file;		/* -1: anonymous */
	uint32_t pgoff;		/* file page of the vma's first page */
	uint32_t npages;
	uint32_t pte;		/* first entry in w->pte */
	uint32_t pt;		/* first entry in w->pt: page-table frames (pfn + 1) */
};

struct mm {
	long rss_anon, rss_file, swapents, nr_ptes, total_vm;
};

struct wfile {
	bool in_use;
	uint32_t npages;
	uint32_t pc;		/* first entry in w->pc: page-cache frames (pfn + 1) */
	/*
	 * Cached pages with PG_dirty (the inode's dirty tag): the flusher
	 * walks only files that have some, and stops once it saw them all.
	 */
	uint32_t nr_dirty;
};

struct pin {
	uint32_t pfn;		/* the page pinned (pins never migrate, so it stays) */
	int8_t task;		/* -1: free slot */
	int8_t vma;		/* where the task pinned it from */
	uint32_t idx;
};

struct world {
	struct vma vma[WORLD_MAX_VMAS];
	int nr_vmas;		/* ids are never reused within a run */
	struct mm mm[MODEL_MAX_TASKS];
	struct wfile file[WORLD_MAX_FILES];
	int nr_files;
	struct pin pin[WORLD_MAX_PINS];
	int nr_pins;

	uint32_t *pte, nr_pte, cap_pte;
	uint32_t *pt, nr_pt, cap_pt;
	uint32_t *pc, nr_pc, cap_pc;

	/* swap device (swapfile.c) and swap cache (swap_state.c) */
	uint32_t *swap_map;
	uint32_t *swap_cache;	/* pfn + 1 */
	uint32_t swap_cap;	/* allocated slots */
	uint32_t nr_swap;	/* total_swap_pages this run */
	long nr_swap_free;	/* nr_swap_pages */
	uint32_t swap_cursor, swap_hwm;

	/* pages whose writeback was started, oldest first (filemap.c) */
	uint32_t *wbq;
	uint32_t wbq_cap, wbq_head, wbq_tail;

	bool kswapd_running;
	int kswapd_interrupted;	/* the task kswapd's run interrupted (it cannot exit meanwhile) */
	uint32_t gen;		/* bumped by every vma/file/pin made or gone */
	uint64_t hash;		/* XOR of every slot's contribution */

	/* scratch for world_mark_owned: per frame references found, and which */
	uint32_t *refs, *ref_list, nr_ref_list;
};

/* ---- mmu.c ---------------------------------------------------------------- */
int world_create(struct model *m);
void world_destroy(struct model *m);
/* hash-keeping store of one slot; kind names the array */
void w_set(struct world *w, uint32_t *slot, uint32_t val, unsigned kind, uint32_t idx);
enum { WK_PTE = 1, WK_PT, WK_PC, WK_SWAP_MAP, WK_SWAP_CACHE };
struct vma *vma_of(struct model *m, int task, int vma);
int page_task(struct model *m, const struct page *page);

/* ---- memory.c -------------------------------------------------------------- */
/* Handles a fault on one virtual page: 0, or -ENOMEM (VM_FAULT_OOM). */
int handle_mm_fault(struct model *m, int vma, unsigned long idx, bool write);
/* Zaps every pte of a vma; its page tables stay (the OOM reaper's unmap_page_range). */
void zap_vma_ptes(struct model *m, int vma);
/* Zaps every pte of a vma and frees its page tables (unmap_vmas + free_pgtables). */
void unmap_vma(struct model *m, int vma);

/* ---- rmap.c ---------------------------------------------------------------- */
void page_add_anon_rmap(struct model *m, struct page *page, int vma, unsigned long idx);
void page_add_file_rmap(struct model *m, struct page *page);
void page_remove_rmap(struct model *m, struct page *page);
int page_referenced(struct model *m, struct page *page);
enum ttu_ret { SWAP_SUCCESS, SWAP_AGAIN, SWAP_FAIL };
int try_to_unmap(struct model *m, struct page *page);
void unmap_mapping_page(struct model *m, struct page *page);
/* Rewrites every pte that maps old to map new (migration). */
void rmap_replace(struct model *m, struct page *old, struct page *new);

/* ---- filemap.c ----------------------------------------------------------- */
int add_to_page_cache_lru(struct model *m, struct page *page, int file, unsigned long idx);
void __delete_from_page_cache(struct model *m, struct page *page);
struct page *find_get_page(struct model *m, int file, unsigned long idx);
bool set_page_dirty(struct model *m, struct page *page);
bool clear_page_dirty_for_io(struct model *m, struct page *page);
void set_page_writeback(struct model *m, struct page *page);
void end_page_writeback(struct model *m, struct page *page, bool error);
void wakeup_flusher_threads(struct model *m, unsigned long nr_pages);
bool page_is_file_cache(const struct page *page);

/* ---- swapfile.c ------------------------------------------------------------ */
uint32_t get_swap_page(struct model *m);	/* slot + 1, or 0 */
void swap_free(struct model *m, uint32_t slot);
void swapcache_free(struct model *m, uint32_t slot);
void free_swap_and_cache(struct model *m, uint32_t slot);
long get_nr_swap_pages(struct model *m);
bool vm_swap_full(struct model *m);
int page_swapcount(struct model *m, const struct page *page);
bool try_to_free_swap(struct model *m, struct page *page);

/* ---- swap_state.c ---------------------------------------------------------- */
bool add_to_swap(struct model *m, struct page *page);
int add_to_swap_cache(struct model *m, struct page *page, uint32_t slot);
void __delete_from_swap_cache(struct model *m, struct page *page);
void delete_from_swap_cache(struct model *m, struct page *page);
struct page *lookup_swap_cache(struct model *m, uint32_t slot);
int swap_writepage(struct model *m, struct page *page);

/* ---- swap.c ------------------------------------------------------------------ */
void get_page(struct model *m, struct page *page);
void put_page(struct model *m, struct page *page);
void __page_cache_release(struct model *m, struct page *page, int site);
void lru_cache_add(struct model *m, struct page *page);
void lru_cache_add_active_or_unevictable(struct model *m, struct page *page);
void mark_page_accessed(struct model *m, struct page *page);
void rotate_reclaimable_page(struct model *m, struct page *page);
void add_page_to_lru_list(struct model *m, struct page *page, int lru);
void del_page_from_lru_list(struct model *m, struct page *page, int lru);
int page_lru(const struct page *page);
int page_lru_base_type(const struct page *page);

/* ---- vmscan.c ---------------------------------------------------------------- */
bool current_is_kswapd(struct model *m);
unsigned long zone_reclaimable_pages(struct model *m, struct zone *zone);
bool zone_reclaimable(struct model *m, struct zone *zone);

#endif
