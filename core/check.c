// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - the invariants every oracle stands on.  Three tiers, keyed to
 * the debug level (cfg.debug):
 *   1: check_cheap() after every operation          O(zones * orders)
 *   3: check_buddy_is_valid(), check_conservation()   O(frames)
 *      and the incremental state hash against a full recomputation;
 *      page_alloc.c also checks its allocation plan and zonelist hint
 *      (check_alloc_plan, check_walk_hint) at every allocation
 * and, at the end of every run, check_teardown()      O(frames touched).
 * A failed check records a buddy-corrupt or leak finding that names the
 * frame and its history.
 */
#include <stdarg.h>
#include <string.h>
#include "internal.h"

void dump_page(struct model *m, const struct page *page, char *buf, size_t len)
{
	unsigned long pfn = page_to_pfn(m, page);

	snprintf(buf, len, "page:pfn %#lx count:%d mapcount:%d mapping:%#x index:%#x "
		 "flags:%#x order:%u zone:%s node:%d", pfn, page->_count, page_mapcount(page),
		 page->mapping, page->index, page->flags, page->private,
		 zone_name(page->zone_id % MAX_NR_ZONES), page_to_nid(page));
}

static void corrupt(struct model *m, const char *what, unsigned long pfn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void corrupt(struct model *m, const char *what, unsigned long pfn, const char *fmt, ...)
{
	char sig[128], msg[768], hist[256] = "", pg[256] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pfn != PFN_NONE && pfn_valid(m, pfn)) {
		page_owner_describe(m, pfn, hist, sizeof(hist));
		dump_page(m, pfn_to_page(m, pfn), pg, sizeof(pg));
	}
	snprintf(sig, sizeof(sig), "buddy-corrupt:%s", what);
	model_finding(m, V_BUDDY_CORRUPT, sig, "%s\n  %s\n  %s", msg, pg, hist);
}

static void leak(struct model *m, const char *what, unsigned long pfn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void leak(struct model *m, const char *what, unsigned long pfn, const char *fmt, ...)
{
	char sig[128], msg[768], hist[256] = "", pg[256] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pfn != PFN_NONE && pfn_valid(m, pfn)) {
		page_owner_describe(m, pfn, hist, sizeof(hist));
		dump_page(m, pfn_to_page(m, pfn), pg, sizeof(pg));
	}
	snprintf(sig, sizeof(sig), "leak:%s", what);
	model_finding(m, V_LEAK, sig, "%s\n  %s\n  %s", msg, pg, hist);
}

/* O(zones * orders): counters that must agree without walking memory. */
/*
 * check_compaction_deferral: compaction's deferral counters after one update,
 * against the rule of mm/compaction.c in v4.2.  A failure restarts the count,
 * doubles the wait (shift + 1, at most COMPACT_MAX_DEFER_SHIFT) and lowers
 * order_failed to the order; a success raises order_failed past the order and,
 * when it allocated, clears count and wait; a consideration at or above
 * order_failed counts up to 1 << shift and is deferred while below it.  A
 * lost reset or a wait that never ends shows here, at the update, instead of
 * as a compaction skipped many allocations later.  O(1).
 */
bool check_compaction_deferral(struct model *m, const struct zone *z, enum defer_update u,
			       int order, const struct defer_state *before)
{
	static const char *const what[] = {
		[DEFER_CONSIDERED] = "compaction_deferred() = false",
		[DEFER_DEFERRED] = "compaction_deferred() = true",
		[DEFER_FAILED] = "defer_compaction()",
		[DEFER_RESET] = "compaction_defer_reset(alloc_success = false)",
		[DEFER_RESET_ALLOC] = "compaction_defer_reset(alloc_success = true)",
	};
	struct defer_state want = *before, got = defer_state_of(z);
	unsigned limit = 1u << before->shift;
	bool deferred_ok = true;

	if (m->cfg.debug < 1)
		return true;
	switch (u) {
	case DEFER_CONSIDERED:
	case DEFER_DEFERRED:
		if (order < before->order_failed) {
			deferred_ok = u == DEFER_CONSIDERED;
			break;
		}
		want.considered = before->considered + 1 < limit ? before->considered + 1 : limit;
		deferred_ok = (want.considered < limit) == (u == DEFER_DEFERRED);
		break;
	case DEFER_FAILED:
		want.considered = 0;
		want.shift = before->shift < COMPACT_MAX_DEFER_SHIFT ? before->shift + 1
								      : COMPACT_MAX_DEFER_SHIFT;
		if (order < want.order_failed)
			want.order_failed = order;
		break;
	case DEFER_RESET_ALLOC:
		want.considered = 0;
		want.shift = 0;
		/* fall through */
	case DEFER_RESET:
		if (order >= want.order_failed)
			want.order_failed = order + 1;
		break;
	}
	if (deferred_ok && got.considered == want.considered && got.shift == want.shift &&
	    got.order_failed == want.order_failed)
		return true;
	corrupt(m, "compaction-deferral", PFN_NONE,
		"Node %d %s: %s for order %d left compact_considered %u, compact_defer_shift %u, "
		"compact_order_failed %d; the rule gives %u, %u, %d%s (before: %u, %u, %d)",
		z->node, z->name, what[u], order, got.considered, got.shift, got.order_failed,
		want.considered, want.shift, want.order_failed,
		deferred_ok ? "" : ", and the opposite answer", before->considered, before->shift,
		before->order_failed);
	return false;
}

/*
 * check_merged: __free_one_page's post-condition.  It merges while the buddy
 * of the block is a free block of the same order in the same zone, so the
 * block it leaves on a free list never has such a buddy below MAX_ORDER-1
 * (the model has no isolated pageblocks, which would cap merging at
 * pageblock_order).  The DEBUG=3 walker finds unmerged buddies anywhere; this
 * finds them at the free that left them, at DEBUG >= 1.  Reads the frames
 * directly rather than through page_is_buddy, so that a broken buddy test does
 * not also blind the check.  O(1).
 */
bool check_merged(struct model *m, const struct zone *z, unsigned long pfn, unsigned order)
{
	unsigned long buddy = pfn ^ (1ul << order);
	const struct page *b;

	if (m->cfg.debug < 1 || order + 1 >= m->max_order || !pfn_valid(m, buddy) ||
	    !zone_spans_pfn(z, buddy))
		return true;
	b = pfn_to_page(m, buddy);
	if (!PageBuddy(b) || page_order(b) != order)
		return true;
	corrupt(m, "unmerged-buddies", pfn,
		"Node %d %s: __free_one_page left the free order-%u block at pfn %#lx beside its "
		"free buddy %#lx of the same order", z->node, z->name, order, pfn, buddy);
	return false;
}

/*
 * The most pages a per-cpu list set can hold in v4.2.  Frees keep the count
 * below high (past it a batch goes back), but a refill of an empty list adds
 * a batch whatever the count: with frees of one migratetype filling the lists
 * to high - 1 and allocations of the two others each finding its list empty,
 * the count reaches about high - 1 + 2 x batch (245 for high 186, batch 31 in
 * a simulation of buffered_rmqueue and free_hot_cold_page).  A batch per
 * migratetype above high is a bound with room to spare; a count that drifts
 * (a missed decrement) still passes it soon.
 */
static int pcp_count_max(const struct per_cpu_pages *pcp)
{
	return pcp->high + MIGRATE_PCPTYPES * pcp->batch;
}

bool check_cheap(struct model *m)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = model_zone(m, nid, zid);
			long sum = 0;

			for (unsigned o = 0; o < m->max_order; o++) {
				if (z->free_area[o].nr_free < 0) {
					corrupt(m, "nr_free-negative", PFN_NONE,
						"Node %d %s: free_area[%u].nr_free = %ld", nid,
						z->name, o, z->free_area[o].nr_free);
					return false;
				}
				sum += z->free_area[o].nr_free << o;
			}
			/* nr_free == blocks on free_list[*]; NR_FREE_PAGES == their pages */
			if (sum != zone_page_state(z, NR_FREE_PAGES)) {
				corrupt(m, "nr_free-vs-NR_FREE_PAGES", PFN_NONE,
					"Node %d %s: free areas hold %ld pages but NR_FREE_PAGES is %ld",
					nid, z->name, sum, zone_page_state(z, NR_FREE_PAGES));
				return false;
			}
			if ((unsigned long)sum > z->managed_pages) {
				corrupt(m, "free-exceeds-managed", PFN_NONE,
					"Node %d %s: %ld free pages in a zone of %lu managed pages",
					nid, z->name, sum, z->managed_pages);
				return false;
			}
			for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
				const struct per_cpu_pages *pcp = &z->pcp[cpu];

				if (pcp->count < 0 || pcp->count > pcp_count_max(pcp)) {
					corrupt(m, "pcp-count", PFN_NONE,
						"Node %d %s cpu %d: pcp count %d outside 0..high+3*batch",
						nid, z->name, cpu, pcp->count);
					return false;
				}
			}
		}
	return true;
}

/* where a frame was found by the walkers: one byte per frame */
enum { SEEN_NONE, SEEN_FREE_TAIL, SEEN_FREE_HEAD, SEEN_PCP, SEEN_OWNED, SEEN_WORLD };

static uint8_t *seen_map(struct model *m)
{
	/* scratch only: its contents never decide anything across calls */
	memset(m->check_seen, 0, m->pm.nr_frames);
	return m->check_seen;
}

static bool walk_free_lists(struct model *m, uint8_t *seen)
{
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = model_zone(m, nid, zid);
			long pages = 0;

			for (unsigned o = 0; o < m->max_order; o++) {
				long blocks = 0;

				for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
					uint32_t head = z->free_area[o].free_list[mt], pos, prev = head;
					unsigned long steps = 0;

					list_for_each_id(m, pos, head) {
						struct page *p;

						if (!pfn_valid(m, pos) ||
						    ++steps > m->pm.nr_frames) {
							corrupt(m, "free-list-link", PFN_NONE,
								"Node %d %s free_list[%u][%d]: bad link %#x",
								nid, z->name, o, mt, pos);
							return false;
						}
						p = pfn_to_page(m, pos);
						if (p->lru.prev != prev) {
							corrupt(m, "free-list-link", pos,
								"Node %d %s free_list[%u][%d]: pfn %#x "
								"prev link %#x, expected %#x", nid,
								z->name, o, mt, pos, p->lru.prev, prev);
							return false;
						}
						prev = pos;
						if (!PageBuddy(p) || page_order(p) != o) {
							corrupt(m, "free-block-order", pos,
								"pfn %#x on free_list[%u] is %s order %u",
								pos, o, PageBuddy(p) ? "PageBuddy" :
								"not PageBuddy", page_order(p));
							return false;
						}
						if (pos & ((1u << o) - 1) ||
						    !zone_spans_pfn(z, pos) ||
						    !zone_spans_pfn(z, pos + (1u << o) - 1)) {
							corrupt(m, "free-block-misaligned", pos,
								"order-%u block at pfn %#x is misaligned "
								"or outside Node %d %s", o, pos, nid,
								z->name);
							return false;
						}
						for (unsigned long i = 0; i < (1ul << o); i++) {
							if (seen[pos + i]) {
								corrupt(m, "free-block-overlap", pos + i,
									"pfn %#lx lies in two free blocks "
									"(order %u at %#x)", pos + i, o,
									pos);
								return false;
							}
							if (i && PageBuddy(pfn_to_page(m, pos + i))) {
								corrupt(m, "buddy-inside-block", pos + i,
									"PageBuddy on pfn %#lx inside the "
									"order-%u block at %#x", pos + i,
									o, pos);
								return false;
							}
							seen[pos + i] = i ? SEEN_FREE_TAIL : SEEN_FREE_HEAD;
						}
						blocks++;
						if (mt != MIGRATE_ISOLATE)
							pages += 1l << o;
					}
				}
				if (blocks != z->free_area[o].nr_free) {
					corrupt(m, "nr_free-vs-lists", PFN_NONE,
						"Node %d %s: free_area[%u].nr_free = %ld but the "
						"lists hold %ld blocks", nid, z->name, o,
						z->free_area[o].nr_free, blocks);
					return false;
				}
			}
			if (pages != zone_page_state(z, NR_FREE_PAGES)) {
				corrupt(m, "NR_FREE_PAGES-vs-lists", PFN_NONE,
					"Node %d %s: NR_FREE_PAGES = %ld but the lists hold %ld pages",
					nid, z->name, zone_page_state(z, NR_FREE_PAGES), pages);
				return false;
			}
			/* PG_buddy exactly on free block heads */
			for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn++)
				if (PageBuddy(pfn_to_page(m, pfn)) && seen[pfn] != SEEN_FREE_HEAD) {
					corrupt(m, "stray-PageBuddy", pfn,
						"pfn %#lx has PageBuddy but heads no free block", pfn);
					return false;
				}
			/* __free_one_page merges eagerly: no two free buddies of one order */
			for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn++) {
				struct page *p = pfn_to_page(m, pfn);
				unsigned o;
				unsigned long buddy;

				if (seen[pfn] != SEEN_FREE_HEAD)
					continue;
				o = page_order(p);
				buddy = pfn ^ (1ul << o);
				if (o + 1 >= m->max_order || buddy < pfn || !zone_spans_pfn(z, buddy))
					continue;
				if (seen[buddy] == SEEN_FREE_HEAD && page_order(pfn_to_page(m, buddy)) == o) {
					corrupt(m, "unmerged-buddies", pfn,
						"free order-%u blocks at pfn %#lx and its buddy %#lx "
						"were not merged", o, pfn, buddy);
					return false;
				}
			}
			/* per-cpu lists */
			for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
				struct per_cpu_pages *pcp = &z->pcp[cpu];
				int count = 0;

				for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
					uint32_t pos;

					list_for_each_id(m, pos, pcp->lists[mt]) {
						if (!pfn_valid(m, pos) ||
						    ++count > pcp_count_max(pcp) + 1) {
							corrupt(m, "pcp-list-link", PFN_NONE,
								"Node %d %s cpu %d: pcp list %d is broken",
								nid, z->name, cpu, mt);
							return false;
						}
						if (seen[pos]) {
							corrupt(m, "pcp-and-buddy", pos,
								"pfn %#x is on a pcp list and free in the "
								"buddy or on another pcp list", pos);
							return false;
						}
						if (page_count(pfn_to_page(m, pos)) != 0 ||
						    !zone_spans_pfn(z, pos)) {
							corrupt(m, "pcp-page-state", pos,
								"pfn %#x on Node %d %s cpu %d pcp list has "
								"count %d", pos, nid, z->name, cpu,
								page_count(pfn_to_page(m, pos)));
							return false;
						}
						seen[pos] = SEEN_PCP;
					}
				}
				if (count != pcp->count) {
					corrupt(m, "pcp-count", PFN_NONE,
						"Node %d %s cpu %d: pcp->count %d but the lists hold %d",
						nid, z->name, cpu, pcp->count, count);
					return false;
				}
			}
		}
	return true;
}

bool check_buddy_is_valid(struct model *m)
{
	uint8_t *seen = seen_map(m);

	return seen ? walk_free_lists(m, seen) : true;
}

/* Marks a block as owned; a frame owned twice, or owned and free, is corruption. */
static bool own(struct model *m, uint8_t *seen, unsigned long pfn, unsigned order, const char *by)
{
	for (unsigned long i = 0; i < (1ul << order); i++) {
		if (!pfn_valid(m, pfn + i)) {
			corrupt(m, "owner-out-of-range", PFN_NONE, "%s owns pfn %#lx past memory",
				by, pfn + i);
			return false;
		}
		if (seen[pfn + i]) {
			corrupt(m, seen[pfn + i] == SEEN_OWNED ? "owned-twice" : "owned-and-free",
				pfn + i, "pfn %#lx is held by %s and is also %s", pfn + i, by,
				seen[pfn + i] == SEEN_OWNED ? "held by someone else" : "free");
			return false;
		}
		seen[pfn + i] = SEEN_OWNED;
	}
	return true;
}

bool check_owned_frame(struct model *m, void *seen, unsigned long pfn, unsigned order,
		       const char *by)
{
	return own(m, seen, pfn, order, by);
}

/*
 * A frame the world holds may be reached from several of its places (the
 * LRU, the page cache or swap cache, ptes, pins): each of those marks it, and
 * it must not be free or held by anything outside the world.
 */
bool check_world_frame(struct model *m, void *seen_, unsigned long pfn, const char *by)
{
	uint8_t *seen = seen_;

	if (!pfn_valid(m, pfn)) {
		corrupt(m, "owner-out-of-range", PFN_NONE, "%s refers to pfn %#lx past memory",
			by, pfn);
		return false;
	}
	if (seen[pfn] == SEEN_NONE || seen[pfn] == SEEN_WORLD) {
		seen[pfn] = SEEN_WORLD;
		return true;
	}
	corrupt(m, seen[pfn] == SEEN_OWNED ? "world-page-owned-elsewhere" : "world-page-free", pfn,
		"pfn %#lx is used by %s and is also %s", pfn, by,
		seen[pfn] == SEEN_OWNED ? "held outside the world" : "free");
	return false;
}

/* A world page whose references do not add up (buddy-corrupt), or that nobody holds (leak). */
void check_world_bad(struct model *m, enum verdict_kind kind, unsigned long pfn, const char *what,
		     const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (kind == V_LEAK)
		leak(m, what, pfn, "%s", buf);
	else
		corrupt(m, what, pfn, "%s", buf);
}

/*
 * check_conservation: every frame is in exactly one place: free in the
 * buddy, on a per-cpu list, held by a handle, quarantined as bad, reserved
 * or a hole, or held by the world (page cache, task mappings, swap cache,
 * isolation lists).  A frame in no place is a leak.
 */
bool check_conservation(struct model *m)
{
	uint8_t *seen = seen_map(m);
	uint64_t other_hash = 0;
	uint32_t group[OTHER_GROUPS] = { 0 };
	uint32_t pos;
	char by[48];

	if (!seen)
		return true;
	if (!walk_free_lists(m, seen))
		return false;
	for (int i = 0; i < m->nr_handles; i++) {
		const struct handle *h = &m->handles[i];

		/* the maps and the hash of other CPUs' handles follow the table (handle_note) */
		MODEL_BUG_ON(m, !(m->other_map[i >> 6] >> (i & 63) & 1) != !(h->in_use && h->task == -1));
		MODEL_BUG_ON(m, !(m->used_map[i >> 6] >> (i & 63) & 1) != !h->in_use);
		if (!h->in_use)
			continue;
		if (h->task == -1) {
			MODEL_BUG_ON(m, m->other_pfn[i] != h->pfn);
			other_hash ^= other_handle_mix(i, h->pfn);
			group[i >> OTHER_GROUP_SHIFT]++;
		}
		snprintf(by, sizeof(by), "handle %d", i);
		if (!own(m, seen, h->pfn, h->order, by))
			return false;
	}
	MODEL_BUG_ON(m, other_hash != m->other_hash);
	/* memdie_tasks: a bit per task slot, set exactly when its task has TIF_MEMDIE */
	for (int t = 0; t < MODEL_MAX_TASKS; t++)
		MODEL_BUG_ON(m, !(m->memdie_tasks >> t & 1) != !(m->tasks[t].tif & TIF_MEMDIE));
	MODEL_BUG_ON(m, memcmp(group, m->other_group, sizeof(group)) != 0);
	list_for_each_id(m, pos, m->bad_list) {
		if (!pfn_valid(m, pos))
			break;
		if (!own(m, seen, pos, page_order(pfn_to_page(m, pos)), "the bad-page quarantine"))
			return false;
	}
	for (unsigned long pfn = 0; pfn < m->pm.nr_frames; pfn++)
		if (PageReserved(pfn_to_page(m, pfn)) && !own(m, seen, pfn, 0, "reserved memory"))
			return false;
	if (!world_mark_owned(m, seen))
		return false;
	for (unsigned long pfn = 0; pfn < m->pm.nr_frames; pfn++)
		if (!seen[pfn]) {
			leak(m, alloc_site_name[pfn_to_page(m, pfn)->alloc_site & 0xff], pfn,
			     "pfn %#lx is neither free nor owned by anyone", pfn);
			return false;
		}
	return true;
}

/*
 * check_teardown: after everything was freed, every zone is back to its
 * start.  O(frames touched): untouched frames are as set up.
 */
bool check_teardown(struct model *m)
{
	long lost = 0, bad = 0;
	uint32_t pos;

	list_for_each_id(m, pos, m->bad_list) {
		if (!pfn_valid(m, pos))
			break;
		bad += 1l << page_order(pfn_to_page(m, pos));
	}
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = model_zone(m, nid, zid);
			struct zone *p = &m->pristine_node[nid].node_zones[zid];

			lost += zone_page_state(p, NR_FREE_PAGES) - zone_page_state(z, NR_FREE_PAGES);
		}
	if (lost == bad && check_cheap(m))
		return true;
	if (m->stopped)
		return false;
	/* find a frame that is not back: touched, not free, not quarantined, not reserved */
	for (unsigned long i = 0; i < m->pm.nr_touched; i++) {
		uint32_t pfn = m->pm.touched[i];
		struct page *page;
		bool free = false;

		if (!pfn_valid(m, pfn))	/* a list head */
			continue;
		page = pfn_to_page(m, pfn);
		if (PageReserved(page))
			continue;
		for (unsigned o = 0; o < m->max_order && !free; o++) {
			unsigned long head = pfn & ~((1ul << o) - 1);
			struct page *hp = pfn_to_page(m, head);

			free = PageBuddy(hp) && page_order(hp) >= o && head + (1ul << page_order(hp)) > pfn;
		}
		if (!free && page_count(page) > 0 && !PageTail(page)) {
			leak(m, alloc_site_name[page->alloc_site & 0xff], pfn,
			     "after teardown %ld page(s) are not back in the buddy; pfn %#x still "
			     "has count %d", lost - bad, pfn, page_count(page));
			return false;
		}
	}
	leak(m, "teardown", PFN_NONE, "after teardown %ld page(s) are not back in the buddy "
	     "(%ld quarantined as bad)", lost - bad, bad);
	return false;
}

void check_after_op(struct model *m)
{
	if (m->stopped || m->cfg.debug < 1)
		return;
	if (!check_cheap(m))
		return;
	if (m->cfg.debug >= 3) {
		uint64_t inc, full;

		if (!check_buddy_is_valid(m) || !check_conservation(m))
			return;
		inc = physmem_settle(m);
		full = physmem_full_hash(m);
		MODEL_BUG_ON(m, inc != full);
	}
}
