// SPDX-License-Identifier: GPL-2.0
/*
 * oom_kill.c - the OOM killer of v4.2 (mm/oom_kill.c): out_of_memory,
 * select_bad_process with oom_badness, oom_kill_process and the victim's
 * exit.  The global oom_lock lives in the slowpath (__alloc_pages_may_oom).
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
	 * This task already has access to memory reserves and is being
	 * killed.  Don't allow any other task to have access to the reserves.
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
	m->tasks[t].tif |= TIF_MEMDIE;
}

static void oom_kill_process(struct model *m, int victim)
{
	struct task *t = &m->tasks[victim];
	unsigned long total_vm = world_mm_total_vm(m, victim);
	unsigned long anon = world_mm_anon_rss(m, victim);
	unsigned long rss = mm_rss(m, victim);

	/* an exiting task: just let it use the reserves and die quickly */
	if (task_will_free_mem(t)) {
		mark_oom_victim(m, victim);
		return;
	}
	mark_oom_victim(m, victim);
	t->fatal_signal = true;		/* do_send_sig_info(SIGKILL) */
	count_vm_events(m, OOM_KILL_EVENTS, 1);
	TRACE(m, EV_OOM_KILL, victim, (int64_t)total_vm * PAGE_SIZE_KB,
	      (int64_t)anon * PAGE_SIZE_KB, (int64_t)(rss - anon) * PAGE_SIZE_KB);
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
	(void)gfp_mask;
	(void)order;
	(void)nodemask;
	if (m->oom_killer_disabled) {
		TRACE(m, EV_OOM_DECIDE, OOM_DISABLED, -1, 0, 1);
		return false;
	}
	/*
	 * If current has a pending SIGKILL or is exiting, then automatically
	 * select it, so that it may allocate, quickly exit and free its memory.
	 */
	if (task_has_mm(cur) && (cur->fatal_signal || task_will_free_mem(cur))) {
		TRACE(m, EV_OOM_DECIDE, OOM_CURRENT_VICTIM, m->current, 0, 0);
		mark_oom_victim(m, m->current);
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
	for (int t = 1; t < MODEL_MAX_TASKS; t++) {
		struct task *task = &m->tasks[t];
		struct choice_query q;

		/* every task is looked at, at every yield: the question only for a victim */
		if (!task->in_use || t == m->current || !(task->tif & TIF_MEMDIE) ||
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
		task->tif &= ~TIF_MEMDIE;
		task->in_use = false;
		if (m->stopped)
			return;
	}
}
