/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - declarations shared between the files of core/, grouped by the
 * file that defines them (like the kernel's mm/internal.h), plus the inline
 * helpers every file uses: index lists, page flags, zone counters.
 */
#ifndef PAFUZZ_INTERNAL_H
#define PAFUZZ_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>
#include "model.h"
#include "mmu.h"
#include "watchdog.h"

/* ---- assertions ------------------------------------------------------ */

#ifndef DEBUG
#define DEBUG 1
#endif

/* Always on: dumps the page, records a model-bug verdict and traps. */
void model_bug(struct model *m, const struct page *page, const char *file, int line,
	       const char *cond) __attribute__((noreturn));
#define MODEL_BUG_ON(m, cond) do {					\
	if (__builtin_expect(!!(cond), 0))				\
		model_bug((m), NULL, __FILE__, __LINE__, #cond);	\
} while (0)
#define MODEL_BUG_ON_PAGE(m, cond, page) do {				\
	if (__builtin_expect(!!(cond), 0))				\
		model_bug((m), (page), __FILE__, __LINE__, #cond);	\
} while (0)
/* DEBUG >= 2: cheap checks inside hot functions */
#if DEBUG >= 2
#define VM_BUG_ON_PAGE(m, cond, page) MODEL_BUG_ON_PAGE(m, cond, page)
#else
#define VM_BUG_ON_PAGE(m, cond, page) do { (void)sizeof(cond); } while (0)
#endif

/*
 * choice_fair: true, counting the question, when no answerer is installed and
 * so the fair default stands; lets hot paths skip building a choice_query.
 */
static inline bool choice_fair(struct model *m, enum choice_id id)
{
	if (m->answerer.answer)
		return false;
	m->nr_choices++;
	return true;
}

/* ---- mixing (state hash, trace hash) --------------------------------- */

static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* ---- frames ----------------------------------------------------------- */

static inline struct page *pfn_to_page(struct model *m, unsigned long pfn)
{
	return &m->pm.pages[pfn];
}

static inline unsigned long page_to_pfn(const struct model *m, const struct page *page)
{
	return (unsigned long)(page - m->pm.pages);
}

static inline bool pfn_valid(const struct model *m, unsigned long pfn)
{
	return pfn < m->pm.nr_frames;
}

/* The inline half of marking entry id (page p) written: physmem.h */
static inline __attribute__((always_inline)) void entry_mark(struct model *m, struct page *p,
							     uint32_t id)
{
	if (__builtin_expect(!(p->mflags & MF_DIRTY), 0))
		model_mark1(m, id);
}

static inline __attribute__((always_inline)) void page_touch(struct model *m, struct page *page)
{
	entry_mark(m, page, (uint32_t)page_to_pfn(m, page));
}

static inline struct zone *page_zone(struct model *m, const struct page *page)
{
	return m->zone_of_id[page->zone_id];
}

/* The zone's index among all nodes' zones: page_zone_id() of the kernel */
static inline unsigned page_zone_id(const struct page *page)
{
	return page->zone_id;
}

/* The zone's index among all nodes' zones, as page_zone_id() gives it for its pages */
static inline unsigned zone_id_of(const struct zone *z)
{
	return (unsigned)(z->node * MAX_NR_ZONES + z->idx);
}

static inline int page_to_nid(const struct page *page)
{
	return page->zone_id / MAX_NR_ZONES;
}

static inline int zone_to_nid(const struct zone *z)
{
	return z->node;
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

static inline bool PageFlag(const struct page *p, int bit)
{
	return (p->flags >> bit) & 1u;
}

static inline void SetPageFlag(struct model *m, struct page *p, int bit)
{
	page_touch(m, p);
	p->flags |= 1u << bit;
}

static inline void ClearPageFlag(struct model *m, struct page *p, int bit)
{
	page_touch(m, p);
	p->flags &= ~(1u << bit);
}

#define PageBuddy(p)	((p)->_mapcount == PAGE_BUDDY_MAPCOUNT_VALUE)
#define PageReserved(p)	PageFlag(p, PG_reserved)
#define PageHole(p)	PageFlag(p, PG_hole)
#define PageLRU(p)	PageFlag(p, PG_lru)
#define PageActive(p)	PageFlag(p, PG_active)
#define PageDirty(p)	PageFlag(p, PG_dirty)
#define PageWriteback(p) PageFlag(p, PG_writeback)
#define PageSwapCache(p) PageFlag(p, PG_swapcache)
#define PageSwapBacked(p) PageFlag(p, PG_swapbacked)
#define PageReferenced(p) PageFlag(p, PG_referenced)
#define PageReclaim(p)	PageFlag(p, PG_reclaim)
#define PageUnevictable(p) PageFlag(p, PG_unevictable)
#define PageHead(p)	PageFlag(p, PG_head)
#define PageTail(p)	PageFlag(p, PG_tail)
#define PageCompound(p)	((p)->flags & ((1u << PG_head) | (1u << PG_tail)))
#define PageLocked(p)	PageFlag(p, PG_locked)

/*
 * page_mapping(page) != NULL: a page-cache page of a file, or a page in the
 * swap cache (swapper_space).  NULL for an anonymous page outside the swap
 * cache and for a page truncated out of its file.
 */
static inline bool page_mapping_set(const struct page *page)
{
	return (page->mapping & MAP_FILE) || PageSwapCache(page);
}

static inline unsigned page_order(const struct page *p)
{
	return p->private;
}

static inline int page_count(const struct page *p)
{
	return p->_count;
}

static inline int page_mapcount(const struct page *p)
{
	return p->_mapcount + 1;
}

static inline bool page_mapped(const struct page *p)
{
	return p->_mapcount >= 0;
}

static inline void set_page_count(struct model *m, struct page *p, int v)
{
	page_touch(m, p);
	p->_count = v;
}

/* ---- index lists (the kernel's list.h over frame/head ids) ------------ */

static inline __attribute__((always_inline)) struct plist *pl(struct model *m, uint32_t id)
{
	return &m->pm.pages[id].lru;
}

/* pl() for writing: marks the entry touched and returns its links, one lookup */
static inline __attribute__((always_inline)) struct plist *pl_w(struct model *m, uint32_t id)
{
	struct page *p = &m->pm.pages[id];

	entry_mark(m, p, id);
	return &p->lru;
}

static inline __attribute__((always_inline)) void pl_touch(struct model *m, uint32_t id)
{
	(void)pl_w(m, id);
}

static inline void INIT_LIST_HEAD(struct model *m, uint32_t head)
{
	struct plist *h = pl_w(m, head);

	h->next = head;
	h->prev = head;
}

static inline __attribute__((always_inline)) bool list_empty(struct model *m, uint32_t head)
{
	return pl(m, head)->next == head;
}

/*
 * The list operations take the page array as pages: a caller that walks the
 * buddy keeps it in a local (the _at forms), so it is not read again from the
 * model after each operation; the plain forms read it from m.
 */
static inline __attribute__((always_inline)) void __list_add_at(struct model *m, struct page *pages,
								uint32_t new, uint32_t prev, uint32_t next)
{
	struct page *pn = &pages[next], *pp = &pages[prev], *pe = &pages[new];
	struct plist *n = &pn->lru, *p = &pp->lru, *e = &pe->lru;

	n->prev = new;
	e->next = next;
	e->prev = prev;
	p->next = new;
	/*
	 * The three marks (physmem.h), tested at once and after the writes:
	 * nothing settles the hash or resets within a list operation.
	 */
	if (__builtin_expect(!(pn->mflags & pp->mflags & pe->mflags & MF_DIRTY), 0))
		model_mark3(m, next, prev, new);
}

static inline __attribute__((always_inline)) void list_add_at(struct model *m, struct page *pages,
							      uint32_t new, uint32_t head)
{
	__list_add_at(m, pages, new, head, pages[head].lru.next);
}

static inline __attribute__((always_inline)) void list_add_tail_at(struct model *m, struct page *pages,
								   uint32_t new, uint32_t head)
{
	__list_add_at(m, pages, new, pages[head].lru.prev, head);
}

static inline __attribute__((always_inline)) void list_del_at(struct model *m, struct page *pages,
							      uint32_t entry)
{
	struct page *pe = &pages[entry];
	struct plist *e = &pe->lru;
	uint32_t prev = e->prev, next = e->next;
	struct page *pp = &pages[prev], *pn = &pages[next];
	struct plist *p = &pp->lru, *n = &pn->lru;

	n->prev = prev;
	p->next = next;
	e->next = PFN_NONE;
	e->prev = PFN_NONE;
	if (__builtin_expect(!(pn->mflags & pp->mflags & pe->mflags & MF_DIRTY), 0))
		model_mark3(m, prev, next, entry);
}

static inline __attribute__((always_inline)) void list_add(struct model *m, uint32_t new, uint32_t head)
{
	list_add_at(m, m->pm.pages, new, head);
}

static inline __attribute__((always_inline)) void list_add_tail(struct model *m, uint32_t new,
								uint32_t head)
{
	list_add_tail_at(m, m->pm.pages, new, head);
}

static inline __attribute__((always_inline)) void list_del(struct model *m, uint32_t entry)
{
	list_del_at(m, m->pm.pages, entry);
}

static inline __attribute__((always_inline)) void list_move(struct model *m, uint32_t entry, uint32_t head)
{
	list_del(m, entry);
	list_add(m, entry, head);
}

static inline __attribute__((always_inline)) void list_move_tail(struct model *m, uint32_t entry, uint32_t head)
{
	list_del(m, entry);
	list_add_tail(m, entry, head);
}

static inline __attribute__((always_inline)) uint32_t list_first(struct model *m, uint32_t head)
{
	return pl(m, head)->next;
}

static inline __attribute__((always_inline)) uint32_t list_last(struct model *m, uint32_t head)
{
	return pl(m, head)->prev;
}

#define list_for_each_id(m, pos, head) \
	for ((pos) = pl((m), (head))->next; (pos) != (head); (pos) = pl((m), (pos))->next)

/* ---- zone counters ---------------------------------------------------- */

static inline long zone_page_state(const struct zone *z, enum zone_stat_item item)
{
	return z->vm_stat[item];
}

static inline void __mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	z->vm_stat[item] += delta;
}

/* Pages examined by reclaim or compaction count against the run's work budget (watchdog.h). */
static inline void charge_work(struct model *m, unsigned long pages)
{
	m->work += pages;
	if (model_work_exceeded(m) && !m->stopped)
		watchdog_work_exceeded(m);
}

static inline void count_vm_events(struct model *m, enum vm_event_item item, long delta)
{
	m->vm_events[item] += (unsigned long)delta;
}

static inline void set_bit_zone(struct zone *z, enum zone_flags f)
{
	z->flags |= 1ul << f;
}

static inline void clear_bit_zone(struct zone *z, enum zone_flags f)
{
	z->flags &= ~(1ul << f);
}

static inline bool test_bit_zone(const struct zone *z, enum zone_flags f)
{
	return (z->flags >> f) & 1ul;
}

static inline unsigned long min_wmark_pages(const struct zone *z) { return z->watermark[WMARK_MIN]; }
static inline unsigned long low_wmark_pages(const struct zone *z) { return z->watermark[WMARK_LOW]; }
static inline unsigned long high_wmark_pages(const struct zone *z) { return z->watermark[WMARK_HIGH]; }

static inline struct task *current_task(struct model *m)
{
	return &m->tasks[m->current];
}

/* ---- core/physmem.c ---------------------------------------------------- */

static inline int get_pfnblock_migratetype(const struct model *m, unsigned long pfn)
{
	return m->pm.pageblock_flags[pfn >> m->pageblock_order] & PB_MIGRATETYPE_MASK;
}

static inline int get_pageblock_migratetype(const struct model *m, const struct page *page)
{
	return get_pfnblock_migratetype(m, page_to_pfn(m, page));
}
void set_pageblock_migratetype(struct model *m, struct page *page, int migratetype);
bool get_pageblock_skip(const struct model *m, unsigned long pfn);
void set_pageblock_skip(struct model *m, unsigned long pfn, bool skip);
/* Brings the page/head part of the state hash up to date: O(changes since last call). */
uint64_t physmem_settle(struct model *m);
uint64_t page_hash_contrib(const struct physmem *pm, unsigned long pfn, const struct page *p);
uint64_t head_hash_contrib(const struct physmem *pm, uint32_t k, const struct page *h);
/* Recomputes the page/head hash from scratch: O(frames); for DEBUG=3 checks and tests. */
uint64_t physmem_full_hash(const struct model *m);
/* The pageblock flags' part of it: O(pageblocks). */
uint64_t physmem_pageblocks_hash(const struct physmem *pm);

/* ---- core/model.c (scratch list heads) ---------------------------------- */

/*
 * A list head for a short-lived list (isolation lists of reclaim and
 * compaction).  Returns an empty head id; scratch_head_put() returns it,
 * which must happen before the operation ends.  MODEL_BUG_ON if none is free.
 */
uint32_t scratch_head_get(struct model *m);
void scratch_head_put(struct model *m, uint32_t head);

/* ---- core/page_alloc.c ------------------------------------------------- */

struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zone *preferred_zone;
	int classzone_idx;
	int migratetype;
	int high_zoneidx;	/* enum zone_type */
};

/*
 * The filter of the kernel's for_each_zone_zonelist_nodemask(): a zoneref the
 * request may use, at or below its highest zone and on a node of its nodemask.
 */
static inline bool zoneref_in_request(const struct alloc_context *ac, const struct zoneref *zr)
{
	return zr->zone_idx <= ac->high_zoneidx &&
	       (!ac->nodemask || (*ac->nodemask & (1u << zr->node)));
}

extern const int fallbacks[MIGRATE_TYPES][4];

int model_setup_zones(struct model *m, char *err, size_t len);
/* the lowest free handle slot (model.c), for the program and for other CPUs' pages */
int handle_slot(struct model *m);
void handle_release(struct model *m, int h);

/* Handle h held by another CPU at pfn: its share of the state hash (tasks_hash). */
static inline uint64_t other_handle_mix(int h, uint32_t pfn)
{
	return mix64(((uint64_t)(uint32_t)h << 32 | pfn) ^ 0x3c6ef372fe94f82bull);
}

/*
 * Every write of a handle's in_use or task calls this: used_map's bit h is
 * then set exactly when handle h is in use (handle_slot searches it), and
 * other_map's exactly when handle h holds pages another CPU took (in use, task
 * -1), so the yield point's "another CPU frees" finds those handles without
 * walking the whole table, and other_hash, their share of the state hash,
 * follows in O(1) (a loop round hashed them all: O(handles) per round, with
 * thousands of them held in a long retry storm).  other_group counts
 * other_map's bits per group of handles, so that finding the k-th of them
 * reads a few counters and words, not the whole map.  check_conservation
 * (DEBUG=3) compares the maps, the counts and the hash with the table.
 */
static inline void handle_note(struct model *m, int h)
{
	uint64_t bit = 1ull << (h & 63);

	if (m->handles[h].in_use)
		m->used_map[h >> 6] |= bit;
	else
		m->used_map[h >> 6] &= ~bit;
	if (m->other_map[h >> 6] & bit) {
		m->other_hash ^= other_handle_mix(h, m->other_pfn[h]);
		m->other_group[h >> OTHER_GROUP_SHIFT]--;
	}
	if (m->handles[h].in_use && m->handles[h].task == -1) {
		m->other_map[h >> 6] |= bit;
		m->other_pfn[h] = m->handles[h].pfn;
		m->other_hash ^= other_handle_mix(h, m->other_pfn[h]);
		m->other_group[h >> OTHER_GROUP_SHIFT]++;
	} else {
		m->other_map[h >> 6] &= ~bit;
	}
}

/* The lowest handle at or above h that another CPU holds, or -1 (below m->nr_handles). */
static inline int other_handle_next(const struct model *m, int h)
{
	int words = (m->nr_handles + 63) / 64;

	for (int w = h >> 6; h < m->nr_handles && w < words; w++, h = w << 6) {
		uint64_t bits = m->other_map[w] & (~0ull << (h & 63));

		if (bits)
			return (w << 6) + __builtin_ctzll(bits);
	}
	return -1;
}
int gfp_zone(struct model *m, gfp_t flags);
int gfpflags_to_migratetype(gfp_t gfp);
struct page *__alloc_pages_nodemask(struct model *m, gfp_t gfp, unsigned order,
				    struct zonelist *zonelist, nodemask_t *nodemask);
struct page *alloc_pages_current(struct model *m, gfp_t gfp, unsigned order);
struct page *get_page_from_freelist(struct model *m, gfp_t gfp, unsigned order,
				    int alloc_flags, const struct alloc_context *ac);
unsigned long zone_dirtyable_memory(const struct zone *zone);
bool zone_watermark_ok(struct zone *z, unsigned order, unsigned long mark,
		       int classzone_idx, int alloc_flags);
bool zone_watermark_ok_safe(struct zone *z, unsigned order, unsigned long mark,
			    int classzone_idx, int alloc_flags);
/* patch oom-detection-rework: v4.4's order rule against a given free count */
bool __zone_watermark_ok_v44(struct model *m, const struct zone *z, unsigned order,
			     unsigned long mark, int classzone_idx, int alloc_flags,
			     long free_pages);
#define MAX_RECLAIM_RETRIES	16
#define MAX_COMPACT_RETRIES	16
void __free_pages(struct model *m, struct page *page, unsigned order);
void free_hot_cold_page(struct model *m, struct page *page, bool cold);
void __free_one_page(struct model *m, struct page *page, unsigned long pfn,
		     struct zone *zone, unsigned order, int migratetype);
struct page *__rmqueue(struct model *m, struct zone *zone, unsigned order, int migratetype);
int move_freepages_block(struct model *m, struct zone *zone, struct page *page, int migratetype);
void drain_all_pages(struct model *m, struct zone *zone);
void drain_local_pages(struct model *m, struct zone *zone);
void reset_alloc_batches(struct model *m, struct zone *preferred_zone);
bool cpuset_zone_allowed(struct model *m, struct zone *z, gfp_t gfp);
struct zonelist *node_zonelist(struct model *m, int nid, gfp_t flags);
struct zone *first_zones_zonelist(struct model *m, struct zonelist *zl, int highest_zoneidx,
				  nodemask_t *nodes, int *idx_out);
void split_page(struct model *m, struct page *page, unsigned order);
/* split_free_page: take a free block out of the buddy as 2^order order-0 pages with a
 * reference each, if the zone stays above low + 2^order; returns the pages taken. */
unsigned long split_free_page(struct model *m, struct page *page);
int find_suitable_fallback(struct model *m, struct free_area *area, unsigned order,
			   int migratetype, bool only_stealable, bool *can_steal);
unsigned long nr_free_zone_pages(struct model *m, int offset);
struct page *take_free_page(struct model *m, unsigned long pfn);
unsigned long take_free_range(struct model *m, unsigned long lo, unsigned long hi, unsigned every,
			      unsigned keep, uint32_t *frames, unsigned long max);
/* The hook for the slowpath (core/page_alloc.c until issue 4 moves it). */
struct page *__alloc_pages_slowpath(struct model *m, gfp_t gfp, unsigned order,
				    struct alloc_context *ac);
int zone_idx_of(const struct zone *z);

#define ZONE_RECLAIM_NOSCAN	-2
#define ZONE_RECLAIM_FULL	-1
#define ZONE_RECLAIM_SOME	0
#define ZONE_RECLAIM_SUCCESS	1

/* ---- the world (core/mmu.h lists the files) -------------------------------- */

int zone_reclaim(struct model *m, struct zone *zone, gfp_t gfp, unsigned order);
unsigned long try_to_free_pages(struct model *m, struct zonelist *zonelist, int order,
				gfp_t gfp_mask, nodemask_t *nodemask);
void wakeup_kswapd(struct model *m, struct zone *zone, int order, int classzone_idx);
/* world_yield: pending writeback completes and a woken kswapd may run at a yield point */
void world_yield(struct model *m);
void world_other_cpu_dirty(struct model *m, unsigned arg);
void world_complete_writeback(struct model *m);
uint64_t world_state_hash(struct model *m);
/* LRU isolation and page migration for compaction:
 * isolate_lru_page takes a reference and takes the page off its LRU (0, or -EBUSY);
 * putback_lru_page puts it back and drops that reference (freeing a page nobody owns);
 * migrate_page_move moves an isolated page's identity (mappings, page cache or swap
 * cache slot, flags, counters) to newpage: 0, -EAGAIN or -EBUSY. */
int isolate_lru_page(struct model *m, struct page *page);
void putback_lru_page(struct model *m, struct page *page);
int migrate_page_move(struct model *m, struct page *page, struct page *newpage);
/* what one reclaim pass may do and what it did (mm/vmscan.c) */
struct scan_control {
	unsigned long nr_to_reclaim;
	gfp_t gfp_mask;
	int order;
	nodemask_t *nodemask;
	int priority;
	bool may_writepage;
	bool may_unmap;
	bool may_swap;
	bool may_thrash;
	bool compaction_ready;
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
};

/*
 * Rules of reclaim, named as in mm/vmscan.c and kept callable for the unit tests
 * (core/tests/test_vmscan_rules.c checks each at its boundaries).
 */
#define ISOLATE_CLEAN		0x1
#define ISOLATE_UNMAPPED	0x2
int __isolate_lru_page(struct page *page, unsigned mode);
bool too_many_isolated(struct model *m, struct zone *zone, int file, const struct scan_control *sc);
unsigned long zone_inactive_ratio(const struct zone *zone);
bool inactive_anon_is_low(struct model *m, struct zone *zone);
bool in_reclaim_compaction(struct model *m, const struct scan_control *sc);
/* get_scan_count: how many pages of each evictable LRU list one shrink_lruvec pass scans */
void get_scan_count(struct model *m, struct zone *zone, struct scan_control *sc,
		    unsigned long nr[NR_LRU_LISTS]);
bool should_continue_reclaim(struct model *m, struct zone *zone, unsigned long nr_reclaimed,
			     unsigned long nr_scanned, struct scan_control *sc);
/* page_check_references: what shrink_page_list does with a page after page_referenced */
enum page_references {
	PAGEREF_RECLAIM,
	PAGEREF_RECLAIM_CLEAN,
	PAGEREF_KEEP,
	PAGEREF_ACTIVATE,
};
int page_check_references(struct model *m, struct page *page);
/* a task's memory for the OOM badness score */
unsigned long world_mm_rss(struct model *m, int task);
unsigned long world_mm_swapents(struct model *m, int task);
unsigned long world_mm_nr_ptes(struct model *m, int task);
unsigned long world_mm_total_vm(struct model *m, int task);
unsigned long world_mm_anon_rss(struct model *m, int task);

/* ---- core/compaction.c ---------------------------------------------------- */

enum compact_status {
	COMPACT_DEFERRED,
	COMPACT_SKIPPED,
	COMPACT_CONTINUE,
	COMPACT_PARTIAL,
	COMPACT_COMPLETE,
};

/*
 * compact_result as v4.7 orders it (patch oom-detection-rework), low to
 * high; try_to_compact_pages keeps the highest.  v4.2's enum above stays.
 */
enum compact_result {
	COMPACT_R_NOT_SUITABLE_ZONE,
	COMPACT_R_SKIPPED,
	COMPACT_R_DEFERRED,
	COMPACT_R_NO_SUITABLE_PAGE,
	COMPACT_R_CONTINUE,
	COMPACT_R_COMPLETE,
	COMPACT_R_PARTIAL_SKIPPED,
	COMPACT_R_CONTENDED,
	COMPACT_R_PARTIAL,
	NR_COMPACT_RESULTS
};
extern const char *const compact_result_name[NR_COMPACT_RESULTS];

enum compact_contended {
	COMPACT_CONTENDED_NONE,
	COMPACT_CONTENDED_SCHED,
	COMPACT_CONTENDED_LOCK,
};

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

int fragmentation_index(struct model *m, struct zone *zone, unsigned order);
int compaction_suitable(struct model *m, struct zone *zone, int order, int alloc_flags,
			int classzone_idx);
bool compaction_deferred(struct model *m, struct zone *zone, int order);
/* compaction_restarting: deferred to the limit and considered that often: scan the zone afresh */
bool compaction_restarting(struct zone *zone, int order);
void reset_isolation_suitable(struct model *m, struct pglist_data *pgdat);
void defer_compaction(struct model *m, struct zone *zone, int order);
void compaction_defer_reset(struct model *m, struct zone *zone, int order, bool alloc_success);
/* patch oom-detection-rework: the rework's two retry rules (core/page_alloc.c) */
bool should_reclaim_retry(struct model *m, gfp_t gfp_mask, unsigned order,
			  const struct alloc_context *ac, int alloc_flags, bool did_some_progress,
			  int no_progress_loops);
bool should_compact_retry(struct model *m, const struct alloc_context *ac, unsigned order,
			  int alloc_flags, int compact_result, enum migrate_mode *migrate_mode,
			  int compaction_retries);
/* patch oom-detection-rework: some zone would pass __compaction_suitable after more reclaim */
bool compaction_zonelist_suitable(struct model *m, const struct alloc_context *ac, int order,
				  int alloc_flags);
unsigned long try_to_compact_pages(struct model *m, gfp_t gfp_mask, unsigned order,
				   int alloc_flags, const struct alloc_context *ac,
				   enum migrate_mode mode, int *contended);

/* ---- core/oom_kill.c -------------------------------------------------------- */

bool out_of_memory(struct model *m, struct zonelist *zonelist, gfp_t gfp_mask, int order,
		   nodemask_t *nodemask, bool force_kill);
/* At a yield point: OOM victims that can run exit and free their memory. */
void oom_victims_yield(struct model *m);
/* patch oom-reaper: the reaper thread's turn at a yield point, and its state for the proof */
#define MAX_OOM_REAP_RETRIES	10
enum { OOM_REAPER_QUEUED, OOM_REAPER_TRYLOCK_FAILED, OOM_REAPER_GAVE_UP, OOM_REAPER_REAPED };
void oom_reaper_yield(struct model *m);
uint64_t oom_reaper_state_hash(const struct model *m);

/* ---- core/oom_oracle.c: the oracles of spec/patches.md ---------------------------- */

/* At a kill of victim (before it is marked): an over-kill warning if the kill cannot help. */
void oom_check_overkill(struct model *m, int victim);
/* At an OOM kill or a NULL return the oracle judges: a premature-oom finding or warning. */
void oom_check_premature(struct model *m, gfp_t gfp, unsigned order, const char *what);

/* ---- core/sched.c ------------------------------------------------------------ */

/* Every place the allocating task may sleep or be preempted: other CPUs act here. */
void cond_resched(struct model *m);
void wait_iff_congested(struct model *m, struct zone *zone);
void congestion_wait(struct model *m);
void schedule_timeout_uninterruptible(struct model *m, long timeout);
void schedule_timeout_killable(struct model *m, long timeout);
bool fatal_signal_pending(struct model *m);

/* ---- core/check.c ------------------------------------------------------- */

/* O(frames): every free block aligned, typed and counted; returns false and records a finding. */
bool check_buddy_is_valid(struct model *m);
/* O(frames): every frame in exactly one place; returns false and records a finding. */
bool check_conservation(struct model *m);
/* O(zones): counters that can be checked without walking memory. */
bool check_cheap(struct model *m);
/* Called after every operation; runs the checks the debug level asks for. */
void check_after_op(struct model *m);
/* O(frames touched): after teardown every zone is back to its start. */
bool check_teardown(struct model *m);
/* For world_mark_owned: marks a block as held; false (and a finding) if already placed. */
bool check_owned_frame(struct model *m, void *seen, unsigned long pfn, unsigned order,
		       const char *by);

bool check_world_frame(struct model *m, void *seen, unsigned long pfn, const char *by);
void check_world_bad(struct model *m, enum verdict_kind kind, unsigned long pfn, const char *what,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Compaction's deferral counters of one zone, and the three updates the seed makes. */
struct defer_state {
	unsigned considered, shift;
	int order_failed;
};
enum defer_update {
	DEFER_CONSIDERED,	/* compaction_deferred(): counted, not deferred */
	DEFER_DEFERRED,		/* compaction_deferred(): deferred by the counters */
	DEFER_FAILED,		/* defer_compaction() */
	DEFER_RESET,		/* compaction_defer_reset(alloc_success = false) */
	DEFER_RESET_ALLOC,	/* compaction_defer_reset(alloc_success = true) */
};
static inline struct defer_state defer_state_of(const struct zone *z)
{
	return (struct defer_state){ z->compact_considered, z->compact_defer_shift,
				     z->compact_order_failed };
}
/* O(1): the counters after an update against v4.2's rule; false and a finding if they break it. */
bool check_compaction_deferral(struct model *m, const struct zone *z, enum defer_update u,
			       int order, const struct defer_state *before);
/* O(1): a freed block, once __free_one_page has placed it, has no free buddy of its order left. */
bool check_merged(struct model *m, const struct zone *z, unsigned long pfn, unsigned order);

/* ---- core/mmu.c --------------------------------------------------------- */

/* Marks every frame the world holds (page cache, mappings, swap cache, isolation). */
bool world_mark_owned(struct model *m, void *seen);
/* Tasks exit, files are dropped, swap is freed. */
void world_teardown(struct model *m);
void world_reset(struct model *m);
void dump_page(struct model *m, const struct page *page, char *buf, size_t len);

/* ---- core/model.c --------------------------------------------------------- */

enum alloc_site {
	SITE_NONE,
	SITE_HANDLE,		/* the program's alloc op */
	SITE_PCP_REFILL,
	SITE_BUDDY,
	SITE_FREE_HANDLE,
	SITE_FREE_PCP_DRAIN,
	SITE_ANON_FAULT,
	SITE_PAGECACHE,
	SITE_RECLAIM_FREE,
	SITE_MIGRATE,
	SITE_OTHER_CPU,
	SITE_PAGETABLE,
	SITE_EXIT,
	SITE_PUT_PAGE,
	NR_ALLOC_SITES
};
extern const char *const alloc_site_name[NR_ALLOC_SITES];

/*
 * page_owner: the history is kept on the first frame of the block only (O(1)
 * per allocation); a report on a tail frame names the block it was part of.
 */
static inline void page_owner_alloc(struct model *m, struct page *page, unsigned order, int site)
{
	page_touch(m, page);
	page->last_alloc_op = m->op;
	page->alloc_site = (uint16_t)(site | (order << 8));
}

static inline void page_owner_free(struct model *m, struct page *page, unsigned order, int site)
{
	page_touch(m, page);
	page->last_free_op = m->op;
	page->free_site = (uint16_t)(site | (order << 8));
}

/* The frame history kept for a report (page_owner). */
void page_owner_describe(struct model *m, unsigned long pfn, char *buf, size_t len);

#endif
