// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - the decision trace: a hash over every event (the run's identity)
 * and, when asked, the events themselves, printed like the kernel's
 * tracepoints and messages.
 */
#include <inttypes.h>
#include <string.h>
#include "internal.h"

const char *const seed_label_name[NR_SEED_LABELS] = {
	[L_NONE] = "none",
	[L_ENTRY] = "__alloc_pages_nodemask",
	[L_FASTPATH] = "fastpath",
	[L_RETRY] = "retry",
	[L_WAKE_KSWAPD] = "wake_all_kswapds",
	[L_FREELIST] = "get_page_from_freelist",
	[L_HIGH_PRIORITY] = "__alloc_pages_high_priority",
	[L_ATOMIC] = "atomic-nopage",
	[L_PF_MEMALLOC] = "pf_memalloc-nopage",
	[L_TIF_MEMDIE] = "tif_memdie-nopage",
	[L_COMPACT] = "__alloc_pages_direct_compact",
	[L_THP_GIVEUP] = "thp-nopage",
	[L_RECLAIM] = "__alloc_pages_direct_reclaim",
	[L_NORETRY_CHECK] = "noretry-check",
	[L_SHOULD_RETRY] = "should-retry",
	[L_MAY_OOM] = "__alloc_pages_may_oom",
	[L_OOM_RETRY] = "oom-retry",
	[L_NORETRY] = "noretry",
	[L_NOPAGE] = "nopage",
	[L_GOT_PG] = "got_pg",
	[L_RETRY_CPUSET] = "retry_cpuset",
	[L_KSWAPD] = "kswapd",
	[L_YIELD] = "yield",
	[L_OP] = "op",
	[L_RECLAIM_RETRY] = "should_reclaim_retry",
	[L_COMPACT_RETRY] = "should_compact_retry",
	[L_OOM_REAPER] = "oom_reaper",
	[L_REBALANCE] = "rebalance",
};

/* compact_result of v4.7 (patch oom-detection-rework), low to high */
const char *const compact_result_name[NR_COMPACT_RESULTS] = {
	"COMPACT_NOT_SUITABLE_ZONE", "COMPACT_SKIPPED", "COMPACT_DEFERRED", "COMPACT_NO_SUITABLE_PAGE",
	"COMPACT_CONTINUE", "COMPACT_COMPLETE", "COMPACT_PARTIAL_SKIPPED", "COMPACT_CONTENDED",
	"COMPACT_PARTIAL",
};

/* Keeps t->enabled and t->record: they are the harness's settings. */
void trace_reset(struct trace *t)
{
	t->hash = 0x5bd1e9955bd1e995ull;
	t->nr_events = 0;
	t->nr_ev = 0;
	t->label = L_OP;
	t->labels_seen = 0;
}

void trace_record(struct model *m, enum trace_event_id id, int nargs, const int64_t *a)
{
	struct trace *t = &m->trace;

	if (t->nr_ev == t->cap_ev) {
		size_t cap = t->cap_ev ? t->cap_ev * 2 : 1024;
		struct trace_event *ev = realloc(t->ev, cap * sizeof(*ev));
		int32_t *zf;

		if (!ev)
			return;
		t->ev = ev;
		zf = realloc(t->zfree, cap * TRACE_ZONES * sizeof(*zf));
		if (!zf)
			return;
		t->zfree = zf;
		t->cap_ev = cap;
	}
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			t->zfree[t->nr_ev * TRACE_ZONES + (size_t)(nid * MAX_NR_ZONES + zid)] =
				nid < m->cfg.nr_nodes ?
				(int32_t)zone_page_state(model_zone(m, nid, zid), NR_FREE_PAGES) : 0;
	{
		struct trace_event *e = &t->ev[t->nr_ev++];

		memset(e, 0, sizeof(*e));
		e->id = (uint16_t)id;
		e->label = (uint8_t)t->label;
		e->nargs = (uint8_t)nargs;
		e->op = m->op;
		for (int i = 0; i < nargs && i < TRACE_MAX_ARGS; i++)
			e->a[i] = a[i];
	}
}

static const char *const mt_name[MIGRATE_TYPES] = {
	"Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"
};

static const char *mtn(int64_t mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? mt_name[mt] : "?";
}

static const char *const compact_status[] = {
	"deferred", "skipped", "continue", "partial", "complete"
};

/* Long enough for every gfp flag by name: a mask is never cut. */
#define GFP_TEXT 640

static const char *task_name(const struct model *m, int64_t t)
{
	return t >= 0 && t < MODEL_MAX_TASKS ? m->tasks[t].name : "?";
}

static const char *ctx_name(int64_t ctx)
{
	return ctx == CTX_SOFTIRQ ? "softirq" : ctx == CTX_IRQ ? "irq" : "process";
}

/* The task's PF_* flags by name ("0" for none). */
static const char *pf_format(uint32_t flags, char *buf, size_t len)
{
	static const struct { uint32_t bit; const char *name; } pf[] = {
		{ PF_EXITING, "PF_EXITING" }, { PF_DUMPCORE, "PF_DUMPCORE" },
		{ PF_MEMALLOC, "PF_MEMALLOC" }, { PF_KSWAPD, "PF_KSWAPD" },
		{ PF_MEMALLOC_NOIO, "PF_MEMALLOC_NOIO" }, { PF_LESS_THROTTLE, "PF_LESS_THROTTLE" },
		{ PF_KTHREAD, "PF_KTHREAD" },
	};
	size_t pos = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(pf) / sizeof(pf[0]); i++)
		if ((flags & pf[i].bit) && pos < len)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? "|" : "", pf[i].name);
	if (!pos)
		snprintf(buf, len, "0");
	return buf;
}

/*
 * How each warning reads: the kernel's own words and macro.  Only a WARN
 * (WARN_ON_ONCE, VM_WARN_ON) says WARNING; messages, splats and the
 * model's own oracle say what they are.
 */
static const char *const warn_text[NR_WARN_IDS] = {
	[WARN_ORDER_GE_MAX_ORDER] = "WARNING: __alloc_pages_slowpath: WARN_ON_ONCE(order >= "
				    "MAX_ORDER without __GFP_NOWARN)",
	[WARN_ATOMIC_NOFAIL] = "WARNING: __alloc_pages_slowpath: WARN_ON_ONCE(__GFP_NOFAIL "
			       "without __GFP_WAIT)",
	[WARN_NOFAIL_HIGH_ORDER] = "WARNING: buffered_rmqueue: WARN_ON_ONCE(__GFP_NOFAIL with "
				   "order > 1)",
	[WARN_BAD_PAGE] = "bad_page: counted (a printk and a taint, not a WARN)",
	[WARN_ALLOC_FAILED] = "warn_alloc_failed: counted (a pr_warn, not a WARN)",
	[WARN_BAD_GFP_ZONE] = "gfp_zone: VM_BUG_ON(GFP_ZONE_BAD) with CONFIG_DEBUG_VM (the model "
			      "goes on with ZONE_DMA)",
	[WARN_OOM_NOFAIL] = "WARNING: __alloc_pages_may_oom: WARN_ON_ONCE(__GFP_NOFAIL): "
			    "progress reported without an OOM kill",
	[WARN_OOM_OVERKILL] = "pafuzz oom-overkill (the model's oracle; the kernel prints "
			      "nothing): the kill cannot help this request",
	[WARN_BAD_GFP_MIGRATETYPE] = "WARNING: gfpflags_to_migratetype: VM_WARN_ON(both "
				     "__GFP_MOVABLE and __GFP_RECLAIMABLE) with CONFIG_DEBUG_VM",
	[WARN_SLEEP_IN_ATOMIC] = "BUG: sleeping function called from invalid context "
				 "(might_sleep_if with CONFIG_DEBUG_ATOMIC_SLEEP: a splat, not a WARN)",
};

static const char *const oom_may_text[] = {
	[OOM_MAY_CALL] = "out_of_memory",
	[OOM_MAY_SKIP_DUMPCORE] = "no OOM kill: the task is dumping core",
	[OOM_MAY_SKIP_COSTLY] = "no OOM kill: order > PAGE_ALLOC_COSTLY_ORDER",
	[OOM_MAY_SKIP_LOWMEM] = "no OOM kill: high_zoneidx < ZONE_NORMAL",
	[OOM_MAY_SKIP_NOFS] = "no OOM kill: no __GFP_FS; did_some_progress = 1 as per tradition",
	[OOM_MAY_SKIP_SUSPENDED] = "no OOM kill: pm_suspended_storage()",
	[OOM_MAY_SKIP_THISNODE] = "no OOM kill: __GFP_THISNODE",
};

void trace_format(const struct model *m, const struct trace_event *e, char *buf, size_t len)
{
	const int64_t *a = e->a;
	char g[GFP_TEXT];

	switch (e->id) {
	case EV_OP:
		snprintf(buf, len, "--- op %" PRId64, a[0]);
		break;
	case EV_CHOICE:
		snprintf(buf, len, "choice: %s -> %s%s",
			 (unsigned)a[0] < NR_CHOICE_IDS ? choice_table[a[0]].name : "?",
			 choice_outcome_name((enum choice_id)a[0], (unsigned)a[1]),
			 a[1] == a[3] ? "" : " (injected)");
		break;
	case EV_MM_PAGE_ALLOC:
		snprintf(buf, len, "mm_page_alloc: pfn=%#" PRIx64 " order=%" PRId64
			 " migratetype=%" PRId64 " gfp_flags=%s", a[0], a[1], a[3],
			 gfp_format((gfp_t)a[2], g, sizeof(g)));
		break;
	case EV_MM_PAGE_FREE:
		snprintf(buf, len, "mm_page_free: pfn=%#" PRIx64 " order=%" PRId64, a[0], a[1]);
		break;
	case EV_MM_PAGE_ALLOC_ZONE_LOCKED:
		snprintf(buf, len, "mm_page_alloc_zone_locked: pfn=%#" PRIx64 " order=%" PRId64
			 " migratetype=%" PRId64 " percpu_refill=%" PRId64, a[0], a[1], a[2], a[3]);
		break;
	case EV_MM_PAGE_PCPU_DRAIN:
		snprintf(buf, len, "mm_page_pcpu_drain: pfn=%#" PRIx64 " order=%" PRId64
			 " migratetype=%" PRId64, a[0], a[1], a[2]);
		break;
	case EV_MM_PAGE_ALLOC_EXTFRAG:
		snprintf(buf, len, "mm_page_alloc_extfrag: pfn=%#" PRIx64 " alloc_order=%" PRId64
			 " fallback_order=%" PRId64 " alloc_migratetype=%s fallback_migratetype=%s "
			 "change_ownership=%" PRId64, a[0], a[1], a[2], mtn(a[3]), mtn(a[4]), a[5]);
		break;
	case EV_BAD_PAGE:
		snprintf(buf, len, "BUG: Bad page state pfn:%05" PRIx64, a[0]);
		break;
	case EV_SLOWPATH_LABEL:
		snprintf(buf, len, "slowpath: %s order=%" PRId64 " gfp_flags=%s alloc_flags=%#" PRIx64,
			 (unsigned)a[0] < NR_SEED_LABELS ? seed_label_name[a[0]] : "?", a[1],
			 gfp_format((gfp_t)a[2], g, sizeof(g)), a[3]);
		break;
	case EV_PROGRESS:
		snprintf(buf, len, "progress: loop=%s iteration=%" PRId64
			 " did_some_progress=%" PRId64 " reason=%s",
			 (unsigned)a[0] < NR_LOOPS ? loop_name[a[0]] : "?", a[1], a[2],
			 (unsigned)a[3] < NR_PROGRESS_REASONS ? progress_reason_name[a[3]] : "?");
		break;
	case EV_WARN:
		snprintf(buf, len, "%s (#%" PRId64 ")",
			 (unsigned)a[0] < NR_WARN_IDS ? warn_text[a[0]] : "?", a[1]);
		break;
	case EV_ALLOC_FAIL:
		snprintf(buf, len, "%s: page allocation failure: order:%" PRId64 ", mode:%#" PRIx64,
			 (unsigned)a[2] < MODEL_MAX_TASKS ? m->tasks[a[2]].name : "?", a[0], a[1]);
		break;
	case EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN:
		snprintf(buf, len, "mm_vmscan_direct_reclaim_begin: order=%" PRId64
			 " may_writepage=%" PRId64 " gfp_flags=%s", a[0], a[1],
			 gfp_format((gfp_t)a[2], g, sizeof(g)));
		break;
	case EV_MM_VMSCAN_DIRECT_RECLAIM_END:
		snprintf(buf, len, "mm_vmscan_direct_reclaim_end: nr_reclaimed=%" PRId64 "%s%s%s",
			 a[0], a[0] && a[1] != PR_RECLAIMED ? " (" : "",
			 a[0] && a[1] != PR_RECLAIMED && (unsigned)a[1] < NR_PROGRESS_REASONS ?
			 progress_reason_name[a[1]] : "",
			 a[0] && a[1] != PR_RECLAIMED ? ": nothing reclaimed, 1 returned)" : "");
		break;
	case EV_MM_VMSCAN_KSWAPD_WAKE:
		snprintf(buf, len, "mm_vmscan_kswapd_wake: nid=%" PRId64 " order=%" PRId64, a[0], a[1]);
		break;
	case EV_MM_VMSCAN_WAKEUP_KSWAPD:
		snprintf(buf, len, "mm_vmscan_wakeup_kswapd: nid=%" PRId64 " zid=%" PRId64
			 " order=%" PRId64, a[0], a[1], a[2]);
		break;
	case EV_MM_VMSCAN_KSWAPD_SLEEP:
		snprintf(buf, len, "mm_vmscan_kswapd_sleep: nid=%" PRId64, a[0]);
		break;
	case EV_MM_VMSCAN_LRU_SHRINK_INACTIVE:
		snprintf(buf, len, "mm_vmscan_lru_shrink_inactive: nid=%" PRId64 " zid=%" PRId64
			 " nr_scanned=%" PRId64 " nr_reclaimed=%" PRId64 " priority=%" PRId64
			 " flags=%s", a[0], a[1], a[2], a[3], a[4],
			 a[5] ? "RECLAIM_WB_FILE" : "RECLAIM_WB_ANON");
		break;
	case EV_MM_VMSCAN_WRITEPAGE:
		snprintf(buf, len, "mm_vmscan_writepage: pfn=%#" PRIx64 " result=%" PRId64, a[0], a[1]);
		break;
	case EV_MM_COMPACTION_BEGIN:
		snprintf(buf, len, "mm_compaction_begin: zone_start=%#" PRIx64 " migrate_pfn=%#" PRIx64
			 " free_pfn=%#" PRIx64 " zone_end=%#" PRIx64 ", mode=%s", a[0], a[1], a[2],
			 a[3], a[4] ? "sync" : "async");
		break;
	case EV_MM_COMPACTION_END:
		snprintf(buf, len, "mm_compaction_end: status=%s",
			 a[0] >= 0 && a[0] < 5 ? compact_status[a[0]] : "?");
		break;
	case EV_MM_COMPACTION_TRY_TO_COMPACT_PAGES:
		snprintf(buf, len, "mm_compaction_try_to_compact_pages: order=%" PRId64
			 " gfp_mask=%#" PRIx64 " mode=%" PRId64, a[0], a[1], a[2]);
		break;
	case EV_MM_COMPACTION_SUITABLE:
		snprintf(buf, len, "mm_compaction_suitable: node=%" PRId64 " zone=%-8s order=%" PRId64
			 " ret=%s", a[0], zone_name((int)a[1]), a[2],
			 a[3] >= 0 && a[3] < 5 ? compact_status[a[3]] : "?");
		break;
	case EV_MM_COMPACTION_DEFERRED:
	case EV_MM_COMPACTION_DEFER_COMPACTION:
	case EV_MM_COMPACTION_DEFER_RESET:
		snprintf(buf, len, "%s: node=%" PRId64 " zone=%-8s order=%" PRId64
			 " order_failed=%" PRId64 " consider=%" PRId64 " limit=%" PRId64,
			 e->id == EV_MM_COMPACTION_DEFERRED ? "mm_compaction_deferred" :
			 e->id == EV_MM_COMPACTION_DEFER_COMPACTION ? "mm_compaction_defer_compaction" :
			 "mm_compaction_defer_reset", a[0], zone_name((int)a[1]), a[2], a[5], a[3],
			 (int64_t)1 << a[4]);
		break;
	case EV_MM_MIGRATE_PAGES:
		snprintf(buf, len, "mm_migrate_pages: nr_succeeded=%" PRId64 " nr_failed=%" PRId64
			 " mode=%s", a[0], a[1], a[2] ? "MIGRATE_SYNC_LIGHT" : "MIGRATE_ASYNC");
		break;
	case EV_OOM_KILL:
		snprintf(buf, len, "Killed process %" PRId64 " (%s) total-vm:%" PRId64
			 "kB, anon-rss:%" PRId64 "kB, file-rss:%" PRId64 "kB", a[0] + 1,
			 (unsigned)a[0] < MODEL_MAX_TASKS ? m->tasks[a[0]].name : "?", a[1], a[2], a[3]);
		break;
	case EV_OOM_VICTIM_EXIT:
		snprintf(buf, len, "oom victim %" PRId64 " (%s) exited", a[0] + 1,
			 (unsigned)a[0] < MODEL_MAX_TASKS ? m->tasks[a[0]].name : "?");
		break;
	case EV_OOM_LOCK:
		snprintf(buf, len, "oom_lock: %s", a[0] ? "taken" : "busy");
		break;
	case EV_YIELD:
		snprintf(buf, len, "yield: site=%s action=%s arg=%" PRId64,
			 (unsigned)a[0] < NR_SEED_LABELS ? seed_label_name[a[0]] : "?",
			 choice_outcome_name(CHOICE_YIELD_ACTION, (unsigned)a[1]), a[2]);
		break;
	case EV_CPUSET_RETRY:
		snprintf(buf, len, "retry_cpuset: mems_allowed changed during the allocation");
		break;
	case EV_SHOW_MEM:
		snprintf(buf, len, "Node %" PRId64 " %s free:%" PRId64 "kB min:%" PRId64 "kB low:%"
			 PRId64 "kB high:%" PRId64 "kB", a[0], zone_name((int)a[1]), a[2] * 4,
			 a[3] * 4, a[4] * 4, a[5] * 4);
		break;
	case EV_FAULT_INJECTED:
		snprintf(buf, len, "fault injected: %s hit %" PRId64,
			 (unsigned)a[0] < NR_CHOICE_IDS ? choice_table[a[0]].name : "?", a[1]);
		break;
	case EV_WATCHDOG:
		snprintf(buf, len, "watchdog: loop=%s iteration=%" PRId64 " verdict=%s",
			 (unsigned)a[0] < NR_LOOPS ? loop_name[a[0]] : "?", a[1],
			 (unsigned)a[2] < NR_VERDICTS ? verdict_name[a[2]] : "?");
		break;
	case EV_GFP_ALLOWED: {
		char g2[GFP_TEXT], g3[GFP_TEXT];

		snprintf(buf, len, "__alloc_pages_nodemask: gfp_allowed_mask changes gfp_flags=%s to "
			 "%s (cleared %s)", gfp_format((gfp_t)a[0], g, sizeof(g)),
			 gfp_format((gfp_t)a[1], g2, sizeof(g2)),
			 gfp_format((gfp_t)(a[0] & ~a[1]), g3, sizeof(g3)));
		break;
	}
	case EV_SLOWPATH_ENTER: {
		char pf[160];

		snprintf(buf, len, "slowpath: enter task=%s order=%" PRId64 " MAX_ORDER=%" PRId64
			 " gfp_flags=%s%s task_flags=%s%s%s%s context=%s", task_name(m, a[0]), a[1],
			 a[5], gfp_format((gfp_t)a[2], g, sizeof(g)),
			 (a[3] & PF_MEMALLOC_NOIO) ? " (memalloc_noio_flags cleared __GFP_IO|__GFP_FS)"
						  : "",
			 pf_format((uint32_t)a[3], pf, sizeof(pf)),
			 (a[4] & TRACE_TASK_TIF_MEMDIE) ? " TIF_MEMDIE" : "",
			 (a[4] & TRACE_TASK_RT) ? " rt_task" : "",
			 (a[4] & TRACE_TASK_FATAL) ? " fatal_signal_pending" : "",
			 ctx_name(a[4] >> TRACE_TASK_CTX_SHIFT));
		break;
	}
	case EV_SLOWPATH_EARLY:
		if (a[0] == SLOWPATH_EARLY_MAX_ORDER)
			snprintf(buf, len, "slowpath: order=%" PRId64 " >= MAX_ORDER=%" PRId64
				 ": return NULL", a[1], a[2]);
		else if (a[0] == SLOWPATH_EARLY_GFP_THISNODE)
			snprintf(buf, len, "slowpath: CONFIG_NUMA=%s and all of GFP_THISNODE "
				 "(__GFP_THISNODE|__GFP_NORETRY|__GFP_NOWARN), __GFP_WAIT or not: goto "
				 "nopage (no kswapd, no reclaim; before 4167e9b2cf10)", a[3] ? "y" : "n");
		else
			snprintf(buf, len, "slowpath: CONFIG_NUMA=%s and __GFP_THISNODE without "
				 "__GFP_WAIT: goto nopage", a[3] ? "y" : "n");
		break;
	case EV_FREELIST:
		if (a[3] >= 0)
			snprintf(buf, len, "get_page_from_freelist: order=%" PRId64 " gfp_flags=%s "
				 "alloc_flags=%#" PRIx64 " -> pfn=%#" PRIx64, a[0],
				 gfp_format((gfp_t)a[1], g, sizeof(g)), a[2], a[3]);
		else
			snprintf(buf, len, "get_page_from_freelist: order=%" PRId64 " gfp_flags=%s "
				 "alloc_flags=%#" PRIx64 " -> NULL", a[0],
				 gfp_format((gfp_t)a[1], g, sizeof(g)), a[2]);
		break;
	case EV_OOM_MAY:
		snprintf(buf, len, "__alloc_pages_may_oom: order=%" PRId64 " high_zoneidx=%s "
			 "__GFP_NOFAIL=%" PRId64 " PF_DUMPCORE=%" PRId64 " pm_suspended_storage=%"
			 PRId64 " -> %s", a[1], zone_name((int)a[2]), a[3], a[4], a[5],
			 (unsigned)a[0] <= OOM_MAY_SKIP_THISNODE ? oom_may_text[a[0]] : "?");
		break;
	case EV_OOM_DECIDE:
		switch (a[0]) {
		case OOM_DISABLED:
			snprintf(buf, len, "out_of_memory: oom_killer_disabled: returns false");
			break;
		case OOM_CURRENT_VICTIM:
			snprintf(buf, len, "out_of_memory: current %s has a fatal signal or is exiting: "
				 "marked TIF_MEMDIE, returns true", task_name(m, a[1]));
			break;
		case OOM_VICTIM_PENDING:
			snprintf(buf, len, "out_of_memory: %s (TIF_MEMDIE or exiting) is on its way out: "
				 "no kill, returns true", task_name(m, a[1]));
			break;
		case OOM_KILL:
			snprintf(buf, len, "out_of_memory: selected %s (points %" PRId64 "): kill, "
				 "returns true", task_name(m, a[1]), a[2]);
			break;
		case OOM_NOFS_NO_KILL:
			snprintf(buf, len, "out_of_memory: no __GFP_FS: the OOM killer does not make up "
				 "for reclaim without IO: no kill, returns true");
			break;
		default:
			snprintf(buf, len, "Kernel panic - not syncing: Out of memory and no killable "
				 "processes...");
		}
		break;
	case EV_DIRECT_COMPACT:
		snprintf(buf, len, "__alloc_pages_direct_compact: try_to_compact_pages -> %s "
			 "contended_compaction=%s deferred_compaction=%" PRId64 " mode=%s",
			 a[0] >= 0 && a[0] < 5 ? compact_status[a[0]] : "?",
			 a[1] == COMPACT_CONTENDED_LOCK ? "lock" :
			 a[1] == COMPACT_CONTENDED_SCHED ? "sched" : "none", a[2],
			 a[3] == MIGRATE_ASYNC ? "MIGRATE_ASYNC" : a[3] == MIGRATE_SYNC_LIGHT ?
			 "MIGRATE_SYNC_LIGHT" : "MIGRATE_SYNC");
		break;
	case EV_SHOULD_RETRY:
		snprintf(buf, len, "should-retry: did_some_progress=%" PRId64 " pages_reclaimed=%"
			 PRId64 " order=%" PRId64 " __GFP_REPEAT=%" PRId64 " -> %s", a[0], a[1], a[2],
			 a[3], a[4] ? "wait_iff_congested, goto retry" : "__alloc_pages_may_oom");
		break;
	case EV_SHAPE:
		if (a[0] == SHAPE_OP_FRAGMENT)
			snprintf(buf, len, "shape: fragment pfn %#" PRIx64 "-%#" PRIx64 " every=%" PRId64
				 " keep=%" PRId64 " %s: %" PRId64 " frames taken", a[2], a[3] - 1,
				 a[4] >> 16, a[4] & 0xffff, (unsigned)a[1] < NR_SHAPE_KINDS ?
				 shape_kind_name[a[1]] : "?", a[5]);
		else if (a[0] == SHAPE_OP_RELEASE)
			snprintf(buf, len, "shape: release every=%" PRId64 " keep=%" PRId64 ": %" PRId64
				 " pages freed; the group held %" PRId64 " blocks, now %" PRId64,
				 a[4] >> 16, a[4] & 0xffff, a[5], a[2], a[3]);
		else
			snprintf(buf, len, "shape: give %" PRId64 " blocks (%" PRId64 " pages) to other "
				 "CPUs", a[1], a[2]);
		break;
	case EV_ALL_UNRECLAIMABLE:
		if (a[2])
			snprintf(buf, len, "kswapd: node %" PRId64 " zone %s all_unreclaimable: yes "
				 "(pages_scanned %" PRId64 " >= 6 x %" PRId64 " reclaimable): direct "
				 "reclaim now skips it and counts it unreclaimable", a[0],
				 zone_name((int)a[1]), a[3], a[4]);
		else
			snprintf(buf, len, "node %" PRId64 " zone %s all_unreclaimable: no (a page "
				 "was freed into it)", a[0], zone_name((int)a[1]));
		break;
	case EV_THROTTLE:
		snprintf(buf, len, "throttle_direct_reclaim: node %" PRId64 " lowmem free=%" PRId64
			 " <= min reserves %" PRId64 " / 2: waited for kswapd; fatal_signal_pending=%"
			 PRId64 "%s", a[0], a[1], a[2], a[3],
			 a[3] ? ": try_to_free_pages returns 1 without reclaiming" : "");
		break;
	case EV_OOM_REAPER: {
		static const char *const what[] = { "queued", "mmap_sem write-locked: retry later",
						    "unable to reap (10 attempts): MMF_OOM_SKIP",
						    "reaped: MMF_OOM_SKIP" };
		const char *name = (unsigned)a[0] < MODEL_MAX_TASKS ? m->tasks[a[0]].name : "?";

		if (a[1] == OOM_REAPER_REAPED)
			snprintf(buf, len, "oom_reaper: reaped process %" PRId64 " (%s), %" PRId64
				 " pages freed: MMF_OOM_SKIP", a[0] + 1, name, a[2]);
		else
			snprintf(buf, len, "oom_reaper: process %" PRId64 " (%s) %s (attempt %" PRId64 ")",
				 a[0] + 1, name, (unsigned)a[1] < 4 ? what[a[1]] : "?", a[2]);
		break;
	}
	case EV_RECLAIM_RETRY:
		snprintf(buf, len, "should_reclaim_retry: node %" PRId64 " zone %s reclaimable=%" PRId64
			 " available=%" PRId64 " no_progress_loops=%" PRId64 " -> %s", a[0],
			 zone_name((int)a[1]), a[2], a[3], a[4],
			 a[5] == 2 ? "congestion_wait, retry" : a[5] ? "retry" : "min mark not met");
		break;
	case EV_COMPACT_RETRY:
		snprintf(buf, len, "should_compact_retry: result=%s mode=%s compaction_retries=%" PRId64
			 " -> %s", (unsigned)a[0] < NR_COMPACT_RESULTS ? compact_result_name[a[0]] : "?",
			 a[1] == 0 ? "async" : a[1] == 1 ? "sync_light" : "sync", a[2],
			 a[3] ? "retry" : "give up");
		break;
	case EV_OOM_ORACLE:
		if (a[5] >= 0)
			snprintf(buf, len, "oracle: node %" PRId64 " zone %s F=%" PRId64 " C=%" PRId64
				 " M=%" PRId64 " block at pfn %" PRId64 " could be freed or compacted",
				 a[0], zone_name((int)a[1]), a[2], a[3], a[4], a[5]);
		else
			snprintf(buf, len, "oracle: node %" PRId64 " zone %s F=%" PRId64 " C=%" PRId64
				 " M=%" PRId64, a[0], zone_name((int)a[1]), a[2], a[3], a[4]);
		break;
	default:
		snprintf(buf, len, "event %u", e->id);
	}
}

/*
 * The header of a printed trace: the build options the model assumes (set
 * per program where a program may set them), the geometry and the
 * tunables, and each zone's watermarks.  Every decision reads from these
 * or from a trace line.
 */
void trace_print_header(const struct model *m, FILE *f)
{
	const struct model_config *c = &m->cfg;

	fprintf(f, "# pafuzz trace: the v4.2 page allocator model\n");
	fprintf(f, "# build: CONFIG_NUMA=%s CONFIG_COMPACTION=%s CONFIG_MIGRATION=%s CONFIG_CMA=%s "
		"(settable by `config`; y is the distribution kernels' choice of the era); "
		"CONFIG_CPUSETS=y CONFIG_SWAP=y CONFIG_FAIL_PAGE_ALLOC=y CONFIG_DEBUG_VM=y "
		"CONFIG_DEBUG_ATOMIC_SLEEP=y (fixed: a kernel built to be tested; no zlc, no memcg, "
		"no CMA areas)\n", c->numa ? "y" : "n", c->compaction ? "y" : "n",
		c->compaction ? "y" : "n", c->cma ? "y" : "n");
	fprintf(f, "# geometry: nodes=%d cpus=%d MAX_ORDER=%u pageblock_order=%u "
		"PAGE_ALLOC_COSTLY_ORDER=%d\n", c->nr_nodes, c->nr_cpus, m->max_order,
		m->pageblock_order, PAGE_ALLOC_COSTLY_ORDER);
	fprintf(f, "# tunables: min_free_kbytes=%lu extfrag_threshold=%d zone_reclaim_mode=%d "
		"laptop_mode=%d swap_pages=%lu loop_budget=%u\n",
		m->min_free_kbytes, c->extfrag_threshold, c->zone_reclaim_mode, c->laptop_mode,
		c->swap_pages, m->loop_budget);
	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &m->node[nid].node_zones[zid];

			if (!z->present_pages)
				continue;
			fprintf(f, "# zone: node %d %s start_pfn=%#lx spanned=%lu managed=%lu "
				"min=%lu low=%lu high=%lu lowmem_reserve=", nid, z->name,
				z->zone_start_pfn, z->spanned_pages, z->managed_pages,
				z->watermark[WMARK_MIN], z->watermark[WMARK_LOW],
				z->watermark[WMARK_HIGH]);
			for (int k = 0; k < MAX_NR_ZONES; k++)
				fprintf(f, "%s%ld", k ? "," : "", z->lowmem_reserve[k]);
			fprintf(f, "\n");
		}
}

void trace_print(const struct model *m, FILE *f)
{
	char buf[2048];

	trace_print_header(m, f);
	for (size_t i = 0; i < m->trace.nr_ev; i++) {
		const struct trace_event *e = &m->trace.ev[i];

		trace_format(m, e, buf, sizeof(buf));
		fprintf(f, "%5u %-28s %s\n", e->op, seed_label_name[e->label], buf);
	}
}

_Static_assert(TRACE_ZONES == MAX_NUMNODES * MAX_NR_ZONES, "TRACE_ZONES names every zone");

static const char *event_class(enum trace_event_id id)
{
	switch (id) {
	case EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN:
		return "reclaim";
	case EV_MM_COMPACTION_BEGIN:
		return "compaction";
	case EV_OOM_KILL:
		return "oom";
	case EV_MM_VMSCAN_KSWAPD_WAKE:
		return "kswapd";
	case EV_ALLOC_FAIL:
		return "fail";
	default:
		return "-";
	}
}

void trace_print_zones(const struct model *m, FILE *f)
{
	const struct trace *t = &m->trace;
	bool shown[TRACE_ZONES] = { false };

	fprintf(f, "# pafuzz zones 1\n");
	for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &m->node[nid].node_zones[zid];

			if (!z->managed_pages)
				continue;
			shown[nid * MAX_NR_ZONES + zid] = true;
			fprintf(f, "# zone %d/%s managed=%lu min=%lu low=%lu high=%lu\n", nid, z->name,
				z->managed_pages, z->watermark[WMARK_MIN], z->watermark[WMARK_LOW],
				z->watermark[WMARK_HIGH]);
		}
	fprintf(f, "event\top\tlabel\tclass");
	for (int k = 0; k < TRACE_ZONES; k++)
		if (shown[k])
			fprintf(f, "\t%d/%s", k / MAX_NR_ZONES,
				m->node[k / MAX_NR_ZONES].node_zones[k % MAX_NR_ZONES].name);
	fprintf(f, "\n");
	for (size_t i = 0; i < t->nr_ev; i++) {
		const struct trace_event *e = &t->ev[i];

		fprintf(f, "%zu\t%u\t%s\t%s", i, e->op,
			e->label < NR_SEED_LABELS ? seed_label_name[e->label] : "?",
			event_class((enum trace_event_id)e->id));
		for (int k = 0; k < TRACE_ZONES; k++)
			if (shown[k])
				fprintf(f, "\t%d", (int)t->zfree[i * TRACE_ZONES + (size_t)k]);
		fprintf(f, "\n");
	}
}
