// SPDX-License-Identifier: GPL-2.0
/*
 * oom_oracle.c - the premature-oom and over-kill oracles of
 * spec/patches.md.  They judge the state at an OOM kill (or at a failure
 * the request should not see) against what reclaim and compaction could
 * still have done, and print the numbers they decided on into the trace
 * (EV_OOM_ORACLE), so a finding stands on its trace alone.  They run only
 * with cfg.patch_oracles (any patch named, or both runs of a diff): v4.2's
 * own runs stay as they were.  Cost: O(frames of the request's zones) per
 * judged event; kills and such failures are rare.
 */
#include <string.h>
#include "internal.h"

/* Per-frame classes for one zone. */
enum {
	PC_OTHER,	/* in use: kernel memory, isolated, pinned, unevictable */
	PC_FREE,	/* in the buddy or on a per-cpu list */
	PC_CLEAN,	/* C: reclaim frees it without IO */
	PC_DIRTY,	/* D: a file page dirty, not yet under writeback (movable) */
	PC_WB,		/* D: a file page under writeback (not movable) */
	PC_MOVABLE,	/* an LRU page compaction could migrate */
};

/* The zones the request may use (E): the slowpath saved its context at entry. */
static bool zone_in_request(struct model *m, const struct zoneref *zr, gfp_t gfp)
{
	struct zone *z = model_zone(m, zr->node, zr->zone_idx);

	if (!populated_zone(z) || zr->zone_idx > m->request_high_zoneidx)
		return false;
	if (m->request_has_nodemask && !(m->request_nodemask & (1u << zr->node)))
		return false;
	/* ALLOC_CPUSET: every request that may sleep */
	if ((gfp & __GFP_WAIT) && !cpuset_zone_allowed(m, z, gfp | __GFP_HARDWALL))
		return false;
	return true;
}

static bool page_pinned(const struct page *p)
{
	return page_count(p) > (page_mapping_set(p) ? 1 : 0) + page_mapcount(p);
}

/*
 * Classifies every frame of z into cls[] and returns F (free pages, per-cpu
 * ones included), C and D.  A run whose every page_referenced question answers
 * young (the harness says so) has its pages referenced at every scan: C and D
 * then hold nothing.
 */
static void classify_zone(struct model *m, struct zone *z, gfp_t gfp, uint8_t *cls,
			  unsigned long *F, unsigned long *C, unsigned long *D)
{
	unsigned long start = z->zone_start_pfn, end = zone_end_pfn(z), anon = 0;
	bool referenced_forever = m->referenced_always;
	long swap_room = get_nr_swap_pages(m);

	*F = *C = *D = 0;
	memset(cls, PC_OTHER, end - start);
	for (unsigned long pfn = start; pfn < end; pfn++) {
		const struct page *p = pfn_to_page(m, pfn);

		if (PageHole(p) || PageReserved(p))
			continue;
		if (PageBuddy(p)) {
			unsigned long n = 1ul << page_order(p);

			memset(cls + (pfn - start), PC_FREE, n);
			*F += n;
			pfn += n - 1;
			continue;
		}
		if (!PageLRU(p) || PageUnevictable(p) || page_pinned(p))
			continue;
		if (PageWriteback(p)) {
			if (!PageSwapBacked(p) && !referenced_forever) {
				cls[pfn - start] = PC_WB;
				++*D;
			}
			continue;
		}
		cls[pfn - start] = PC_MOVABLE;
		if (referenced_forever)
			continue;
		if (PageSwapBacked(p)) {
			/* anon: swapped out while swap has room, and only with IO */
			if ((gfp & __GFP_IO) && swap_room > 0 && (long)anon < swap_room) {
				cls[pfn - start] = PC_CLEAN;
				anon++;
			}
		} else if (PageDirty(p)) {
			cls[pfn - start] = PC_DIRTY;
			++*D;
		} else {
			cls[pfn - start] = PC_CLEAN;
			++*C;
		}
	}
	*C += anon;
	for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			uint32_t pos;

			list_for_each_id(m, pos, z->pcp[cpu].lists[mt])
				if (pos >= start && pos < end && cls[pos - start] != PC_FREE) {
					cls[pos - start] = PC_FREE;
					++*F;
				}
		}
}

/*
 * An aligned 2^order block whose every frame is free, reclaimable (C, and D
 * too when dirty counts) or movable, with room outside the block (F minus
 * its free frames) to migrate its movable frames into.  Returns its first
 * pfn or -1.
 */
static long find_block(struct zone *z, const uint8_t *cls, unsigned order, unsigned long F,
		       bool dirty_counts)
{
	unsigned long start = z->zone_start_pfn, end = zone_end_pfn(z), n = 1ul << order;

	for (unsigned long b = (start + n - 1) & ~(n - 1); b + n <= end; b += n) {
		unsigned long nfree = 0, nmove = 0, k;

		for (k = 0; k < n; k++) {
			uint8_t c = cls[b + k - start];

			if (c == PC_FREE)
				nfree++;
			else if (c == PC_MOVABLE || (c == PC_DIRTY && !dirty_counts))
				nmove++;
			else if (c == PC_OTHER || (c == PC_WB && !dirty_counts))
				break;
		}
		if (k == n && F - nfree >= nmove)
			return (long)b;
	}
	return -1;
}

void oom_check_premature(struct model *m, gfp_t gfp, unsigned order, const char *what)
{
	const struct zonelist *zl = m->request_zonelist;
	long found_block = -1;
	int found = -1;		/* 0: premature, 1: premature counting dirty pages */
	struct zone *fz = NULL;
	unsigned long fF = 0, fC = 0, fM = 0;
	uint8_t *cls;

	if (!zl || m->stopped || order > PAGE_ALLOC_COSTLY_ORDER)
		return;
	for (int pass = 0; pass < 2 && found < 0; pass++)
		for (int i = 0; i < zl->nr && found < 0; i++) {
			const struct zoneref *zr = &zl->_zonerefs[i];
			struct zone *z = model_zone(m, zr->node, zr->zone_idx);
			unsigned long F, C, D, M;
			long block = -1;

			if (!zone_in_request(m, zr, gfp))
				continue;
			cls = malloc(z->spanned_pages);
			MODEL_BUG_ON(m, !cls);
			classify_zone(m, z, gfp, cls, &F, &C, &D);
			if (pass)
				C += D;
			M = min_wmark_pages(z) + z->lowmem_reserve[m->request_classzone_idx];
			if (F + C >= (1ul << order) && F + C - ((1ul << order) - 1) > M &&
			    (!order || (block = find_block(z, cls, order, F, pass)) >= 0)) {
				found = pass;
				found_block = block;
				fz = z;
				fF = F;
				fC = C;
				fM = M;
			}
			free(cls);
		}
	if (found < 0)
		return;
	TRACE(m, EV_OOM_ORACLE, fz->node, fz->idx, (int64_t)fF, (int64_t)fC, (int64_t)fM,
	      found_block);
	{
		char sig[192];
		const char *act = !strcmp(what, "kill") ? "an OOM kill" : "a NULL return";

		if (found == 0) {
			char blk[128] = "";

			if (order)
				snprintf(blk, sizeof(blk), ", and the aligned order-%u block at pfn %ld "
					 "holds only free, reclaimable or movable pages", order, found_block);
			/*
			 * where the run gave up, how, and for which order: stable whatever
			 * the rounds before passed, and kept by minimization
			 */
			snprintf(sig, sizeof(sig), "premature-oom@%s:%s:order-%u",
				 seed_label_name[m->trace.label], what, order);
			model_finding(m, V_PREMATURE_OOM, sig,
				      "premature OOM: %s for a request of order %u (gfp %#x, task %s) "
				      "while node %d zone %s had F=%lu free (per-cpu lists included) + "
				      "C=%lu clean reclaimable pages, F + C - (2^order - 1) above its min "
				      "mark + lowmem reserve M=%lu%s",
				      act, order, gfp, current_task(m)->name, fz->node,
				      zone_name(fz->idx), fF, fC, fM, blk);
		} else {
			model_warn_named(m, WARN_PREMATURE_OOM_WRITEBACK, "premature-oom-writeback",
					 "premature OOM (writeback): %s for order %u (gfp %#x) while node "
					 "%d zone %s had F=%lu + C=%lu (dirty and writeback pages counted) "
					 "above M=%lu", act, order, gfp, fz->node, zone_name(fz->idx),
					 fF, fC, fM);
		}
	}
}

/* Does t wait, through a chain of named locks, for the allocating task? */
static bool waits_for_current(struct model *m, int t)
{
	for (int hops = 0; hops < MODEL_MAX_TASKS; hops++) {
		int lock = m->tasks[t].waiting_for, holder;

		if (lock < 0 || lock >= MODEL_MAX_LOCKS)
			return false;
		holder = m->lock_holder[lock];
		if (holder < 0 || holder == t)
			return false;
		if (holder == m->current)
			return true;
		t = holder;
	}
	return false;
}

/*
 * Pages in z that t's exit or the reaper would free: its private anonymous
 * pages nobody else holds, and its page tables (freed at exit).
 */
static unsigned long freeable_in_zone(struct model *m, int t, const struct zone *z)
{
	struct world *w = m->w;
	unsigned long n = 0;

	for (int i = 0; i < w->nr_vmas; i++) {
		const struct vma *v = &w->vma[i];
		unsigned long tables = (v->npages + PTRS_PER_PTE - 1) / PTRS_PER_PTE;

		if (!v->in_use || v->task != t)
			continue;
		for (unsigned long k = 0; k < tables; k++)
			if (w->pt[v->pt + k] && page_zone(m, pfn_to_page(m, w->pt[v->pt + k] - 1)) == z)
				n++;
		if (v->file >= 0)
			continue;
		for (uint32_t k = 0; k < v->npages; k++) {
			uint32_t pte = w->pte[v->pte + k];
			const struct page *p;

			if (!(pte & PTE_PRESENT))
				continue;
			p = pfn_to_page(m, pte & PTE_VAL_MASK);
			if (page_zone(m, p) == z && page_count(p) == 1)
				n++;
		}
	}
	return n;
}

void oom_check_overkill(struct model *m, int victim)
{
	const struct zonelist *zl = m->request_zonelist;
	unsigned long victim_frees = 0;

	if (!zl || m->stopped)
		return;
	for (int i = 0; i < zl->nr; i++) {
		const struct zoneref *zr = &zl->_zonerefs[i];
		struct zone *z = model_zone(m, zr->node, zr->zone_idx);

		if (!zone_in_request(m, zr, m->alloc_gfp))
			continue;
		victim_frees += freeable_in_zone(m, victim, z);
		for (int t = 0; t < MODEL_MAX_TASKS; t++) {
			unsigned long F, C, D, M, held;
			uint8_t *cls;

			if (!((m->request_victims >> t) & 1u) || t == victim || !m->tasks[t].in_use ||
			    waits_for_current(m, t))
				continue;
			held = freeable_in_zone(m, t, z);
			if (!held)
				continue;
			cls = malloc(z->spanned_pages);
			MODEL_BUG_ON(m, !cls);
			classify_zone(m, z, m->alloc_gfp, cls, &F, &C, &D);
			free(cls);
			M = min_wmark_pages(z) + z->lowmem_reserve[m->request_classzone_idx];
			if (F + C <= M && F + C + held > M) {
				model_warn(m, WARN_OOM_OVERKILL, "oom-overkill: killing %s while the "
					   "earlier victim %s still holds %lu pages in node %d zone %s "
					   "that its exit would free (F=%lu C=%lu M=%lu) and waits for "
					   "nothing the allocating task holds", m->tasks[victim].name,
					   m->tasks[t].name, held, z->node, zone_name(z->idx), F, C, M);
				return;
			}
		}
	}
	if (!victim_frees)
		model_warn(m, WARN_OOM_OVERKILL, "oom-overkill: killing %s frees nothing in the "
			   "zones the request may use", m->tasks[victim].name);
}
