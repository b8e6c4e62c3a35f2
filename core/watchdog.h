/* SPDX-License-Identifier: GPL-2.0 */
/*
 * watchdog.h - the livelock watchdog on every unbounded loop of the
 * allocator.  Each loop head calls watchdog_round().  The run ends with
 * `livelock` as soon as the model state (hashed incrementally, O(changes))
 * and the position in periodic answers repeat, which proves the loop never
 * ends; a loop that reaches its budget without such a proof ends with
 * `retry-storm`.
 */
#ifndef PAFUZZ_WATCHDOG_H
#define PAFUZZ_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

struct model;
struct zone;

enum loop_id {
	LOOP_SLOWPATH_RETRY,	/* retry: in __alloc_pages_slowpath */
	LOOP_HIGH_PRIORITY,	/* the NOFAIL loop of __alloc_pages_high_priority */
	LOOP_RETRY_CPUSET,	/* retry_cpuset: in __alloc_pages_nodemask */
	LOOP_TOO_MANY_ISOLATED,	/* the throttle in shrink_inactive_list */
	LOOP_SHRINK_ZONE,	/* shrink_zone while should_continue_reclaim */
	NR_LOOPS
};
extern const char *const loop_name[NR_LOOPS];

/* Why a round of a loop reported progress (or went round anyway). */
enum progress_reason {
	PR_NONE,
	PR_RECLAIMED,		/* direct reclaim freed pages */
	PR_COMPACTION_READY,	/* try_to_free_pages: 1 because compaction is ready */
	PR_ZONE_RECLAIMABLE,	/* try_to_free_pages: 1 because a zone is still "reclaimable" */
	PR_REPEAT,		/* __GFP_REPEAT and pages_reclaimed < 1 << order */
	PR_OOM_LOCK_BUSY,	/* oom_lock held elsewhere: "somebody else is making progress" */
	PR_OOM_NOFS,		/* !__GFP_FS: "keep looping as per tradition" */
	PR_OOM_KILLED,		/* out_of_memory killed a task */
	PR_OOM_VICTIM_PENDING,	/* out_of_memory: a TIF_MEMDIE victim is still exiting */
	PR_OOM_CURRENT_VICTIM,	/* out_of_memory: current has a fatal signal: made a victim */
	PR_OOM_NOFAIL,		/* WARN_ON_ONCE(__GFP_NOFAIL) counted as progress */
	PR_NOFAIL,		/* __GFP_NOFAIL in the no-watermark loop */
	PR_CPUSET_CHANGED,	/* the cpuset changed: retry_cpuset */
	PR_ISOLATED,		/* too many pages isolated by other reclaimers */
	PR_CONTINUE_RECLAIM,	/* should_continue_reclaim: not yet enough for compaction */
	PR_RECLAIM_RETRY,	/* patch oom-detection-rework: should_reclaim_retry */
	PR_COMPACT_RETRY,	/* patch oom-detection-rework: should_compact_retry */
	NR_PROGRESS_REASONS
};
extern const char *const progress_reason_name[NR_PROGRESS_REASONS];

/* The run went past its work budget (model_work_exceeded, model.h): end it. */
void watchdog_work_exceeded(struct model *m);

/* Per-loop state lives in the model's watchdog; a loop holds its slot index. */
int watchdog_enter(struct model *m, enum loop_id id);
/*
 * Called at the head of every round after the first.  locals hashes the
 * loop's own variables that influence later rounds (saturated where they
 * only feed a monotone comparison).  Returns true when the run must stop:
 * the verdict has been recorded.
 */
bool watchdog_round(struct model *m, int slot, uint64_t locals);
/* What the round just finished reported. */
void watchdog_progress(struct model *m, int slot, unsigned long progress, enum progress_reason why);
void watchdog_exit(struct model *m, int slot);

/* Hooks for the places that read or reset a zone's scan counter. */
void watchdog_note_reclaimable(struct model *m, const struct zone *zone, unsigned long scanned,
			       unsigned long threshold, bool reclaimable);
void watchdog_note_scan_reset(struct model *m, const struct zone *zone);
/* get_scan_count's SCAN_FRACT, the one reader of a zone's reclaim_stat, reads it now. */
void watchdog_note_reclaim_stat(struct model *m, const struct zone *zone);
/* choice_ask reports answers that differ from the default. */
void watchdog_note_injected(struct model *m, int choice_id);

/* The whole decision-relevant state at this instant (tests, DEBUG=3). */
uint64_t watchdog_state_hash(struct model *m);

int watchdog_init(struct model *m);
void watchdog_free(struct model *m);
void watchdog_reset(struct model *m);

#endif
