/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - the decision trace.  Events are named like the kernel's
 * tracepoints and messages; each carries integer arguments only, so the
 * trace hash is the same on every architecture.  Text is made only when a
 * trace is printed (pafuzz replay --trace).
 */
#ifndef PAFUZZ_TRACE_H
#define PAFUZZ_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct model;

/* Where in the seed we are.  Used in the trace, signatures and choice queries. */
enum seed_label {
	L_NONE,
	L_ENTRY,		/* __alloc_pages_nodemask */
	L_FASTPATH,		/* first get_page_from_freelist */
	L_RETRY,		/* retry: */
	L_WAKE_KSWAPD,		/* wake_all_kswapds */
	L_FREELIST,		/* get_page_from_freelist at the min mark */
	L_HIGH_PRIORITY,	/* __alloc_pages_high_priority */
	L_ATOMIC,		/* !wait: goto nopage */
	L_PF_MEMALLOC,		/* PF_MEMALLOC: goto nopage */
	L_TIF_MEMDIE,		/* TIF_MEMDIE without NOFAIL: goto nopage */
	L_COMPACT,		/* __alloc_pages_direct_compact (async) */
	L_THP_GIVEUP,		/* THP checks: goto nopage */
	L_RECLAIM,		/* __alloc_pages_direct_reclaim */
	L_NORETRY_CHECK,	/* __GFP_NORETRY: goto noretry */
	L_SHOULD_RETRY,		/* progress and order <= 3, or REPEAT: wait, goto retry */
	L_MAY_OOM,		/* __alloc_pages_may_oom */
	L_OOM_RETRY,		/* OOM reported progress: goto retry */
	L_NORETRY,		/* noretry: direct compaction again */
	L_NOPAGE,		/* nopage: */
	L_GOT_PG,		/* got_pg: */
	L_RETRY_CPUSET,		/* retry_cpuset: in __alloc_pages_nodemask */
	L_KSWAPD,		/* kswapd running */
	L_YIELD,		/* other CPUs at a yield point */
	L_OP,			/* a program operation outside the allocator */
	/* patch variants (spec/patches.md); v4.2 never reaches these */
	L_RECLAIM_RETRY,	/* oom-detection-rework: should_reclaim_retry: goto retry */
	L_COMPACT_RETRY,	/* oom-detection-rework: should_compact_retry: goto retry */
	L_OOM_REAPER,		/* oom-reaper: the oom_reaper thread */
	L_REBALANCE,		/* revert-rebalance-label: rebalance:, past the freelist */
	NR_SEED_LABELS
};
extern const char *const seed_label_name[NR_SEED_LABELS];

enum trace_event_id {
	EV_OP,				/* op index, op kind */
	EV_CHOICE,			/* id, answer, nr, default */
	EV_MM_PAGE_ALLOC,		/* pfn, order, gfp, migratetype */
	EV_MM_PAGE_FREE,		/* pfn, order */
	EV_MM_PAGE_ALLOC_ZONE_LOCKED,	/* pfn, order, migratetype, percpu_refill */
	EV_MM_PAGE_PCPU_DRAIN,		/* pfn, order, migratetype */
	EV_MM_PAGE_ALLOC_EXTFRAG,	/* pfn, alloc_order, fallback_order, alloc_mt, fallback_mt, change_ownership */
	EV_BAD_PAGE,			/* pfn, reason */
	EV_SLOWPATH_LABEL,		/* label, order, gfp, alloc_flags */
	EV_PROGRESS,			/* loop id, iteration, did_some_progress, reason */
	EV_WARN,			/* warning id, arg */
	EV_ALLOC_FAIL,			/* order, gfp: "page allocation failure" */
	EV_MM_VMSCAN_DIRECT_RECLAIM_BEGIN,	/* order, may_writepage, gfp */
	EV_MM_VMSCAN_DIRECT_RECLAIM_END,	/* nr_reclaimed (the value returned), enum progress_reason */
	EV_MM_VMSCAN_KSWAPD_WAKE,	/* nid, order */
	EV_MM_VMSCAN_WAKEUP_KSWAPD,	/* nid, zid, order */
	EV_MM_VMSCAN_KSWAPD_SLEEP,	/* nid */
	EV_MM_VMSCAN_LRU_SHRINK_INACTIVE,	/* nid, zid, nr_scanned, nr_reclaimed, priority, file */
	EV_MM_VMSCAN_WRITEPAGE,		/* pfn, result */
	EV_MM_COMPACTION_BEGIN,		/* zone start, migrate pfn, free pfn, zone end, sync */
	EV_MM_COMPACTION_END,		/* status */
	EV_MM_COMPACTION_TRY_TO_COMPACT_PAGES,	/* order, gfp, mode */
	EV_MM_COMPACTION_SUITABLE,	/* nid, zid, order, ret */
	EV_MM_COMPACTION_DEFERRED,	/* nid, zid, order, considered, defer_shift, order_failed */
	EV_MM_COMPACTION_DEFER_COMPACTION,
	EV_MM_COMPACTION_DEFER_RESET,
	EV_MM_MIGRATE_PAGES,		/* succeeded, failed, mode */
	EV_OOM_KILL,			/* "Killed process": task, total_vm_kb, anon_rss_kb, file_rss_kb */
	EV_OOM_VICTIM_EXIT,		/* task */
	EV_OOM_LOCK,			/* taken(1)/busy(0) */
	EV_YIELD,			/* site, action, arg */
	EV_CPUSET_RETRY,
	EV_SHOW_MEM,			/* nid, zid, free, min, low, high */
	EV_FAULT_INJECTED,		/* choice id, hit */
	EV_WATCHDOG,			/* loop id, iteration, verdict */
	/*
	 * The inputs of the slowpath's decisions (issue 23): with these every
	 * step can be re-derived from the trace alone.
	 */
	EV_GFP_ALLOWED,			/* gfp asked, gfp after gfp_allowed_mask (only when it changed) */
	EV_SLOWPATH_ENTER,		/* task, order, gfp, task flags, TRACE_TASK_* bits, MAX_ORDER */
	EV_SLOWPATH_EARLY,		/* enum slowpath_early, order, MAX_ORDER, CONFIG_NUMA */
	EV_FREELIST,			/* order, gfp, alloc_flags, pfn or -1 */
	EV_OOM_MAY,			/* enum oom_may, order, high_zoneidx, NOFAIL, PF_DUMPCORE, suspended */
	EV_OOM_DECIDE,			/* enum oom_decision, task, points, oom_killer_disabled */
	EV_THROTTLE,			/* nid, free pages, min reserves, fatal signal after the wait */
	EV_DIRECT_COMPACT,		/* compact result, contended, deferred_compaction, migrate mode */
	EV_SHOULD_RETRY,		/* did_some_progress, pages_reclaimed, order, __GFP_REPEAT, retry */
	EV_SHAPE,			/* enum shape_op, then per op (core/shape.c) */
	/* patch variants (spec/patches.md) */
	EV_OOM_REAPER,			/* task, what (OOM_REAPER_*), arg */
	EV_RECLAIM_RETRY,		/* nid, zid, reclaimable, available, no_progress_loops, verdict */
	EV_COMPACT_RETRY,		/* compact result (v4.7), migration mode, retries, verdict */
	EV_OOM_ORACLE,			/* nid, zid, free F, clean reclaimable C, mark M, block pfn or -1 */
	/* revert variants (pafuzz patches): appended, ids never move */
	EV_ALL_UNRECLAIMABLE,		/* revert-all-unreclaimable: nid, zid, set, pages_scanned, reclaimable */
	NR_TRACE_EVENTS
};

/* EV_SLOWPATH_ENTER's packed task state */
#define TRACE_TASK_TIF_MEMDIE	0x1
#define TRACE_TASK_RT		0x2
#define TRACE_TASK_FATAL	0x4
#define TRACE_TASK_CTX_SHIFT	4	/* enum task_context */

/* The program's shaping operations (EV_SHAPE) */
enum shape_op {
	SHAPE_OP_FRAGMENT,	/* kind, lo, hi (exclusive), every << 16 | keep, frames taken */
	SHAPE_OP_RELEASE,	/* 0, handles before, handles after, every << 16 | keep, pages freed */
	SHAPE_OP_GIVE,		/* blocks given, pages given */
};

/* Why the slowpath returned before its first label */
enum slowpath_early {
	SLOWPATH_EARLY_MAX_ORDER = 1,	/* order >= MAX_ORDER: return NULL */
	SLOWPATH_EARLY_THISNODE,	/* CONFIG_NUMA, __GFP_THISNODE without __GFP_WAIT: nopage */
	SLOWPATH_EARLY_GFP_THISNODE,	/* revert-gfp-thisnode: CONFIG_NUMA, all of GFP_THISNODE: nopage */
};

/* __alloc_pages_may_oom's decision once it holds the lock and the high mark failed */
enum oom_may {
	OOM_MAY_CALL,			/* out_of_memory */
	OOM_MAY_SKIP_DUMPCORE,
	OOM_MAY_SKIP_COSTLY,
	OOM_MAY_SKIP_LOWMEM,
	OOM_MAY_SKIP_NOFS,		/* with did_some_progress = 1, "as per tradition" */
	OOM_MAY_SKIP_SUSPENDED,
	OOM_MAY_SKIP_THISNODE,
};

/* What out_of_memory decided */
enum oom_decision {
	OOM_DISABLED,			/* oom_killer_disabled: false */
	OOM_CURRENT_VICTIM,		/* current has a fatal signal or is exiting: made the victim */
	OOM_VICTIM_PENDING,		/* a TIF_MEMDIE or exiting task is on its way out: no kill */
	OOM_KILL,			/* the task with the most points is killed */
	OOM_NO_KILLABLE,		/* nobody to kill: panic */
	OOM_NOFS_NO_KILL,		/* patch oom-detection-rework: no __GFP_FS: true, no kill */
};

#define TRACE_MAX_ARGS 6

struct trace_event {
	uint16_t id;
	uint8_t label;
	uint8_t nargs;
	uint32_t op;
	int64_t a[TRACE_MAX_ARGS];
};

struct trace {
	bool enabled;		/* hash (and record) events; off only for raw speed runs */
	uint64_t hash;		/* over every event so far: identifies the run */
	uint64_t nr_events;
	bool record;		/* keep events for printing */
	struct trace_event *ev;
	size_t nr_ev, cap_ev;
	int32_t *zfree;		/* with ev: each zone's NR_FREE_PAGES after the event,
				   TRACE_ZONES per event (node * MAX_NR_ZONES + zone) */
	int label;		/* current seed label */
	uint32_t labels_seen;	/* bit per seed label an event was emitted under */
};

#define TRACE_ZONES 10		/* MAX_NUMNODES * MAX_NR_ZONES */

/*
 * The trace hash takes each event in one step: its id and label and its
 * arguments folded linearly with fixed odd keys (independent multiplies),
 * then one multiply into the running hash.  Folding every word into the
 * running hash in turn was a chain of dependent multiplies per event, a
 * quarter of a plain run's time.  Two events that differ in one argument
 * always fold differently (an odd key is invertible mod 2^64).
 */
static const uint64_t trace_arg_key[TRACE_MAX_ARGS] = {
	0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull, 0xd6e8feb86659fd93ull,
	0xff51afd7ed558ccdull, 0xc4ceb9fe1a85ec53ull, 0x9fb21c651e98df25ull,
};

/* Hashes one event; returns whether it is to be recorded as well. */
static inline __attribute__((always_inline)) bool trace_hash_event(struct trace *t, unsigned id,
								   int nargs, const int64_t *a)
{
	uint64_t e = ((uint64_t)id << 8 | (uint64_t)t->label) * 0x9e3779b97f4a7c15ull;

	for (int i = 0; i < nargs; i++)
		e += (uint64_t)a[i] * trace_arg_key[i];
	t->hash = ((t->hash << 5 | t->hash >> 59) ^ e) * 0xbf58476d1ce4e5b9ull;
	t->nr_events++;
	t->labels_seen |= 1u << t->label;
	return t->record;
}

/* Keeps the event for printing (trace.record). */
void trace_record(struct model *m, enum trace_event_id id, int nargs, const int64_t *a);

#define TRACE(m, id, ...) do {						\
	if ((m)->trace.enabled) {					\
		const int64_t a_[] = { __VA_ARGS__ };			\
		const int n_ = (int)(sizeof(a_) / sizeof(a_[0]));	\
		_Static_assert(sizeof(a_) / sizeof(a_[0]) <= TRACE_MAX_ARGS, \
			       "an event has at most TRACE_MAX_ARGS arguments"); \
		if (trace_hash_event(&(m)->trace, (id), n_, a_))	\
			trace_record((m), (id), n_, a_);		\
	}								\
} while (0)
#define TRACE0(m, id) do {						\
	if ((m)->trace.enabled && trace_hash_event(&(m)->trace, (id), 0, NULL)) \
		trace_record((m), (id), 0, NULL);			\
} while (0)

/* Prints one event as a kernel-style line (no newline). */
void trace_format(const struct model *m, const struct trace_event *e, char *buf, size_t len);
void trace_print(const struct model *m, FILE *f);
/* The '#' lines trace_print starts with: build options, geometry, tunables, zones. */
void trace_print_header(const struct model *m, FILE *f);
/*
 * The recorded run as a table for plots: a header naming each populated zone
 * with its watermarks, then one row per event: index, operation, label, a
 * class (reclaim, compaction, oom, kswapd, fail or -) and each zone's free pages.
 */
void trace_print_zones(const struct model *m, FILE *f);
void trace_reset(struct trace *t);

#endif
