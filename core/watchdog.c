// SPDX-License-Identifier: GPL-2.0
/*
 * watchdog.c - the livelock watchdog.
 *
 * At the head of every round of an unbounded allocator loop the watchdog
 * takes the hash of everything that can influence a later decision,
 * together with the position in the program's periodic answers.  If a
 * (state, position) pair repeats, the deterministic model would run the
 * same rounds forever: the run ends at once with `livelock`, once the
 * cycle has been replayed one more time and every head of the replay hashed
 * as the head it repeats (a mismatch is a MODEL_BUG: the hash missed state
 * that decides).  A loop that reaches its budget without a proof ends with
 * `retry-storm`.
 *
 * What the hash takes in, and why the rest cannot decide anything:
 *  - every frame and list head (flags, counts, mapping, links: physmem.c,
 *    settled in O(changes)), pageblock flags, the world's slots, files,
 *    vmas, pins, swap and writeback queue (mmu.c), every task's flags,
 *    context, signals, locks, cpuset and mm, the locks, the OOM lock, the
 *    gfp_allowed_mask, the pages other CPUs hold, the loop's own variables;
 *  - per zone: the vm_stat counters, pcp counts, flags, compaction's cached
 *    pfns and deferral state; per node kswapd's order, classzone and state.
 * Left out, each with its reason:
 *  - NR_VMSCAN_WRITE, NR_VMSCAN_IMMEDIATE, NR_DIRTIED, NR_WRITTEN and the
 *    vm_events: statistics no decision reads;
 *  - NR_ALLOC_BATCH while ZONE_FAIR_DEPLETED is set: the only reader,
 *    buffered_rmqueue's "<= 0", decides nothing while the flag is set, and
 *    the only way to clear the flag, reset_alloc_batches, overwrites the
 *    counter (an allocating loop on a depleted zone drives it down for
 *    ever; hashed, no cycle could ever repeat);
 *  - NR_PAGES_SCANNED, which grows while a loop scans and is read only by
 *    zone_reclaimable()'s comparison: a repeat is accepted only with a
 *    certificate that every comparison made in the cycle would come out the
 *    same with the counter shifted by the difference between the heads;
 *  - a zone's reclaim_stat (recent_scanned/rotated), which only grows until
 *    get_scan_count's SCAN_FRACT reads (and halves) it: a repeat is accepted
 *    when the stats are the same at both heads, or no round of the cycle
 *    read them (the cycle then takes the same path again, never reading
 *    them, however far they drift).
 * cycle_certified() checks both certificates.
 */
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include "internal.h"
#include "watchdog.h"

#define WD_MAX_DEPTH	8
#define WD_MAX_BUDGET	1024
#define WD_ZONES	(MAX_NUMNODES * MAX_NR_ZONES)

const char *const loop_name[NR_LOOPS] = {
	[LOOP_SLOWPATH_RETRY] = "retry",
	[LOOP_HIGH_PRIORITY] = "high_priority",
	[LOOP_RETRY_CPUSET] = "retry_cpuset",
	[LOOP_TOO_MANY_ISOLATED] = "too_many_isolated",
	[LOOP_SHRINK_ZONE] = "shrink_zone",
};

const char *const progress_reason_name[NR_PROGRESS_REASONS] = {
	[PR_NONE] = "none",
	[PR_RECLAIMED] = "reclaimed",
	[PR_COMPACTION_READY] = "compaction_ready",
	[PR_ZONE_RECLAIMABLE] = "zone_reclaimable",
	[PR_REPEAT] = "repeat",
	[PR_OOM_LOCK_BUSY] = "oom_lock_busy",
	[PR_OOM_NOFS] = "oom_no_fs",
	[PR_OOM_KILLED] = "oom_killed",
	[PR_OOM_VICTIM_PENDING] = "oom_victim_pending",
	[PR_OOM_CURRENT_VICTIM] = "oom_current_victim",
	[PR_OOM_NOFAIL] = "oom_nofail",
	[PR_NOFAIL] = "nofail",
	[PR_CPUSET_CHANGED] = "cpuset_changed",
	[PR_ISOLATED] = "too_many_isolated",
	[PR_CONTINUE_RECLAIM] = "should_continue_reclaim",
	[PR_RECLAIM_RETRY] = "should_reclaim_retry",
	[PR_COMPACT_RETRY] = "should_compact_retry",
};

static const char *const reason_text[NR_PROGRESS_REASONS] = {
	[PR_NONE] = "no progress",
	[PR_RECLAIMED] = "direct reclaim freed pages",
	[PR_COMPACTION_READY] = "try_to_free_pages returned 1: compaction is ready",
	[PR_ZONE_RECLAIMABLE] = "try_to_free_pages returned 1 with nothing reclaimed: a zone "
				"is still \"reclaimable\" (pages_scanned < 6 x reclaimable)",
	[PR_REPEAT] = "__GFP_REPEAT and pages_reclaimed < 1 << order",
	[PR_OOM_LOCK_BUSY] = "oom_lock held elsewhere: \"somebody else is making progress\"",
	[PR_OOM_NOFS] = "no __GFP_FS: the OOM killer is skipped but progress is reported "
			"\"as per tradition\"",
	[PR_OOM_KILLED] = "out_of_memory killed a task",
	[PR_OOM_VICTIM_PENDING] = "out_of_memory found a TIF_MEMDIE victim still exiting",
	[PR_OOM_CURRENT_VICTIM] = "out_of_memory made the current task a victim",
	[PR_OOM_NOFAIL] = "__GFP_NOFAIL: progress reported without an OOM kill",
	[PR_NOFAIL] = "__GFP_NOFAIL keeps the no-watermark loop going",
	[PR_CPUSET_CHANGED] = "the cpuset changed during the allocation",
	[PR_ISOLATED] = "too many pages isolated: congestion_wait and look again",
	[PR_CONTINUE_RECLAIM] = "should_continue_reclaim: pages were reclaimed, but not yet "
				"enough for compaction to go ahead",
	[PR_RECLAIM_RETRY] = "should_reclaim_retry: a zone would meet its min mark if its "
			     "reclaimable pages were reclaimed",
	[PR_COMPACT_RETRY] = "should_compact_retry: compaction may still help",
};

struct wd_round {
	uint64_t key;			/* 0: answers were not periodic at this head */
	unsigned long progress;
	uint8_t reason;
	uint32_t path;			/* seed labels passed (bit per enum seed_label) */
	uint32_t injected;		/* choice ids answered off their default */
	unsigned long ps_head[WD_ZONES];
	bool reset[WD_ZONES];		/* NR_PAGES_SCANNED was reset in this round */
	long min_false[WD_ZONES];	/* min(scanned - threshold) over "not reclaimable" */
	long min_true[WD_ZONES];	/* min(threshold - scanned) over "reclaimable" */
	uint64_t rs_head[WD_ZONES];	/* the zone's reclaim_stat at the head, hashed */
	bool rs_read[WD_ZONES];		/* get_scan_count read it in this round */
};

struct wd_loop {
	enum loop_id id;
	unsigned iter;
	unsigned budget;
	bool proven;
	unsigned cyc_i, cyc_j;		/* proven: the head of round cyc_j repeats round cyc_i's */
	struct wd_round *rounds;	/* [budget + 1] */
	uint64_t *tkeys;		/* open addressing, 2 * budget rounded up */
	uint32_t *titer;
	uint32_t *tgen;			/* a slot holds a key of this loop iff tgen == gen */
	uint32_t gen;
	unsigned tmask;
	/*
	 * Seed labels and injected choices that rounds of loops nested in this
	 * one took since this loop's round began: an inner loop's round takes
	 * them out of m->alloc_path and injected_now, and they belong to this
	 * round as well.
	 */
	uint32_t inner_path, inner_injected;
};

/* Keys of the state hash's linear folds (fixed; zero for what is not hashed). */
enum { WK_STAT, WK_PCP = WK_STAT + NR_VM_ZONE_STAT_ITEMS, WK_ZONE = WK_PCP + MODEL_MAX_CPUS,
       WK_TASK = WK_ZONE + 16, WK_LOCK = WK_TASK + 16, NR_WKEYS = WK_LOCK + MODEL_MAX_LOCKS };

struct watchdog {
	struct wd_loop loops[WD_MAX_DEPTH];
	/*
	 * Bit d set iff loops[d] is in use (entered, not yet exited): the
	 * notes below run at every zone_reclaimable() call, mostly with no
	 * loop active, and walk only the loops that are.
	 */
	uint32_t active_mask;
	uint32_t injected_now;
	uint64_t key[NR_WKEYS];
};

/* Each active loop l of watchdog wd, innermost slot order; live is the iterator's mask. */
#define for_each_active_loop(wd, l, live)					\
	for (uint32_t live = (wd)->active_mask;					\
	     live && ((l) = &(wd)->loops[__builtin_ctz(live)], 1); live &= live - 1)

static unsigned long zone_scanned(const struct zone *z)
{
	return (unsigned long)z->vm_stat[NR_PAGES_SCANNED];
}

static bool stat_is_decision_relevant(int item)
{
	switch (item) {
	case NR_PAGES_SCANNED:		/* certified, not hashed: see the file comment */
	case NR_VMSCAN_WRITE:
	case NR_VMSCAN_IMMEDIATE:
	case NR_DIRTIED:
	case NR_WRITTEN:
		return false;
	default:
		return true;
	}
}

/* Budgets are set per run (m->loop_budget, from cfg.loop_budget); room is made for the largest. */
int watchdog_init(struct model *m)
{
	unsigned budget = WD_MAX_BUDGET;
	unsigned tsize = 1;

	while (tsize < 2 * (budget + 1))
		tsize <<= 1;
	m->wd = calloc(1, sizeof(*m->wd));
	if (!m->wd)
		return -1;
	for (int k = 0; k < NR_WKEYS; k++)
		m->wd->key[k] = (k >= WK_STAT + NR_VM_ZONE_STAT_ITEMS || stat_is_decision_relevant(k)) ?
				mix64(0x3c6ef372fe94f82bull + (uint64_t)k) | 1 : 0;
	for (int d = 0; d < WD_MAX_DEPTH; d++) {
		struct wd_loop *l = &m->wd->loops[d];

		l->budget = budget;
		l->rounds = calloc(budget + 1, sizeof(struct wd_round));
		l->tkeys = calloc(tsize, sizeof(uint64_t));
		l->titer = calloc(tsize, sizeof(uint32_t));
		l->tgen = calloc(tsize, sizeof(uint32_t));
		l->tmask = tsize - 1;
		if (!l->rounds || !l->tkeys || !l->titer || !l->tgen)
			return -1;
	}
	return 0;
}

void watchdog_free(struct model *m)
{
	if (!m->wd)
		return;
	for (int d = 0; d < WD_MAX_DEPTH; d++) {
		free(m->wd->loops[d].rounds);
		free(m->wd->loops[d].tkeys);
		free(m->wd->loops[d].titer);
		free(m->wd->loops[d].tgen);
	}
	free(m->wd);
	m->wd = NULL;
}

void watchdog_reset(struct model *m)
{
	m->loop_budget = m->cfg.loop_budget ? m->cfg.loop_budget : 128;
	if (m->loop_budget > WD_MAX_BUDGET)
		m->loop_budget = WD_MAX_BUDGET;
	m->wd->active_mask = 0;
	m->wd->injected_now = 0;
}

/* ---- the state hash ------------------------------------------------------ */

/*
 * The zones' part: each zone's numbers are folded linearly (a sum of products
 * with fixed random keys, independent multiplies), then mixed once per zone.
 * A chain of mix64 per counter cost a dependent multiply chain of ~90 links a
 * round, a quarter of a slowpath round.  Two different zones collide only if
 * the key-weighted sum of their differences is 0 mod 2^64.
 */
static uint64_t zones_hash(struct model *m)
{
	const uint64_t *key = m->wd->key;
	uint64_t h = 0x243f6a8885a308d3ull;

	for (int nid = 0; nid < m->cfg.nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node[nid];

		h = mix64(h ^ (uint64_t)pgdat->kswapd_max_order ^ ((uint64_t)pgdat->classzone_idx << 8) ^
			  ((uint64_t)pgdat->kswapd_waiting << 16) ^ ((uint64_t)pgdat->kswapd_woken << 17));
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pgdat->node_zones[zid];
			uint64_t a = ((uint64_t)zid << 40) ^ ((uint64_t)nid << 48);

			if (!populated_zone(z))
				continue;
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
				a += (uint64_t)z->vm_stat[i] * key[WK_STAT + i];
			/*
			 * NR_ALLOC_BATCH is read only by buffered_rmqueue's "<= 0"
			 * while ZONE_FAIR_DEPLETED is clear, and reset_alloc_batches
			 * overwrites it: once the flag is set its value decides nothing.
			 */
			if (test_bit_zone(z, ZONE_FAIR_DEPLETED))
				a -= (uint64_t)z->vm_stat[NR_ALLOC_BATCH] * key[WK_STAT + NR_ALLOC_BATCH];
			for (int cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
				a += (uint64_t)(uint32_t)z->pcp[cpu].count * key[WK_PCP + cpu];
			a += z->flags * key[WK_ZONE];
			a += z->compact_cached_free_pfn * key[WK_ZONE + 1];
			a += z->compact_cached_migrate_pfn[0] * key[WK_ZONE + 2];
			a += z->compact_cached_migrate_pfn[1] * key[WK_ZONE + 3];
			a += (uint64_t)z->compact_considered * key[WK_ZONE + 4];
			a += (uint64_t)z->compact_defer_shift * key[WK_ZONE + 5];
			a += (uint64_t)(uint32_t)z->compact_order_failed * key[WK_ZONE + 6];
			a += (uint64_t)z->compact_blockskip_flush * key[WK_ZONE + 7];
			/* the reclaim stats are certified, not hashed (see the file comment) */
			h = mix64(h ^ a);
		}
	}
	return h;
}

static uint64_t tasks_hash(struct model *m)
{
	const uint64_t *key = m->wd->key;
	uint64_t h = 0x13198a2e03707344ull, a = 0;

	for (int i = 0; i < MODEL_MAX_TASKS; i++) {
		const struct task *t = &m->tasks[i];

		if (!t->in_use)
			continue;
		a = (uint64_t)i;
		a += (uint64_t)t->flags * key[WK_TASK];
		a += (t->tif ^ ((uint64_t)t->fatal_signal << 8) ^ ((uint64_t)t->rt << 9) ^
		      ((uint64_t)t->ctx << 10)) * key[WK_TASK + 1];
		a += (uint64_t)(uint32_t)t->oom_score_adj * key[WK_TASK + 2];
		a += (uint64_t)t->mems_allowed * key[WK_TASK + 3];
		a += (uint64_t)t->locks_held * key[WK_TASK + 4];
		a += (uint64_t)(uint32_t)t->waiting_for * key[WK_TASK + 5];
		a += (uint64_t)t->cpu * key[WK_TASK + 6];
		a += (uint64_t)t->nid * key[WK_TASK + 7];
		a += (uint64_t)(uint32_t)t->mm * key[WK_TASK + 8];
		h = mix64(h ^ a);
	}
	/* only whether the current task's cpuset changed since the attempt began matters */
	a = (uint64_t)(current_task(m)->mems_seq != m->alloc_cookie);
	for (int l = 0; l < MODEL_MAX_LOCKS; l++)
		a += (uint64_t)(uint32_t)m->lock_holder[l] * key[WK_LOCK + l];
	a += (m->gfp_allowed_mask ^ ((uint64_t)m->storage_suspended << 32) ^
	      ((uint64_t)m->oom_killer_disabled << 33)) * key[WK_TASK + 9];
	a += (uint64_t)(uint32_t)m->oom_lock_holder * key[WK_TASK + 10];
	a += (uint64_t)m->current * key[WK_TASK + 11];
	h = mix64(h ^ a);
	/*
	 * pages other CPUs hold: which one a later "free" picks depends on their
	 * order in the table, so each goes in with its slot (handle_note keeps the sum)
	 */
	return mix64(h ^ m->other_hash);
}

/*
 * Never inlined, even across files by the speed build's link-time
 * optimization: make bench reads its share of a run from callgrind by name.
 */
__attribute__((noinline)) uint64_t watchdog_state_hash(struct model *m)
{
	uint64_t h = physmem_settle(m) ^ zones_hash(m) ^ tasks_hash(m) ^ oom_reaper_state_hash(m);

	h ^= mix64(world_state_hash(m) ^ 0x452821e638d01377ull);
	return h;
}

/* ---- loops ------------------------------------------------------------------ */

static uint64_t reclaim_stat_hash(const struct zone *z)
{
	const struct zone_reclaim_stat *rs = &z->reclaim_stat;

	return mix64(mix64(rs->recent_scanned[0] ^ ((uint64_t)rs->recent_scanned[1] << 32)) ^
		     rs->recent_rotated[0] ^ ((uint64_t)rs->recent_rotated[1] << 32));
}

static void round_start(struct model *m, struct wd_round *r)
{
	memset(r, 0, sizeof(*r));
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			int z = nid * MAX_NR_ZONES + zid;
			const struct zone *zone = model_zone(m, nid, zid);

			r->ps_head[z] = zone_scanned(zone);
			r->min_false[z] = LONG_MAX;
			r->min_true[z] = LONG_MAX;
			r->rs_head[z] = reclaim_stat_hash(zone);
		}
}

int watchdog_enter(struct model *m, enum loop_id id)
{
	for (int d = 0; d < WD_MAX_DEPTH; d++) {
		struct wd_loop *l = &m->wd->loops[d];

		if (m->wd->active_mask & (1u << d))
			continue;
		m->wd->active_mask |= 1u << d;
		l->id = id;
		l->iter = 0;
		l->budget = m->loop_budget;
		l->proven = false;
		l->inner_path = 0;
		l->inner_injected = 0;
		/*
		 * Empty the table by starting a new generation (a loop entered
		 * per shrink_inactive_list call cleared 32 KiB each time); on
		 * wrap-around the stamps are cleared once.
		 */
		if (++l->gen == 0) {
			memset(l->tgen, 0, (l->tmask + 1) * sizeof(uint32_t));
			l->gen = 1;
		}
		/* round 0 began before the loop was known to loop: keep what it saw */
		round_start(m, &l->rounds[0]);
		return d;
	}
	MODEL_BUG_ON(m, 1);	/* loops nest deeper than WD_MAX_DEPTH */
	return -1;
}

void watchdog_exit(struct model *m, int slot)
{
	if (slot >= 0)
		m->wd->active_mask &= ~(1u << slot);
}

void watchdog_progress(struct model *m, int slot, unsigned long progress, enum progress_reason why)
{
	struct wd_loop *l = &m->wd->loops[slot];
	struct wd_round *r = &l->rounds[l->iter];

	r->progress = progress;
	r->reason = (uint8_t)why;
	TRACE(m, EV_PROGRESS, l->id, l->iter, (int64_t)progress, why);
}

void watchdog_note_reclaimable(struct model *m, const struct zone *zone, unsigned long scanned,
			       unsigned long threshold, bool reclaimable)
{
	int z = zone->node * MAX_NR_ZONES + zone->idx;
	struct wd_loop *l;

	if (!m->wd)
		return;
	for_each_active_loop(m->wd, l, live) {
		struct wd_round *r = &l->rounds[l->iter];

		if (r->reset[z])
			continue;
		if (!reclaimable) {
			long slack = (long)scanned - (long)threshold;

			if (slack < r->min_false[z])
				r->min_false[z] = slack;
		} else {
			long slack = (long)threshold - (long)scanned;

			if (slack < r->min_true[z])
				r->min_true[z] = slack;
		}
	}
}

void watchdog_note_scan_reset(struct model *m, const struct zone *zone)
{
	int z = zone->node * MAX_NR_ZONES + zone->idx;
	struct wd_loop *l;

	if (!m->wd)
		return;
	for_each_active_loop(m->wd, l, live)
		l->rounds[l->iter].reset[z] = true;
}

void watchdog_note_reclaim_stat(struct model *m, const struct zone *zone)
{
	int z = zone->node * MAX_NR_ZONES + zone->idx;
	struct wd_loop *l;

	if (!m->wd)
		return;
	for_each_active_loop(m->wd, l, live)
		l->rounds[l->iter].rs_read[z] = true;
}

void watchdog_note_injected(struct model *m, int choice_id)
{
	if (m->wd && choice_id >= 0 && choice_id < 32)
		m->wd->injected_now |= 1u << choice_id;
}

/*
 * cycle_certified: the heads of rounds i and j hash alike, but the scan
 * counters (not hashed) may differ by delta.  Replaying rounds i..j-1 from
 * head j would make every zone_reclaimable() comparison up to the zone's
 * first counter reset see scanned + delta instead of scanned.  The cycle
 * repeats forever if all of them come out the same: "not reclaimable"
 * stays so (delta >= -min_false), "reclaimable" stays so (delta < min_true);
 * and, with no reset in the cycle at all, the shift accumulates, so it must
 * not shrink the counter (delta >= 0) and may only grow it when no
 * comparison came out "reclaimable".
 */
static bool cycle_certified(struct model *m, struct wd_loop *l, unsigned i, unsigned j)
{
	for (int z = 0; z < WD_ZONES; z++) {
		long delta = (long)l->rounds[j].ps_head[z] - (long)l->rounds[i].ps_head[z];
		long min_false = LONG_MAX, min_true = LONG_MAX;
		bool reset = false;

		/* reclaim stats that drifted: only if no round of the cycle read them */
		if (l->rounds[j].rs_head[z] != l->rounds[i].rs_head[z])
			for (unsigned r = i; r < j; r++)
				if (l->rounds[r].rs_read[z])
					return false;
		if (delta == 0)
			continue;
		for (unsigned r = i; r < j && !reset; r++) {
			if (l->rounds[r].min_false[z] < min_false)
				min_false = l->rounds[r].min_false[z];
			if (l->rounds[r].min_true[z] < min_true)
				min_true = l->rounds[r].min_true[z];
			reset = l->rounds[r].reset[z];
		}
		if (reset) {
			if (min_false != LONG_MAX && delta < -min_false)
				return false;
			if (min_true != LONG_MAX && delta >= min_true)
				return false;
		} else {
			if (delta < 0)
				return false;
			if (min_true != LONG_MAX)
				return false;
		}
	}
	(void)m;
	return true;
}

static size_t append(char *buf, size_t len, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t append(char *buf, size_t len, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (pos >= len)
		return pos;
	va_start(ap, fmt);
	n = vsnprintf(buf + pos, len - pos, fmt, ap);
	va_end(ap);
	/* a truncated string ends at len - 1: callers may look at buf[pos - 1] */
	if (n > 0 && pos + (size_t)n >= len)
		return len - 1;
	return n > 0 ? pos + (size_t)n : pos;
}

/*
 * The run examined more pages than its work budget allows: end it as a
 * retry-storm (no cycle proven), named by where the run was.
 */
void watchdog_work_exceeded(struct model *m)
{
	char sig[192], g[128];
	size_t spos;

	spos = (size_t)snprintf(sig, sizeof(sig), "retry-storm@work:");
	if (m->alloc_depth) {
		for (int b = 0; b < NR_SEED_LABELS; b++)
			if (m->alloc_path & (1u << b))
				spos = append(sig, sizeof(sig), spos, "%s%s",
					      sig[spos - 1] == ':' ? "" : ">", seed_label_name[b]);
		if (sig[spos - 1] == ':')
			spos = append(sig, sizeof(sig), spos, "%s", seed_label_name[m->trace.label]);
	} else {
		spos = append(sig, sizeof(sig), spos, "%s", seed_label_name[m->trace.label]);
	}
	gfp_format(m->alloc_gfp, g, sizeof(g));
	model_finding(m, V_RETRY_STORM, sig,
		      "the run examined %lu pages in reclaim and compaction, past its work budget "
		      "of %d x %u (loop budget) x %lu frames, at operation %d (%s; order %d, gfp %s, "
		      "task %s) after %lu yields: rounds that multiply work (such as a kswapd pass "
		      "at every reclaim batch's yield) rather than a proven cycle; the kernel would "
		      "show it as an allocation stall",
		      m->work, WORK_BUDGET_PER_FRAME, m->loop_budget, (unsigned long)m->pm.nr_frames,
		      m->op, m->alloc_depth ? "in an allocation" : "outside the allocator",
		      m->alloc_depth ? m->alloc_order : -1, m->alloc_depth ? g : "-",
		      current_task(m)->name, m->nr_yields);
}

/*
 * The path part of a loop's signature: the seed labels its rounds passed, in
 * the slowpath's order, joined by '>'.  When the whole signature would not
 * fit, labels after the first are left out from the middle (marked "..") so
 * that the last steps and the progress reasons, what tells two loops apart,
 * survive; only a path that does not fit even so is cut short.
 */
static size_t append_path(char *sig, size_t len, size_t pos, uint32_t path, uint32_t reasons)
{
	int label[NR_SEED_LABELS], n = 0, skip = 0;
	size_t need = 0, room, w = 0;		/* need: ':' and the reasons, ',' between them */

	for (int b = 0; b < NR_SEED_LABELS; b++)
		if (path & (1u << b)) {
			w += (n ? 1 : 0) + strlen(seed_label_name[b]);
			label[n++] = b;
		}
	for (int b = 0; b < NR_PROGRESS_REASONS; b++)
		if (reasons & (1u << b))
			need += 1 + strlen(progress_reason_name[b]);
	room = pos + need < len ? len - 1 - pos - need : 0;
	/* leave out labels 1, 2, ... (">.." stands for them) until the rest fits */
	while (w > room && skip < n - 1) {
		skip++;
		w -= 1 + strlen(seed_label_name[label[skip]]);
		if (skip == 1)
			w += 3;
	}
	for (int i = 0; i < n; i++) {
		if (i > 0 && i <= skip) {
			if (i == 1)
				pos = append(sig, len, pos, ">..");
			continue;
		}
		pos = append(sig, len, pos, "%s%s", i ? ">" : "", seed_label_name[label[i]]);
	}
	return pos;
}

static void judge(struct model *m, struct wd_loop *l)
{
	unsigned from = l->proven ? l->cyc_i : (l->iter > 8 ? l->iter - 8 : 0);
	unsigned to = l->proven ? l->cyc_j : l->iter;
	uint32_t path = 0, injected = 0, reasons = 0;
	char sig[192], detail[2048], g[128];
	size_t pos = 0, spos;
	enum verdict_kind kind = l->proven ? V_LIVELOCK : V_RETRY_STORM;

	for (unsigned r = from; r < to; r++) {
		path |= l->rounds[r].path;
		injected |= l->rounds[r].injected;
		reasons |= 1u << l->rounds[r].reason;
	}
	spos = (size_t)snprintf(sig, sizeof(sig), "%s@%s:", verdict_name[kind], loop_name[l->id]);
	spos = append_path(sig, sizeof(sig), spos, path, reasons);
	spos = append(sig, sizeof(sig), spos, ":");
	for (int b = 0; b < NR_PROGRESS_REASONS; b++)
		if (reasons & (1u << b))
			spos = append(sig, sizeof(sig), spos, "%s%s", sig[spos - 1] == ':' ? "" : ",",
				      progress_reason_name[b]);

	gfp_format(m->alloc_gfp, g, sizeof(g));
	if (l->proven)
		pos = append(detail, sizeof(detail), pos,
			     "%s loop of the allocator (order %d, gfp %s, task %s): the model state "
			     "and the position in the periodic answers at the head of round %u "
			     "repeat those of round %u: a cycle of %u round(s) that never ends "
			     "(proven at round %u and replayed once more to round %u; the loop's "
			     "budget is %u rounds).\nEach round of the cycle:\n",
			     loop_name[l->id], m->alloc_order, g, current_task(m)->name, l->cyc_j,
			     l->cyc_i, l->cyc_j - l->cyc_i, l->cyc_j, l->iter, l->budget);
	else
		pos = append(detail, sizeof(detail), pos,
			     "%s loop of the allocator (order %d, gfp %s, task %s) went past its "
			     "budget of %u rounds without a proven cycle (the state kept changing, or "
			     "the answers were not periodic).\nThe last rounds:\n",
			     loop_name[l->id], m->alloc_order, g, current_task(m)->name, l->budget);
	for (unsigned r = from; r < to && r < from + 8; r++) {
		const struct wd_round *rd = &l->rounds[r];

		pos = append(detail, sizeof(detail), pos, "  round %u: progress %lu, because %s",
			     r, rd->progress, reason_text[rd->reason]);
		if (rd->injected) {
			pos = append(detail, sizeof(detail), pos, "; injected:");
			for (int c = 0; c < NR_CHOICE_IDS; c++)
				if (rd->injected & (1u << c))
					pos = append(detail, sizeof(detail), pos, " %s",
						     choice_table[c].name);
		}
		pos = append(detail, sizeof(detail), pos, "\n");
	}
	if (l->proven) {
		if (!injected) {
			pos = append(detail, sizeof(detail), pos,
				     "The cycle needs no injected answer: every choice took its fair "
				     "default.\n");
		} else {
			pos = append(detail, sizeof(detail), pos, "The cycle depends on injected answers:");
			for (int c = 0; c < NR_CHOICE_IDS; c++)
				if (injected & (1u << c))
					pos = append(detail, sizeof(detail), pos, " %s", choice_table[c].name);
			pos = append(detail, sizeof(detail), pos, "\n");
		}
	}
	TRACE(m, EV_WATCHDOG, l->id, l->iter, kind);
	model_finding(m, kind, sig, "%s", detail);
}

bool watchdog_round(struct model *m, int slot, uint64_t locals)
{
	struct wd_loop *l = &m->wd->loops[slot], *o;
	struct wd_round *prev = &l->rounds[l->iter];
	struct wd_round *cur;
	uint64_t phase;

	if (m->stopped)
		return true;
	prev->path = m->alloc_path | l->inner_path;
	prev->injected = m->wd->injected_now | l->inner_injected;
	l->inner_path = 0;
	l->inner_injected = 0;
	/* every other active loop encloses this one: its round saw all of it too */
	for_each_active_loop(m->wd, o, live) {
		if (o != l) {
			o->inner_path |= m->alloc_path;
			o->inner_injected |= m->wd->injected_now;
		}
	}
	m->alloc_path = 0;
	m->wd->injected_now = 0;
	l->iter++;
	cur = &l->rounds[l->iter];
	round_start(m, cur);
	if (m->answerer.phase ? m->answerer.phase(m->answerer.priv, &phase) : !m->answerer.answer ?
	    (phase = 0, true) : false) {
		uint64_t key = mix64(watchdog_state_hash(m) ^ mix64(locals ^ 0x6a09e667f3bcc908ull) ^
				     mix64(phase + 0xbb67ae8584caa73bull)) | 1;
		unsigned pos = (unsigned)key & l->tmask;

		cur->key = key;
		if (l->proven) {
			/*
			 * The replay of the proven cycle: each head must hash as the
			 * head it repeats, or the hash left out state that decides.
			 */
			MODEL_BUG_ON(m, key != l->rounds[l->cyc_i + (l->iter - l->cyc_j)].key);
			if (l->iter == 2 * l->cyc_j - l->cyc_i) {
				judge(m, l);
				return true;
			}
		}
		while (!l->proven && l->tgen[pos] == l->gen) {
			if (l->tkeys[pos] == key) {
				unsigned i = l->titer[pos];

				if (!l->proven && cycle_certified(m, l, i, l->iter)) {
					l->proven = true;
					l->cyc_i = i;
					l->cyc_j = l->iter;
				}
				break;
			}
			pos = (pos + 1) & l->tmask;
		}
		if (l->tgen[pos] != l->gen) {
			l->tgen[pos] = l->gen;
			l->tkeys[pos] = key;
			l->titer[pos] = l->iter;
		}
	}
	if (l->iter >= l->budget) {
		judge(m, l);
		return true;
	}
	return false;
}
