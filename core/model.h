/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h - the public face of the allocator model: its configuration, the
 * struct that holds all of one model's state, the operations a program runs,
 * and the verdict of a run.  A model is a value: no globals, so several can
 * live in one process, and model_reset() costs O(what the last run touched).
 */
#ifndef PAFUZZ_MODEL_H
#define PAFUZZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gfp.h"
#include "mmzone.h"
#include "physmem.h"
#include "choice.h"
#include "trace.h"

#define MODEL_MAX_HOLES		4
#define MODEL_MAX_TASKS		16
#define MODEL_MAX_LOCKS		8
#define MODEL_MAX_HANDLES	65536
/* other_group[]: other_map's bits counted per 1 << OTHER_GROUP_SHIFT handles */
#define OTHER_GROUP_SHIFT	11
#define OTHER_GROUPS		(MODEL_MAX_HANDLES >> OTHER_GROUP_SHIFT)
#define MODEL_MAX_FRAMES	(4ul << 20)
#define MODEL_SCRATCH_HEADS	64	/* list heads for isolation lists and the like */
/*
 * A run's budget of injected page corruption (CHOICE_PAGE_BAD answered yes):
 * past it the question is no longer asked.  A handful of bad pages shows
 * everything the kernel does with them; without a bound, a fuzzer's answer
 * cycle can quarantine a 1 GiB zone block by block, and the run costs
 * O(memory).
 */
#define MODEL_MAX_INJECTED_BAD	64

struct zone_config {
	unsigned long pages;			/* spanned frames; 0 = zone absent */
	unsigned long reserved;			/* frames at the zone start kept PG_reserved (firmware, kernel image) */
	unsigned long hole_start[MODEL_MAX_HOLES];	/* offsets in the zone */
	unsigned long hole_pages[MODEL_MAX_HOLES];
};

struct model_config {
	int nr_nodes;			/* 1 or 2 */
	int nr_cpus;			/* 1 .. MODEL_MAX_CPUS; may change between runs (read at reset) */
	int max_order;			/* MAX_ORDER: 2 .. 11, default 11 */
	int pageblock_order;		/* 1 .. max_order-1, default 9 */
	struct zone_config zones[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long min_free_kbytes;	/* 0: computed as init_per_zone_wmark_min() did */
	int lowmem_reserve_ratio[MAX_NR_ZONES - 1];
	int extfrag_threshold;		/* 500 */
	unsigned long swap_pages;	/* 0: no swap */
	bool zone_reclaim_mode;
	/*
	 * Build options a program may set (`config`), defaulting to what the
	 * distribution kernels of the era had (y): CONFIG_COMPACTION (with
	 * CONFIG_MIGRATION), CONFIG_NUMA (forced on with two nodes; a build
	 * option, not the node count: the slowpath's early THISNODE exit and
	 * the THISNODE zonelist follow it), CONFIG_CMA (ALLOC_CMA for movable
	 * requests; the model has no CMA area).
	 */
	bool compaction;
	bool numa;
	bool cma;
	bool laptop_mode;
	bool oom_killer_disabled;
	bool storage_suspended;		/* pm_suspended_storage(); also clears IO|FS from gfp_allowed_mask */
	int debug;			/* 0..3: check level (see check.c) */
	bool warnings_fatal;		/* panic_on_warn: a WARN becomes a finding */
	unsigned loop_budget;		/* iterations of an allocator loop before the watchdog
					   judges it (0: 128; at most 1024).  Read at each reset,
					   like warnings_fatal and swap_pages: a harness may
					   change these three between runs of one model */
	uint32_t patches;		/* bit per enum patch_id: the variant of v4.2 to run
					   (0: v4.2 itself).  Read at each reset */
	bool patch_oracles;		/* the oracles spec/patches.md adds (premature-oom, the
					   wider over-kill): on whenever a patch is named and
					   for both runs of a diff; off keeps v4.2's runs as
					   they were.  Read at each reset */
};

/*
 * Patch variants (spec/patches.md): historic kernel changes on top of the
 * v4.2 model, each a switch tested at every decision it changes (grep for
 * its commit).  Ids are append-only: the binary form stores them as bits.
 */
enum patch_id {
	PATCH_OOM_REAPER,		/* aac453635549, v4.6 (modelled as in v4.9) */
	PATCH_OOM_DETECTION_REWORK,	/* 0a0337e0d1d1, v4.7 */
	PATCH_PREMATURE_OOM_WORKAROUND,	/* 6b4e3181d7bd, v4.8-rc */
	/*
	 * Revert variants: a historic slowpath bug put back into v4.2 as the
	 * kernel had it before its fix (the bug benchmark's real bugs).
	 */
	PATCH_REVERT_REBALANCE_LABEL,	/* reverts cfa54a0fcfc1, v3.0 */
	PATCH_REVERT_ALL_UNRECLAIMABLE,	/* reverts 6e543d5780e3, v3.12 */
	PATCH_REVERT_DEFER_PREFERRED,	/* reverts 53853e2d2bfb, v3.19 */
	PATCH_REVERT_GFP_THISNODE,	/* reverts 4167e9b2cf10, v4.0 */
	PATCH_REVERT_PFMEMALLOC_NODE,	/* reverts "do not throttle ... no reclaimable pages", v4.2 */
	NR_PATCHES	/* at most 8: the binary form stores the set in one byte */
};

struct patch_info {
	const char *name;	/* what a program says: `patch oom-reaper` */
	const char *commit;	/* the commit modelled (12 hex digits) */
	const char *version;	/* the release it landed in */
	const char *title;	/* its subject line */
	uint32_t needs;		/* bits of the patches it builds on */
	const char *what;	/* one line: what it changes in the model */
	bool revert;		/* puts a fixed bug back (not part of "all") */
};
extern const struct patch_info patch_table[NR_PATCHES];
/*
 * Historic fixes whose revert the v4.2 model cannot express: named so
 * that `pafuzz patches` lists them and a program naming one is told why.
 */
struct patch_unmodelled {
	const char *name, *commit, *version, *title;
	const char *why;	/* why the old behaviour has no place in the v4.2 model */
};
extern const struct patch_unmodelled patch_unmodelled_table[];
extern const int nr_patch_unmodelled;
/* The unmodelled revert of that name, or NULL. */
const struct patch_unmodelled *patch_unmodelled_by_name(const char *name);
/* The patch of that name, or -1. */
int patch_by_name(const char *name);
/* A set is valid when every patch's prerequisites are in it too. */
bool patches_valid(uint32_t patches, char *err, size_t len);

/* Task flags (include/linux/sched.h of v4.2) */
#define PF_EXITING		0x00000004u
#define PF_DUMPCORE		0x00000200u
#define PF_MEMALLOC		0x00000800u
#define PF_KSWAPD		0x00040000u
#define PF_MEMALLOC_NOIO	0x00080000u
#define PF_LESS_THROTTLE	0x00100000u
#define PF_KTHREAD		0x00200000u

/* Thread flags */
#define TIF_MEMDIE		0x1u

enum task_context { CTX_PROCESS, CTX_SOFTIRQ, CTX_IRQ };

struct task {
	bool in_use;
	char name[16];
	uint32_t flags;		/* PF_* */
	uint32_t tif;		/* TIF_* */
	bool fatal_signal;	/* fatal_signal_pending() */
	bool rt;		/* rt_task(): real-time policy */
	uint8_t ctx;		/* enum task_context of the running code */
	int oom_score_adj;	/* -1000 .. 1000 */
	nodemask_t mems_allowed;	/* cpuset mems (hardwall) */
	uint32_t mems_seq;	/* bumped when mems_allowed changes */
	uint32_t locks_held;	/* bit i: holds named lock i */
	int waiting_for;	/* named lock it is blocked on, or -1 */
	int cpu;
	int nid;		/* numa_node_id() */
	int mm;			/* index of its address space in the world, or -1 */
};

/* An allocation made by the program and not yet freed. */
struct handle {
	uint32_t pfn;
	uint8_t order;
	bool in_use;
	int16_t task;
	gfp_t gfp;
	uint32_t op;
};

enum vm_event_item {
	PGALLOC, PGFREE, PGFAULT, PGSCAN_KSWAPD, PGSCAN_DIRECT, PGSTEAL_KSWAPD,
	PGSTEAL_DIRECT, PGROTATED, PGACTIVATE, PGDEACTIVATE, PSWPOUT, PSWPIN,
	ALLOCSTALL, PAGEOUTRUN, KSWAPD_LOW_WMARK_HIT_QUICKLY,
	KSWAPD_HIGH_WMARK_HIT_QUICKLY, PGMIGRATE_SUCCESS, PGMIGRATE_FAIL,
	COMPACTMIGRATE_SCANNED, COMPACTFREE_SCANNED, COMPACTISOLATED,
	COMPACTSTALL, COMPACTFAIL, COMPACTSUCCESS, OOM_KILL_EVENTS, BAD_PAGES,
	NR_VM_EVENT_ITEMS
};

enum verdict_kind {
	V_OK,
	V_WARNING,
	V_OOM_OVERKILL,
	V_RETRY_STORM,
	V_LIVELOCK,
	V_GFP_CONTRACT,
	V_LEAK,
	V_BUDDY_CORRUPT,
	V_MODEL_BUG,		/* the model's own assertion failed */
	V_PREMATURE_OOM,	/* an OOM kill or failure with memory to serve it (spec/patches.md) */
	NR_VERDICTS
};
extern const char *const verdict_name[NR_VERDICTS];

struct verdict {
	enum verdict_kind kind;
	char sig[192];		/* stable signature: kind + path through the seed */
	char detail[2048];	/* what a person reads */
	uint32_t op;		/* operation index where it was found */
};

/* Warnings the kernel would print: kept apart from findings. */
enum warn_id {
	WARN_ORDER_GE_MAX_ORDER,	/* WARN_ON_ONCE in the slowpath */
	WARN_ATOMIC_NOFAIL,		/* WARN_ON_ONCE(gfp & __GFP_NOFAIL) for !wait */
	WARN_NOFAIL_HIGH_ORDER,		/* buffered_rmqueue: NOFAIL with order > 1 */
	WARN_BAD_PAGE,			/* "BUG: Bad page state" */
	WARN_ALLOC_FAILED,		/* "page allocation failure" (not a WARN, counted here) */
	WARN_BAD_GFP_ZONE,		/* gfp_zone: invalid zone modifier combination */
	WARN_OOM_NOFAIL,		/* NOFAIL reported progress without an OOM kill */
	WARN_OOM_OVERKILL,		/* an OOM kill that cannot help this request */
	WARN_BAD_GFP_MIGRATETYPE,	/* VM_WARN_ON: both __GFP_MOVABLE and __GFP_RECLAIMABLE */
	WARN_SLEEP_IN_ATOMIC,		/* might_sleep_if(__GFP_WAIT) in interrupt context */
	WARN_PREMATURE_OOM_WRITEBACK,	/* premature only if dirty/writeback pages count too */
	NR_WARN_IDS
};
extern const char *const warn_name[NR_WARN_IDS];

struct model {
	struct model_config cfg;

	/* fixed after setup */
	unsigned max_order;
	unsigned pageblock_order;
	unsigned long pageblock_nr_pages;
	unsigned long min_free_kbytes;
	int nr_online_nodes;
	struct physmem pm;

	/* model state */
	struct pglist_data node[MAX_NUMNODES];
	struct task tasks[MODEL_MAX_TASKS];
	/*
	 * Bit t set if task t may have TIF_MEMDIE (model_task_memdie keeps
	 * it; a slot reused by a new task may leave a stale bit): every
	 * yield point looks for victims to exit, only among these tasks.
	 */
	uint32_t memdie_tasks;
	int lock_holder[MODEL_MAX_LOCKS];	/* task id or -1 */
	gfp_t gfp_allowed_mask;
	bool storage_suspended;
	bool oom_killer_disabled;
	int oom_lock_holder;		/* -1 free, -2 another CPU, else task id */
	int current;			/* the running task */
	struct handle *handles;		/* [MODEL_MAX_HANDLES] */
	int nr_handles;			/* handles ever used this run (high water) */
	int handle_hint;		/* no free handle below this index */
	int handle_pending;		/* the slot a program allocation in flight will fill, or -1 */
	uint64_t *other_map;		/* [MODEL_MAX_HANDLES / 64]: bit h set exactly when handle h
					 * is in use by another CPU (task -1); see handle_note() */
	uint32_t *other_pfn;		/* [MODEL_MAX_HANDLES]: handle h's pfn as other_hash took
					 * it in, while bit h of other_map is set */
	uint64_t other_hash;		/* the XOR of other_handle_mix() over other_map's handles */
	uint32_t other_group[OTHER_GROUPS];	/* how many of other_map's bits each group holds */
	uint64_t *used_map;		/* [MODEL_MAX_HANDLES / 64]: bit h set exactly when handle h
					 * is in use (handle_note()): handle_slot's search */
	uint32_t bad_list;		/* head id: blocks bad_page() took out of use */
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	struct world *w;		/* tasks' memory, files, swap: core/mmu.h */

	/* page->zone_id -> its zone (page_zone without the divide); fixed after setup */
	struct zone *zone_of_id[MAX_NUMNODES * MAX_NR_ZONES];

	/* the pristine copies restored by model_reset */
	struct pglist_data pristine_node[MAX_NUMNODES];

	/* harness side: choices, trace, verdict */
	struct choice_answerer answerer;
	uint32_t choice_settled;	/* bit per id answered by its default from now on (choice_settle) */
	uint64_t nr_choices;
	unsigned nr_injected_bad;	/* CHOICE_PAGE_BAD yes answers this run */
	struct trace trace;
	struct verdict verdict;
	bool stopped;			/* a finding ended the run */
	unsigned warn_count[NR_WARN_IDS];
	uint32_t op;			/* index of the operation being run */
	struct watchdog *wd;		/* core/watchdog.c */
	uint64_t state_hash;		/* page/head part of the state hash, as of the last settle */
	uint64_t pristine_state_hash;
	uint8_t *check_seen;		/* scratch for the O(frames) walkers */

	/*
	 * __alloc_pages_nodemask's first-attempt context for the last (zonelist,
	 * gfp mask, node mask) it saw (page_alloc.c); a cache of pure functions
	 * of the key, so it never changes what a run does.
	 */
	struct alloc_plan {
		const struct zonelist *zonelist;	/* NULL: nothing kept */
		gfp_t gfp;
		nodemask_t mask;
		struct zone *preferred_zone;
		int classzone_idx;
		int high_zoneidx;
		int migratetype;
		int hint;		/* zoneref the walk may start at, or -1 */
	} plan;

	/* the allocation being served, for the oracles (0 depth: none) */
	int alloc_depth;
	gfp_t alloc_gfp;
	int alloc_order;
	uint32_t alloc_cookie;		/* cpuset cookie of the current attempt */
	uint32_t alloc_path;		/* bit per seed label passed in this slowpath round */
	unsigned loop_budget;		/* iterations before a loop is judged (cfg) */
	unsigned long nr_yields;
	unsigned long work;		/* pages examined by reclaim and compaction this run */
	int reclaim_progress_reason;	/* set by try_to_free_pages: enum progress_reason */
	int compact_result;		/* set by try_to_compact_pages: v4.7's enum compact_result */
	uint32_t alloc_injected;	/* bit per choice id answered off its default during the
					   outermost allocation */
	bool referenced_always;		/* set by the harness: every page_referenced question of
					   the run answers young (the premature-oom oracle's
					   "referenced at every scan") */
	/* patch oom-reaper (core/oom_kill.c): all zero without it */
	struct oom_reaper {
		uint32_t mmf_oom_skip;	/* bit per task: its mm is MMF_OOM_SKIP */
		uint32_t oom_mm;	/* bit per task: signal->oom_mm recorded (a victim) */
		uint32_t queued;	/* bit per task on the reaper's list */
		int8_t queue[MODEL_MAX_TASKS];	/* last in, first out: queue[nr_queued - 1] next */
		int nr_queued;
		int attempts;		/* failed mmap_sem trylocks of the task being reaped */
	} reaper;
	uint32_t request_victims;	/* bit per task killed during the outermost allocation */
	/* the outermost request's context as its slowpath began (the oracles' E) */
	const struct zonelist *request_zonelist;
	nodemask_t request_nodemask;
	bool request_has_nodemask;
	int request_high_zoneidx;
	int request_classzone_idx;
	uint64_t scratch_heads_used;	/* bit i: scratch list head i is taken */

	/*
	 * Pages another CPU frees when a yield answers `free` (0 and 1: one).
	 * Set by the program (`yield_free N`); the harness sets it before a
	 * run: it is constant while any allocator loop runs.
	 */
	unsigned other_free_batch;
	/*
	 * model_fragment's frames for anonymous pages: while nr_place is
	 * non-zero, a user page fault takes place[next_place++] instead of
	 * asking the allocator (page tables still come from the allocator).
	 */
	const uint32_t *place;
	unsigned nr_place, next_place;
};

/* Setup and lifetime */
void model_config_default(struct model_config *c);
int model_config_check(const struct model_config *c, char *err, size_t len);
struct model *model_create(const struct model_config *c, char *err, size_t len);
void model_destroy(struct model *m);
void model_reset(struct model *m);

/* Tasks */
int model_task_create(struct model *m, const char *name);
struct task *model_task(struct model *m, int id);
void model_task_memdie(struct model *m, int id, bool on);

/* Allocation by the program: returns a handle id >= 0, or -1 for NULL. */
int model_alloc(struct model *m, int task, gfp_t gfp, unsigned order);
/* Allocation restricted to one node's zonelist (alloc_pages_node). */
int model_alloc_node(struct model *m, int task, int nid, gfp_t gfp, unsigned order);
/* Frees a handle; returns 0 or -EINVAL for a bad handle. */
int model_free(struct model *m, int handle);
/* Drains every CPU's per-cpu lists (drain_all_pages(NULL)). */
void model_drain_all(struct model *m);
/* Frees everything the run still holds and checks every zone is back to its start. */
void model_teardown(struct model *m);

/*
 * The world's operations (core/mmu.c and friends).  Each returns >= 0 on
 * success (an id or a count) or a negative errno: -ENOMEM when the
 * allocator failed, -EINVAL for a bad id, -ENOSPC past a model limit.
 */
int model_mmap_anon(struct model *m, int task, unsigned long npages);	/* -> vma id */
int model_mmap_file(struct model *m, int task, int file, unsigned long pgoff,
		    unsigned long npages);				/* -> vma id */
int model_munmap(struct model *m, int task, int vma);
/* Touches [start, start+n) of a vma: faults pages in (write: dirties them). */
long model_touch(struct model *m, int task, int vma, unsigned long start, unsigned long n,
		 bool write);
int model_file_create(struct model *m, unsigned long npages);		/* -> file id */
/* Reads/writes [start, start+n) of a file through the page cache. */
long model_file_read(struct model *m, int task, int file, unsigned long start, unsigned long n);
long model_file_write(struct model *m, int task, int file, unsigned long start, unsigned long n);
int model_file_sync(struct model *m, int file);		/* start writeback of dirty pages */
int model_file_drop(struct model *m, int file);		/* truncate the page cache */
/* get_user_pages-style pin of the page behind one virtual page (an extra reference). */
int model_pin(struct model *m, int task, int vma, unsigned long idx);
int model_unpin(struct model *m, int task, int vma, unsigned long idx);
void model_task_exit(struct model *m, int task);
/* Lets node nid's kswapd run now if it was woken (kswapd()). */
int model_kswapd_run(struct model *m, int nid);

/*
 * The program's one-line shaping operations: test setup that puts memory in
 * a state a long uptime would, without a kernel path of its own.
 */
enum shape_kind {
	SHAPE_UNMOVABLE,	/* kernel allocations (handles), their pageblocks MIGRATE_UNMOVABLE */
	SHAPE_RECLAIMABLE,	/* ... MIGRATE_RECLAIMABLE */
	SHAPE_MOVABLE,		/* ... MIGRATE_MOVABLE (not on an LRU: compaction cannot move them) */
	SHAPE_FILE,		/* clean page cache of a new file, read once (inactive file LRU) */
	SHAPE_ANON,		/* dirty anonymous pages of a new vma (active anon LRU) */
	NR_SHAPE_KINDS
};
extern const char *const shape_kind_name[NR_SHAPE_KINDS];
/*
 * model_fragment: of the frames in [lo, hi), takes every free one whose
 * pfn % every < keep and gives it to an owner of the kind: a handle of task
 * (ids written to handles[], at most max; past max or the handle table's end
 * no more frames are taken), a page of a new file, or a page of a new vma of
 * task.  Frames that are not free (in use, reserved, holes) are left as they
 * are.  Returns the frames taken, with the new file or vma id in *obj (-1 for
 * the kernel kinds), or -errno.
 */
long model_fragment(struct model *m, int task, unsigned long lo, unsigned long hi,
		    unsigned every, unsigned keep, enum shape_kind kind, int *handles, int max,
		    int *obj);
/*
 * model_release: frees the frames of the handles in handles[0..n) whose
 * pfn % every >= keep.  A block with frames of both kinds is split; its
 * kept frames become order-0 handles (if the handle table has room, else
 * the block stays whole).  Rewrites handles[] to what remains (at most max)
 * and returns how many.
 */
int model_release(struct model *m, int *handles, int n, int max, unsigned every, unsigned keep);
/*
 * model_give: the handles' blocks are held by other CPUs from now on (a
 * yield that frees may free them).  Returns the pages given.
 */
long model_give(struct model *m, const int *handles, int n);

/* Findings and warnings */
void model_finding(struct model *m, enum verdict_kind kind, const char *sig, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void model_warn(struct model *m, enum warn_id id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, with the signature's name given ("warning:<name>@<label>") instead of id's. */
void model_warn_named(struct model *m, enum warn_id id, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool model_warn_describes(const struct model *m, enum warn_id id);

/* Helpers for readers of the model */

/*
 * The run's work budget: reclaim and compaction may examine at most
 * WORK_BUDGET_PER_FRAME * loop budget pages per frame of memory in one run.
 * That is far more than any allocator loop needs to reach its own budget (a
 * reclaim round examines each LRU page about twice), so the budget only ends
 * runs whose rounds multiply work, e.g. a kswapd pass at every reclaim batch's
 * yield: the run stops with retry-storm@work instead of taking minutes.
 */
#define WORK_BUDGET_PER_FRAME	8

/* Past the work budget: the run ends (or ended) there as retry-storm@work. */
static inline bool model_work_exceeded(const struct model *m)
{
	return m->work > (unsigned long)WORK_BUDGET_PER_FRAME * m->loop_budget * m->pm.nr_frames;
}

static inline bool patch_on(const struct model *m, enum patch_id id)
{
	return (m->cfg.patches >> id) & 1u;
}

static inline struct zone *model_zone(struct model *m, int nid, int zid)
{
	return &m->node[nid].node_zones[zid];
}
unsigned long model_zone_free_pages(const struct zone *z);
const char *zone_name(int idx);

#endif
