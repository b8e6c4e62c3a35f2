/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmzone.h - struct page, zones, nodes, free areas and per-cpu lists as the
 * v4.2 kernel laid them out (include/linux/mm_types.h, mmzone.h,
 * page-flags.h), shrunk to what the model's decisions need.
 *
 * Lists are index lists (core/internal.h): a link names a frame by its pfn
 * or list head k by nr_frames + k (heads live in the page array past the
 * frames), so that the state can be hashed and restored without pointer
 * values.
 */
#ifndef PAFUZZ_MMZONE_H
#define PAFUZZ_MMZONE_H

#include <stdbool.h>
#include <stdint.h>
#include "gfp.h"

#define MAX_NUMNODES		2
#define MAX_ORDER_LIMIT		11	/* the largest MAX_ORDER a model may take */
#define MODEL_MAX_CPUS		8
#define SWAP_CLUSTER_MAX	32
#define DEF_PRIORITY		12
#define COMPACT_MAX_DEFER_SHIFT	6
#define PAGE_SHIFT		12
#define PAGE_SIZE_KB		4

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

enum {
	MIGRATE_UNMOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_MOVABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_RESERVE = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,	/* no CMA in the model: see README "Model limits" */
	MIGRATE_TYPES
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/* enum zone_stat_item of v4.2, in the kernel's order */
enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ALLOC_BATCH,
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_MLOCK,
	NR_ANON_PAGES,
	NR_FILE_MAPPED,
	NR_FILE_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_SLAB_RECLAIMABLE,
	NR_SLAB_UNRECLAIMABLE,
	NR_PAGETABLE,
	NR_KERNEL_STACK,
	NR_UNSTABLE_NFS,
	NR_BOUNCE,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE,
	NR_WRITEBACK_TEMP,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	NR_SHMEM,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_PAGES_SCANNED,
	NR_VM_ZONE_STAT_ITEMS
};

enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

/* enum zone_flags */
enum zone_flags {
	ZONE_RECLAIM_LOCKED,
	ZONE_OOM_LOCKED,
	ZONE_CONGESTED,
	ZONE_DIRTY,
	ZONE_WRITEBACK,
	ZONE_FAIR_DEPLETED,
	/*
	 * patch revert-all-unreclaimable (reverts 6e543d5780e3, v3.12): the
	 * zone->all_unreclaimable of 3.11, set by kswapd, cleared by a free
	 * into the zone; never set without the patch
	 */
	ZONE_ALL_UNRECLAIMABLE,
};

/* enum pageflags, the subset the model uses, kernel names */
enum pageflags {
	PG_locked,
	PG_error,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_slab,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_writeback,
	PG_head,
	PG_tail,
	PG_swapcache,
	PG_mappedtodisk,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	/* harness-only: a frame inside a hole of the zone span (no memory) */
	PG_hole,
	__NR_PAGEFLAGS
};

#define PAGE_FLAGS_CHECK_AT_FREE \
	((1u << PG_lru) | (1u << PG_locked) | (1u << PG_private) | \
	 (1u << PG_private_2) | (1u << PG_writeback) | (1u << PG_reserved) | \
	 (1u << PG_slab) | (1u << PG_swapcache) | (1u << PG_active) | \
	 (1u << PG_unevictable) | (1u << PG_mlocked) | (1u << PG_hwpoison))
#define PAGE_FLAGS_CHECK_AT_PREP ((1u << PG_hole) - 1)

#define PAGE_BUDDY_MAPCOUNT_VALUE	(-128)

/* how the state hash names list head k (LIST_HEAD_BIT | k), whatever the layout */
#define LIST_HEAD_BIT	0x80000000u
#define PFN_NONE	0xffffffffu

struct plist {
	uint32_t next, prev;
};

/*
 * struct page: one per frame, including holes.  Fixed after setup: zone_id
 * (node * MAX_NR_ZONES + zone).  While PageBuddy: private == order,
 * _count == 0, _mapcount == PAGE_BUDDY_MAPCOUNT_VALUE on the block head and
 * -1 on the rest, index == freepage migratetype.  On a compound page: head
 * has PG_head and compound_order; tails have PG_tail and first_page == head.
 */
struct page {
	uint32_t flags;
	int32_t _count;
	int32_t _mapcount;
	uint32_t private;
	uint32_t mapping;	/* 0, or an owner word built by core/mmu.c */
	uint32_t index;
	struct plist lru;
	uint32_t first_page;
	uint8_t compound_order;
	uint8_t zone_id;
	uint8_t pfmemalloc;
	uint8_t pad_;		/* always 0 */
	/* page_owner-style history; not model state, not hashed */
	uint32_t last_alloc_op;
	uint32_t last_free_op;
	uint16_t alloc_site;
	uint16_t free_site;
	/*
	 * Harness marks, not model state: MF_*.  A 32-bit word, not a byte:
	 * a store through a char type may alias anything, and the hot paths
	 * would reload every pointer after each mark.
	 */
	uint32_t mflags;
	uint64_t hcontrib;	/* this page's share of the state hash, as of the last settle */
};

#define MF_DIRTY	0x02	/* changed since the last hash settle (touched since reset: physmem.h) */

struct free_area {
	uint32_t free_list[MIGRATE_TYPES];	/* list head ids */
	long nr_free;	/* == number of blocks on free_list[*] */
};

struct per_cpu_pages {
	int count;	/* == pages on lists[*] */
	int high;	/* fixed after setup */
	int batch;	/* fixed after setup */
	uint32_t lists[MIGRATE_PCPTYPES];
};

struct zone_reclaim_stat {
	unsigned long recent_rotated[2];
	unsigned long recent_scanned[2];
};

struct zone {
	/* fixed after setup */
	unsigned long watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long dirty_balance_reserve;
	int node;
	int idx;		/* enum zone_type */
	const char *name;

	/* state */
	unsigned long flags;	/* enum zone_flags bits */
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	struct free_area free_area[MAX_ORDER_LIMIT];
	struct per_cpu_pages pcp[MODEL_MAX_CPUS];

	/* reclaim (core/vmscan.c) */
	uint32_t lru[NR_LRU_LISTS];	/* list head ids */
	struct zone_reclaim_stat reclaim_stat;

	/* compaction (core/compaction.c) */
	unsigned long compact_cached_free_pfn;
	unsigned long compact_cached_migrate_pfn[2];
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;
};

#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zoneref {
	int8_t node;
	int8_t zone_idx;
};

struct zonelist {
	int nr;
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST];
};

#define ZONELIST_FALLBACK	0
#define ZONELIST_NOFALLBACK	1	/* __GFP_THISNODE */

typedef uint32_t nodemask_t;	/* bit n: node n */

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[2];
	int node_id;
	int nr_zones;		/* highest populated zone index + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	/* kswapd (core/vmscan.c) */
	int kswapd_max_order;
	int classzone_idx;
	bool kswapd_waiting;	/* asleep on kswapd_wait: a wakeup matters */
	bool kswapd_woken;	/* woken and not yet run */
};

static inline bool is_highmem_idx(int idx)
{
	return idx == ZONE_HIGHMEM;
}

#endif
