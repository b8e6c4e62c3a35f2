/* SPDX-License-Identifier: GPL-2.0 */
/*
 * choice.h - the one seam between the model and the harness.
 *
 * Everything the real kernel learns from hardware, timing or other CPUs is a
 * choice point: core asks "which of nr outcomes?" through choice_ask() and the
 * installed answerer decides.  Without an answerer every choice takes its
 * fair default.  Choice ids are append-only: never renumber or reuse one, so
 * old corpus files keep their meaning.
 */
#ifndef PAFUZZ_CHOICE_H
#define PAFUZZ_CHOICE_H

#include <stdbool.h>
#include <stdint.h>
#include "gfp.h"

struct model;

enum choice_id {
	CHOICE_NONE = 0,
	CHOICE_FAIL_ALLOC_PAGE = 1,	/* should_fail_alloc_page: 0 no, 1 fail */
	CHOICE_PAGE_BAD = 2,		/* check_new_page finds the page corrupted: 0 no, 1 yes */
	CHOICE_CPUSET_CHANGED = 3,	/* read_mems_allowed_retry: 0 no, 1 changed */
	CHOICE_KSWAPD_RUN = 4,		/* a woken kswapd runs at this yield point: 0 runs, 1 stalls */
	CHOICE_YIELD_ACTION = 5,	/* what other CPUs do at a yield point (enum yield_action) */
	CHOICE_YIELD_ARG = 6,		/* the argument of that action (an index) */
	CHOICE_WRITEBACK = 7,		/* writeback of a page: 0 completes, 1 fails, 2 stays pending */
	CHOICE_SWAP_WRITE = 8,		/* swap write: 0 ok, 1 fails */
	CHOICE_PAGE_REFERENCED = 9,	/* page_referenced: 0 as the ptes say, 1 young (touched by another CPU) */
	CHOICE_OOM_LOCK_BUSY = 10,	/* oom_lock trylock: 0 free, 1 held elsewhere */
	CHOICE_OOM_VICTIM_EXIT = 11,	/* a killed victim: 0 runs and exits now, 1 stays blocked */
	CHOICE_MIGRATE_PAGE = 12,	/* migration of this page: 0 succeeds, 1 fails (-EAGAIN), 2 fails (-EBUSY) */
	CHOICE_COMPACT_CONTENDED = 13,	/* async compaction meets: 0 nothing, 1 lock contention, 2 need_resched */
	CHOICE_COMPACT_DEFER = 14,	/* compaction_deferred: 0 as the counters say, 1 deferred */
	CHOICE_PCP_DRAIN = 15,		/* drain_all_pages reaches other CPUs: 0 yes, 1 IPI lost */
	CHOICE_TOO_MANY_ISOLATED = 16,	/* other reclaimers hold isolated pages: 0 no, 1 yes */
	/*
	 * Asked only by patch variants (spec/patches.md): a diff gives them
	 * no positional answer, only named ones, else their fair default.
	 */
	CHOICE_OOM_REAPER_RUN = 17,	/* the oom_reaper thread runs at this yield point: 0 runs, 1 waits */
	CHOICE_MMAP_SEM = 18,		/* the reaper's down_read_trylock(mmap_sem): 0 taken, 1 write-locked */
	NR_CHOICE_IDS
};

/* The first id a patch variant added: such questions skip the positional answers. */
#define CHOICE_FIRST_PATCH_ONLY	CHOICE_OOM_REAPER_RUN

/* What other CPUs do at a yield point (CHOICE_YIELD_ACTION outcomes). */
enum yield_action {
	YIELD_NOTHING,
	YIELD_ALLOC,		/* another CPU allocates one page, from the pcp/buddy of this zone */
	YIELD_FREE,		/* another CPU frees one page it holds */
	YIELD_FREE_TAKE_BACK,	/* another CPU frees one page and allocates it again */
	YIELD_DIRTY,		/* another CPU dirties a file page */
	YIELD_RUN_KSWAPD,	/* kswapd runs now even if the kswapd choice said stall */
	YIELD_COMPLETE_WRITEBACK,	/* pending writeback completes */
	YIELD_TAKE_OOM_LOCK,	/* another CPU takes the OOM lock */
	YIELD_RELEASE_OOM_LOCK,	/* ... and releases it */
	YIELD_CHANGE_CPUSET,	/* the current task's cpuset mems change */
	NR_YIELD_ACTIONS
};

/* The context of one question: used by fault-schedule filters and the trace. */
struct choice_query {
	enum choice_id id;
	unsigned nr;		/* number of outcomes, >= 1 */
	unsigned dflt;		/* the fair default, < nr */
	gfp_t gfp;		/* the allocation being served, if any */
	int order;		/* its order, or -1 */
	int task;		/* the current task, or -1 */
	uint32_t pfn;		/* the page concerned, or PFN_NONE */
	int label;		/* enum seed_label: where in the slowpath we are */
	/*
	 * The zone the question is about (the page's, or the zone compaction
	 * works on) as 1 + node * MAX_NR_ZONES + zone index; 0: none.  Read
	 * by the node=, zone= filters of fault schedules.
	 */
	unsigned zone;
	/* enum task_context of the current task (0: process); alloc.entry's fail-nth reads it */
	unsigned ctx;
};

struct choice_info {
	const char *name;	/* e.g. "writeback" */
	unsigned nr;		/* usual number of outcomes */
	const char *const *outcomes;
	const char *what;	/* one line: what the question is */
};
extern const struct choice_info choice_table[NR_CHOICE_IDS];

/*
 * The answerer the harness installs.  answer() returns an outcome < q->nr
 * (values >= nr are reduced modulo nr by choice_ask).  phase() tells the
 * livelock watchdog whether the answers from here on are periodic; if so it
 * writes a value that identifies the position in the period (0 when every
 * answer is a default).  Both are pure functions of their inputs and of the
 * answerer's own state.
 */
struct choice_answerer {
	unsigned (*answer)(void *priv, const struct choice_query *q);
	bool (*phase)(void *priv, uint64_t *phase);
	void *priv;
};

unsigned choice_ask(struct model *m, const struct choice_query *q);
/* Installs a (NULL: none); no choice id is settled. */
void choice_set_answerer(struct model *m, const struct choice_answerer *a);
/*
 * The installed answerer's word that every later question of the choice ids
 * in the mask (bit 1 << id) gets its fair default: choice_ask then answers
 * them itself, traced and counted as before, without calling it.  For an
 * answerer whose answers have run out; it holds until the next
 * choice_set_answerer.
 */
void choice_settle(struct model *m, uint32_t ids);
const char *choice_outcome_name(enum choice_id id, unsigned outcome);
int choice_id_by_name(const char *name);

#endif
