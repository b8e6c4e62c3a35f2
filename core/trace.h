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
	EV_MM_VMSCAN_DIRECT_RECLAIM_END,	/* nr_reclaimed */
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
	/* patch variants (spec/patches.md) */
	EV_OOM_REAPER,			/* task, what (OOM_REAPER_*), arg */
	EV_RECLAIM_RETRY,		/* nid, zid, reclaimable, available, no_progress_loops, verdict */
	EV_COMPACT_RETRY,		/* compact result (v4.7), migration mode, retries, verdict */
	EV_OOM_ORACLE,			/* nid, zid, free F, clean reclaimable C, mark M, block pfn or -1 */
	NR_TRACE_EVENTS
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

void trace_emit(struct model *m, enum trace_event_id id, int nargs, const int64_t *a);
#define TRACE(m, id, ...) do {						\
	if ((m)->trace.enabled) {					\
		const int64_t a_[] = { __VA_ARGS__ };			\
		trace_emit((m), (id), (int)(sizeof(a_) / sizeof(a_[0])), a_); \
	}								\
} while (0)
#define TRACE0(m, id) do {						\
	if ((m)->trace.enabled)						\
		trace_emit((m), (id), 0, NULL);				\
} while (0)

/* Prints one event as a kernel-style line (no newline). */
void trace_format(const struct model *m, const struct trace_event *e, char *buf, size_t len);
void trace_print(const struct model *m, FILE *f);
/*
 * The recorded run as a table for plots: a header naming each populated zone
 * with its watermarks, then one row per event: index, operation, label, a
 * class (reclaim, compaction, oom, kswapd, fail or -) and each zone's free pages.
 */
void trace_print_zones(const struct model *m, FILE *f);
void trace_reset(struct trace *t);

#endif
