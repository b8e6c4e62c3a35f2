// SPDX-License-Identifier: GPL-2.0
/*
 * oom_kill.c - the OOM killer of v4.2 (mm/oom_kill.c): out_of_memory,
 * select_bad_process with oom_badness, oom_kill_process and the victim's
 * exit.  The global oom_lock lives in the slowpath (__alloc_pages_may_oom).
 * Patch oom-reaper (aac453635549, as of v4.9): the oom_reaper thread, the
 * per-process oom_mm, MMF_OOM_SKIP and the process walk of selection.
 */
#include "internal.h"

#define OOM_SCORE_ADJ_MIN	(-1000)

enum oom_scan_t { OOM_SCAN_OK, OOM_SCAN_CONTINUE, OOM_SCAN_ABORT, OOM_SCAN_SELECT };

static unsigned long mm_rss(struct model *m, int t)
{
	return world_mm_rss(m, t);
}

static unsigned long mm_swapents(struct model *m, int t)
{
	return world_mm_swapents(m, t);
}

static unsigned long mm_nr_ptes(struct model *m, int t)
{
	return world_mm_nr_ptes(m, t);
}

/* is_global_init (task 0 is init) or a kernel thread */
static bool oom_unkillable_task(struct model *m, int t)
{
	return t == 0 || (m->tasks[t].flags & PF_KTHREAD);
}

static bool task_will_free_mem(const struct task *t)
{
	return (t->flags & PF_EXITING) && !(t->flags & PF_DUMPCORE);
}

static bool task_has_mm(const struct task *t)
{
	return !(t->flags & PF_KTHREAD);
}

static bool mm_oom_skip(const struct model *m, int t)
{
	return (m->reaper.mmf_oom_skip >> t) & 1u;
}

/*
 * patch oom-reaper (aac453635549, v4.9's task_will_free_mem): an mm not
 * yet MMF_OOM_SKIP, no core dump, and the process exiting as a group
 * (SIGKILL received) or a lone thread with PF_EXITING.  Every task of the
 * model is a one-thread process with an mm of its own.
 */
static bool task_will_free_mem_v49(const struct model *m, int t)
{
	const struct task *task = &m->tasks[t];

	if (!task_has_mm(task) || mm_oom_skip(m, t) || (task->flags & PF_DUMPCORE))
		return false;
	return task->fatal_signal || (task->flags & PF_EXITING);
}

/* patch oom-reaper (aac453635549): wake_oom_reaper queues a task once, last in first out. */
static void wake_oom_reaper(struct model *m, int t)
{
	struct oom_reaper *r = &m->reaper;

	if ((r->queued >> t) & 1u)
		return;
	r->queued |= 1u << t;
	r->queue[r->nr_queued++] = (int8_t)t;
	TRACE(m, EV_OOM_REAPER, t, OOM_REAPER_QUEUED, 0);
}

static unsigned long totalpages(struct model *m)
{
	unsigned long total = m->cfg.swap_pages;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			total += model_zone(m, nid, zid)->managed_pages;
	return total;
}

/*
 * oom_badness: rss + swap entries + page tables, minus 3% for root (the
 * model's tasks are not root), plus oom_score_adj normalised to the size of
 * memory; never 0 for an eligible task.
 */
static unsigned long oom_badness(struct model *m, int t, unsigned long total)
{
	long points, adj;

	if (oom_unkillable_task(m, t) || !task_has_mm(&m->tasks[t]))
		return 0;
	adj = m->tasks[t].oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return 0;
	/* patch oom-reaper (aac453635549): a reaped or hidden mm is never chosen */
	if (patch_on(m, PATCH_OOM_REAPER) && mm_oom_skip(m, t))
		return 0;
	points = (long)(mm_rss(m, t) + mm_swapents(m, t) + mm_nr_ptes(m, t));
	adj *= (long)(total / 1000);
	points += adj;
	return points > 0 ? (unsigned long)points : 1;
}

static enum oom_scan_t oom_scan_process_thread(struct model *m, int t, bool force_kill)
{
	struct task *task = &m->tasks[t];

	if (oom_unkillable_task(m, t))
		return OOM_SCAN_CONTINUE;
	/*
	 * patch oom-reaper (aac453635549, v4.9's oom_evaluate_task): a process
	 * already a victim aborts the scan unless its mm is MMF_OOM_SKIP, then
	 * it is passed over; an exiting task no longer aborts it.
	 */
	if (patch_on(m, PATCH_OOM_REAPER)) {
		if ((m->reaper.oom_mm >> t) & 1u && !force_kill)
			return mm_oom_skip(m, t) ? OOM_SCAN_CONTINUE : OOM_SCAN_ABORT;
		return task_has_mm(task) ? OOM_SCAN_OK : OOM_SCAN_CONTINUE;
	}
	/*
	 * A TIF_MEMDIE victim is still exiting, with the reserves open to it:
	 * the scan stops without a choice (unless the kill is forced), so no
	 * second victim competes with it for those reserves.
	 */
	if (task->tif & TIF_MEMDIE) {
		if (!force_kill)
			return OOM_SCAN_ABORT;
	}
	if (!task_has_mm(task))
		return OOM_SCAN_CONTINUE;
	if (task_will_free_mem(task) && !force_kill)
		return OOM_SCAN_ABORT;
	return OOM_SCAN_OK;
}

/*
 * Returns the chosen task, -1 for none, -2 to abort (a victim is on its way
 * out: *pending says which).
 */
static int select_bad_process(struct model *m, unsigned long *ppoints, unsigned long total,
			      bool force_kill, int *pending)
{
	int chosen = -1;
	unsigned long chosen_points = 0;

	for (int t = 0; t < MODEL_MAX_TASKS; t++) {
		unsigned long points;

		if (!m->tasks[t].in_use)
			continue;
		switch (oom_scan_process_thread(m, t, force_kill)) {
		case OOM_SCAN_SELECT:
			chosen = t;
			chosen_points = ~0ul;
			continue;
		case OOM_SCAN_CONTINUE:
			continue;
		case OOM_SCAN_ABORT:
			*pending = t;
			return -2;
		case OOM_SCAN_OK:
			break;
		}
		points = oom_badness(m, t, total);
		if (!points || points < chosen_points)
			continue;
		if (points == chosen_points && chosen >= 0)
			continue;	/* prefer the first (the thread group leader) */
		chosen = t;
		chosen_points = points;
	}
	*ppoints = chosen_points;
	return chosen;
}

static void mark_oom_victim(struct model *m, int t)
{
	model_task_memdie(m, t, true);
	/* patch oom-reaper (aac453635549): the process keeps its oom_mm until it is gone */
	if (patch_on(m, PATCH_OOM_REAPER))
		m->reaper.oom_mm |= 1u << t;
}

static void oom_kill_process(struct model *m, int victim)
{
	struct task *t = &m->tasks[victim];
	unsigned long total_vm = world_mm_total_vm(m, victim);
	unsigned long anon = world_mm_anon_rss(m, victim);
	unsigned long rss = mm_rss(m, victim);

	/* patch oom-reaper (aac453635549): one that will free memory is queued, not killed */
	if (patch_on(m, PATCH_OOM_REAPER) && task_will_free_mem_v49(m, victim)) {
		mark_oom_victim(m, victim);
		wake_oom_reaper(m, victim);
		return;
	}
	/* already exiting: TIF_MEMDIE alone, no signal, so it finishes on the reserves */
	if (!patch_on(m, PATCH_OOM_REAPER) && task_will_free_mem(t)) {
		mark_oom_victim(m, victim);
		return;
	}
	if (m->cfg.patch_oracles) {
		oom_check_premature(m, m->alloc_gfp, (unsigned)m->alloc_order, "kill");
		oom_check_overkill(m, victim);
	}
	mark_oom_victim(m, victim);
	t->fatal_signal = true;		/* do_send_sig_info(SIGKILL) */
	count_vm_events(m, OOM_KILL_EVENTS, 1);
	TRACE(m, EV_OOM_KILL, victim, (int64_t)total_vm * PAGE_SIZE_KB,
	      (int64_t)anon * PAGE_SIZE_KB, (int64_t)(rss - anon) * PAGE_SIZE_KB);
	m->request_victims |= 1u << victim;
	/* patch oom-reaper (aac453635549): after the SIGKILL, the victim goes to the reaper */
	if (patch_on(m, PATCH_OOM_REAPER))
		wake_oom_reaper(m, victim);
}

/*
 * out_of_memory: returns true when it did something a retry can hope from:
 * killed a task, found a victim already exiting, or made the current task
 * a victim.  Returns false only when the OOM killer is disabled.
 */
bool out_of_memory(struct model *m, struct zonelist *zonelist, gfp_t gfp_mask, int order,
		   nodemask_t *nodemask, bool force_kill)
{
	struct task *cur = current_task(m);
	unsigned long points = 0, total;
	int p, pending = -1;
	bool killed = false;

	(void)zonelist;
	(void)order;
	(void)nodemask;
	if (m->oom_killer_disabled) {
		TRACE(m, EV_OOM_DECIDE, OOM_DISABLED, -1, 0, 1);
		return false;
	}
	/*
	 * The allocating task itself is killed already or exiting: it becomes
	 * the victim without a scan, gets the reserves to finish its exit, and
	 * its memory is what comes back.
	 */
	if (patch_on(m, PATCH_OOM_REAPER)) {
		/* patch oom-reaper (aac453635549): only one that will free memory, then reaped */
		if (task_will_free_mem_v49(m, m->current)) {
			TRACE(m, EV_OOM_DECIDE, OOM_CURRENT_VICTIM, m->current, 0, 0);
			mark_oom_victim(m, m->current);
			wake_oom_reaper(m, m->current);
			return true;
		}
	} else if (task_has_mm(cur) && (cur->fatal_signal || task_will_free_mem(cur))) {
		TRACE(m, EV_OOM_DECIDE, OOM_CURRENT_VICTIM, m->current, 0, 0);
		mark_oom_victim(m, m->current);
		return true;
	}
	/*
	 * patch oom-detection-rework (0a0337e0d1d1, with "move GFP_NOFS check
	 * to out_of_memory"): the OOM killer does not make up for IO-less
	 * reclaim; such a request pretends progress here, without a kill.  A
	 * mask of 0 is pagefault_out_of_memory, which has no gfp context: it
	 * goes on to select and kill, as in v4.2.
	 */
	if (patch_on(m, PATCH_OOM_DETECTION_REWORK) && gfp_mask &&
	    !(gfp_mask & (__GFP_FS | __GFP_NOFAIL))) {
		TRACE(m, EV_OOM_DECIDE, OOM_NOFS_NO_KILL, m->current, 0, 0);
		return true;
	}
	total = totalpages(m);
	p = select_bad_process(m, &points, total, force_kill, &pending);
	if (p == -1) {
		/* panic() is no WARN: the trace line says it, the verdict stops the run */
		TRACE(m, EV_OOM_DECIDE, OOM_NO_KILLABLE, -1, 0, 0);
		model_finding(m, V_WARNING, "warning:oom-panic@__alloc_pages_may_oom",
			      "Kernel panic - not syncing: Out of memory and no killable processes");
		return false;
	}
	TRACE(m, EV_OOM_DECIDE, p >= 0 ? OOM_KILL : OOM_VICTIM_PENDING, p >= 0 ? p : pending,
	      (int64_t)points, 0);
	if (p >= 0) {
		oom_kill_process(m, p);
		killed = true;
	}
	if (killed)
		schedule_timeout_killable(m, 1);
	return true;
}

/* A victim blocked on a lock held by a live task other than itself cannot run. */
static bool victim_is_blocked(struct model *m, const struct task *t)
{
	int lock = t->waiting_for;

	if (lock < 0 || lock >= MODEL_MAX_LOCKS)
		return false;
	return m->lock_holder[lock] >= 0 && m->lock_holder[lock] != (int)(t - m->tasks) &&
	       m->tasks[m->lock_holder[lock]].in_use;
}

/*
 * oom_victims_yield: at a yield point every killed task that is not the
 * one allocating (nor the one a running kswapd interrupted) and not
 * blocked may get to run and exit
 * [choice: CHOICE_OOM_VICTIM_EXIT, default: it exits].
 */
void oom_victims_yield(struct model *m)
{
	uint32_t later;
	int t = 0;

	/*
	 * every task that may have the flag, in task order from 1 (the set is
	 * read again after each, as a victim's exit changes tasks); the
	 * question only for a victim
	 */
	while ((later = m->memdie_tasks & ~((2u << t) - 1))) {
		struct task *task;
		struct choice_query q;

		t = __builtin_ctz(later);
		task = &m->tasks[t];

		if (!(task->tif & TIF_MEMDIE) || !task->in_use || t == m->current ||
		    (m->w->kswapd_running && t == m->w->kswapd_interrupted) ||
		    victim_is_blocked(m, task))
			continue;
		q = (struct choice_query){ .id = CHOICE_OOM_VICTIM_EXIT, .nr = 2, .dflt = 0,
					   .gfp = m->alloc_gfp, .order = m->alloc_order,
					   .task = t, .pfn = PFN_NONE, .label = m->trace.label };
		if (choice_ask(m, &q) != 0)
			continue;
		TRACE(m, EV_OOM_VICTIM_EXIT, t);
		model_task_exit(m, t);
		/* exit_oom_victim, and the task is gone (release its locks) */
		for (int l = 0; l < MODEL_MAX_LOCKS; l++)
			if (m->lock_holder[l] == t)
				m->lock_holder[l] = -1;
		model_task_memdie(m, t, false);
		task->in_use = false;
		/* patch oom-reaper (aac453635549): the last user's exit hides the mm; the process is gone */
		m->reaper.mmf_oom_skip |= patch_on(m, PATCH_OOM_REAPER) ? 1u << t : 0;
		m->reaper.oom_mm &= ~(1u << t);
		if (m->stopped)
			return;
	}
	if (m->reaper.nr_queued)
		oom_reaper_yield(m);
}

/* ---- patch oom-reaper (aac453635549, as of v4.9) -------------------------------- */

/*
 * __oom_reap_task_mm: unmaps the victim's private anonymous memory (every
 * vma but hugetlb, VM_LOCKED and VM_SHARED ones: the model's file mappings
 * are all shared).  Pages whose last reference that was go to the buddy;
 * swap entries are released; page tables wait for the exit.  Returns the
 * pages freed.
 */
static unsigned long oom_reap_task_mm(struct model *m, int t)
{
	struct world *w = m->w;
	unsigned long free_before = 0, free_after = 0;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free_before += (unsigned long)zone_page_state(model_zone(m, nid, zid), NR_FREE_PAGES);
	for (int i = 0; i < w->nr_vmas; i++)
		if (w->vma[i].in_use && w->vma[i].task == t && w->vma[i].file < 0)
			zap_vma_ptes(m, i);
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free_after += (unsigned long)zone_page_state(model_zone(m, nid, zid), NR_FREE_PAGES);
	return free_after > free_before ? free_after - free_before : 0;
}

/*
 * oom_reaper_yield: at a yield point with a non-empty list the reaper
 * thread may run [choice: CHOICE_OOM_REAPER_RUN, default: it runs].  It
 * takes the OOM lock (an allocator holding it makes it wait), then tries
 * the newest victim's mmap_sem for read [choice: CHOICE_MMAP_SEM, default:
 * taken]; a failure is one of MAX_OOM_REAP_RETRIES attempts, the next at a
 * later yield (its HZ/10 sleep).  Reaped, gone, or out of attempts, the mm
 * becomes MMF_OOM_SKIP and leaves the list; the victim keeps TIF_MEMDIE.
 */
void oom_reaper_yield(struct model *m)
{
	struct oom_reaper *r = &m->reaper;
	struct choice_query q = { .id = CHOICE_OOM_REAPER_RUN, .nr = 2, .dflt = 0,
				  .gfp = m->alloc_gfp, .order = m->alloc_order, .task = -1,
				  .pfn = PFN_NONE, .label = m->trace.label };
	int saved_label = m->trace.label;
	int t;

	if (!r->nr_queued || m->stopped || m->oom_lock_holder != -1)
		return;
	t = r->queue[r->nr_queued - 1];
	q.task = t;
	if (choice_ask(m, &q) != 0)
		return;
	m->trace.label = L_OOM_REAPER;
	if (m->tasks[t].in_use && task_has_mm(&m->tasks[t])) {
		struct choice_query qs = q;

		qs.id = CHOICE_MMAP_SEM;
		if (choice_ask(m, &qs) != 0) {
			r->attempts++;
			TRACE(m, EV_OOM_REAPER, t, OOM_REAPER_TRYLOCK_FAILED, r->attempts);
			if (r->attempts < MAX_OOM_REAP_RETRIES) {
				m->trace.label = saved_label;
				return;
			}
			TRACE(m, EV_OOM_REAPER, t, OOM_REAPER_GAVE_UP, r->attempts);
		} else {
			unsigned long freed = oom_reap_task_mm(m, t);

			TRACE(m, EV_OOM_REAPER, t, OOM_REAPER_REAPED, (int64_t)freed);
		}
	}
	r->attempts = 0;
	r->mmf_oom_skip |= 1u << t;
	r->queued &= ~(1u << t);
	r->nr_queued--;
	m->trace.label = saved_label;
}

/* The reaper's state for the livelock proof: 0 without the patch, so v4.2's hash stays. */
uint64_t oom_reaper_state_hash(const struct model *m)
{
	const struct oom_reaper *r = &m->reaper;
	uint64_t h;

	if (!patch_on(m, PATCH_OOM_REAPER))
		return 0;
	h = mix64(((uint64_t)r->mmf_oom_skip << 32) ^ r->oom_mm ^ ((uint64_t)r->attempts << 16) ^
		  0x243f6a8885a308d3ull);
	for (int i = 0; i < r->nr_queued; i++)
		h = mix64(h ^ (uint64_t)(uint8_t)r->queue[i] ^ ((uint64_t)i << 8));
	return h;
}
