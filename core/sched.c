// SPDX-License-Identifier: GPL-2.0
/*
 * sched.c - yield points: cond_resched, wait_iff_congested, congestion_wait
 * and schedule_timeout_*.  The model runs one allocating task; what the
 * other CPUs do while it sleeps or is preempted is a choice point
 * [choice: CHOICE_YIELD_ACTION + CHOICE_YIELD_ARG, default: nothing], and the
 * world gets to complete writeback and run a woken kswapd, and OOM victims
 * get to exit.
 */
#include <string.h>
#include "internal.h"

/* One order-0 page taken by a task of another CPU, held as handle of no task. */
static void other_cpu_alloc(struct model *m, unsigned arg)
{
	struct task *t = current_task(m);
	struct zonelist *zl = node_zonelist(m, t->nid, GFP_KERNEL);
	struct alloc_context ac;
	struct page *page;
	int h;

	if (zl->nr == 0)
		return;
	memset(&ac, 0, sizeof(ac));
	ac.zonelist = zl;
	ac.high_zoneidx = MAX_NR_ZONES - 1;
	ac.migratetype = (int)(arg % MIGRATE_PCPTYPES);
	ac.preferred_zone = first_zones_zonelist(m, zl, ac.high_zoneidx, NULL, &ac.classzone_idx);
	/* an atomic allocation of the other task: min mark, ALLOC_HIGH|ALLOC_HARDER */
	page = get_page_from_freelist(m, GFP_ATOMIC, 0, ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER,
				      &ac);
	if (!page)
		return;
	h = handle_slot(m);
	if (h < 0) {
		__free_pages(m, page, 0);
		return;
	}
	page_owner_alloc(m, page, 0, SITE_OTHER_CPU);
	m->handles[h] = (struct handle){ .pfn = (uint32_t)page_to_pfn(m, page), .order = 0,
					 .in_use = true, .task = -1, .gfp = GFP_ATOMIC, .op = m->op };
	handle_note(m, h);
}

/*
 * Frees what another CPU holds, starting at its arg-th block (in handle
 * order, wrapping around): one block, or blocks until `pages` pages went
 * (`yield_free N`).  Returns false if other CPUs hold nothing.
 */
static bool other_cpu_free(struct model *m, unsigned arg, unsigned long pages)
{
	int nr = 0, k, first, g, w;
	unsigned long freed = 0;
	uint64_t bits;

	/* the pages other CPUs hold, in handle order; arg picks where to start */
	for (g = 0; g < OTHER_GROUPS; g++)
		nr += (int)m->other_group[g];
	if (!nr)
		return false;
	k = (int)(arg % (unsigned)nr);
	/* the group that holds the k-th, then its word, then its bit */
	for (g = 0; k >= (int)m->other_group[g]; g++)
		k -= (int)m->other_group[g];
	for (w = g << (OTHER_GROUP_SHIFT - 6); k >= __builtin_popcountll(m->other_map[w]); w++)
		k -= __builtin_popcountll(m->other_map[w]);
	for (bits = m->other_map[w]; k--; )
		bits &= bits - 1;	/* the k lower ones of the word go */
	first = (w << 6) + __builtin_ctzll(bits);
	/* from there up the table, then round from its start, until enough is freed */
	for (int pass = 0, h = first; pass < 2 && freed < pages; pass++, h = 0) {
		int end = pass ? first : m->nr_handles;

		while (freed < pages && (h = other_handle_next(m, h)) >= 0 && h < end) {
			struct handle *hd = &m->handles[h];
			struct page *page = pfn_to_page(m, hd->pfn);

			handle_release(m, h);
			page_owner_free(m, page, hd->order, SITE_OTHER_CPU);
			__free_pages(m, page, hd->order);
			freed += 1ul << hd->order;
			h++;
		}
	}
	return true;
}

static void yield_point(struct model *m)
{
	struct choice_query q = { .id = CHOICE_YIELD_ACTION, .nr = NR_YIELD_ACTIONS,
				  .dflt = YIELD_NOTHING, .gfp = m->alloc_gfp,
				  .order = m->alloc_depth ? m->alloc_order : -1,
				  .task = m->current, .pfn = PFN_NONE, .label = m->trace.label };
	unsigned action, arg = 0;
	int saved_label = m->trace.label;

	if (m->stopped)
		return;
	m->nr_yields++;
	action = choice_ask(m, &q);
	if (action != YIELD_NOTHING) {
		q.id = CHOICE_YIELD_ARG;
		q.nr = 256;
		q.dflt = 0;
		arg = choice_ask(m, &q);
		TRACE(m, EV_YIELD, saved_label, action, arg);
	}
	m->trace.label = L_YIELD;
	switch (action) {
	case YIELD_ALLOC:
		other_cpu_alloc(m, arg);
		break;
	case YIELD_FREE:
		other_cpu_free(m, arg, m->other_free_batch ? m->other_free_batch : 1);
		break;
	case YIELD_FREE_TAKE_BACK:
		if (other_cpu_free(m, arg, 1))
			other_cpu_alloc(m, arg);
		break;
	case YIELD_DIRTY:
		world_other_cpu_dirty(m, arg);
		break;
	case YIELD_RUN_KSWAPD:
		model_kswapd_run(m, (int)(arg % (unsigned)m->cfg.nr_nodes));
		break;
	case YIELD_COMPLETE_WRITEBACK:
		world_complete_writeback(m);
		break;
	case YIELD_TAKE_OOM_LOCK:
		if (m->oom_lock_holder == -1)
			m->oom_lock_holder = -2;
		break;
	case YIELD_RELEASE_OOM_LOCK:
		if (m->oom_lock_holder == -2)
			m->oom_lock_holder = -1;
		break;
	case YIELD_CHANGE_CPUSET: {
		struct task *t = current_task(m);
		nodemask_t all = (1u << m->cfg.nr_nodes) - 1;

		t->mems_allowed = (nodemask_t)(arg % all) + 1;
		t->mems_seq++;
		break;
	}
	default:
		break;
	}
	if (!m->stopped)
		world_yield(m);
	if (!m->stopped)
		oom_victims_yield(m);
	m->trace.label = saved_label;
}

/* A sleep inside an allocation that may not sleep breaks the gfp contract. */
static void might_sleep(struct model *m, const char *where)
{
	char sig[128];

	if (m->alloc_depth && !(m->alloc_gfp & __GFP_WAIT) && !(current_task(m)->flags & PF_KSWAPD)) {
		snprintf(sig, sizeof(sig), "gfp-contract:atomic-slept@%s", where);
		model_finding(m, V_GFP_CONTRACT, sig,
			      "an allocation without __GFP_WAIT (gfp %#x, order %d) slept in %s",
			      m->alloc_gfp, m->alloc_order, where);
	}
}

void cond_resched(struct model *m)
{
	might_sleep(m, "cond_resched");
	yield_point(m);
}

/*
 * wait_iff_congested: the model has no congested backing devices, so it
 * behaves as the kernel does without congestion: cond_resched and return.
 */
void wait_iff_congested(struct model *m, struct zone *zone)
{
	(void)zone;
	might_sleep(m, "wait_iff_congested");
	yield_point(m);
}

void congestion_wait(struct model *m)
{
	might_sleep(m, "congestion_wait");
	yield_point(m);
}

void schedule_timeout_uninterruptible(struct model *m, long timeout)
{
	(void)timeout;
	might_sleep(m, "schedule_timeout_uninterruptible");
	yield_point(m);
}

void schedule_timeout_killable(struct model *m, long timeout)
{
	(void)timeout;
	might_sleep(m, "schedule_timeout_killable");
	yield_point(m);
}

bool fatal_signal_pending(struct model *m)
{
	return current_task(m)->fatal_signal;
}
