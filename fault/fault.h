/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fault.h - fault points and schedules with the kernel's fault-injection
 * semantics (Documentation/fault-injection, lib/fault-inject.c should_fail).
 *
 * alloc.entry is v4.2's fail_page_alloc: its defaults and filters are the
 * kernel's (probability 0, interval 1, times 1, space 0, min-order 1,
 * ignore-gfp-wait and ignore-gfp-highmem on, __GFP_NOFAIL never failed),
 * and nth is the per-task fail-nth of v4.13 (lib/fault-inject.c of that
 * release; v4.2 had no fail-nth): a task's calls that pass the filters are
 * counted in task context only, the Nth fails whatever the other keys say
 * (and uses up one of `times`), and after it the other keys decide as
 * before.  The other points are the model's own: they default to
 * probability 100, times 1 and no filters, and their nth counts every
 * question of the point.
 *
 * A schedule's draws come from its own PRNG: splitmix64 seeded with
 * seed ^ FNV-1a(point name), one draw per question that reaches the
 * probability test, as prandom_u32() % 100 is drawn in should_fail.  So the
 * decisions never depend on the order of the keys, on verbose, or on a clock.
 */
#ifndef PAFUZZ_FAULT_H
#define PAFUZZ_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../core/choice.h"
#include "../core/model.h"

struct fault_point {
	const char *name;	/* what people type: compact.migrate */
	enum choice_id id;	/* the choice point it answers */
	unsigned outcome;	/* the outcome forced when it fires (mode= may pick another) */
	const char *modes;	/* "ebusy=2" style alternatives, or NULL */
	const char *what;
	bool kernel;		/* a kernel fail_* capability: its defaults and fail-nth are the kernel's */
};
extern const struct fault_point fault_points[];
extern const int nr_fault_points;

struct fault_sched {
	int point;		/* index into fault_points */
	unsigned outcome;
	int probability;	/* percent; kernel points 0, model points 100 */
	unsigned interval;	/* default 1; 0 and 1 both mean every call */
	long times;		/* default 1; -1 unlimited */
	long space;		/* default 0 */
	unsigned long nth;	/* 0: off; else fail-nth (see above) */
	int min_order;		/* -1: off; kernel points 1 */
	bool ignore_gfp_wait, ignore_gfp_highmem;	/* kernel points: on */
	int verbose;		/* 0..2: what a fired fault prints on stderr; decides nothing */
	gfp_t gfp;		/* 0: off; else every bit must be in the request */
	int task;		/* -1: off; else task-filter with make-it-fail on this task only */
	int nid;		/* -1: off; else the question's page or zone is on this node */
	int zone_idx;		/* -1: off; else its zone index (ZONE_DMA ...) */
	unsigned long pfn_lo, pfn_hi;	/* pfn_hi 0: off; else its page lies in [lo, hi] */
	uint64_t seed;
	/* state */
	unsigned long hits, count, fired;
	uint64_t rng;
	/*
	 * fail-nth counters: for alloc.entry one per task (each task wrote nth
	 * to its own fail-nth; with task= only that task did), for the model's
	 * points nth_left[0] alone.  0: not armed.
	 */
	unsigned long nth_left[MODEL_MAX_TASKS];
};

#define FAULT_MAX_SCHEDS 16
#define FAULT_MAX_FIRED 64

struct fault_fired {
	int point;
	unsigned long hit;
	int label;
};

/* A layer of schedules over an inner answerer: a schedule that fires wins. */
struct fault_layer {
	int nr;
	struct fault_sched s[FAULT_MAX_SCHEDS];
	struct fault_sched orig[FAULT_MAX_SCHEDS];	/* as parsed: fault_layer_reset restores */
	struct choice_answerer inner;
	struct model *m;	/* for the trace event; may be NULL */
	int nr_fired;		/* kept in fired[], at most FAULT_MAX_FIRED */
	unsigned long nr_fired_total;	/* every fault that fired, kept or not */
	struct fault_fired fired[FAULT_MAX_FIRED];
	int skip_point;		/* ablation: the fired fault (point, hit) to suppress, or -1 */
	unsigned long skip_hit;
};

/* Parses "point:key=value,..."; returns 0 or -1 with a message naming point, key, expectation. */
int fault_parse(const char *spec, struct fault_sched *s, char *err, size_t len);
/* Parses a ';'-separated list (the PAFUZZ_FAULTS environment variable) into the layer. */
int fault_parse_list(const char *list, struct fault_layer *l, char *err, size_t len);
int fault_add(struct fault_layer *l, const char *spec, char *err, size_t len);
/*
 * The kernel's decision for one question: the point's filters (for
 * alloc.entry should_fail_alloc_page's), then should_fail with fail-nth;
 * size is 1 << order for alloc.entry, else 1.
 */
bool fault_should_fail(struct fault_sched *s, const struct choice_query *q);
/* Wraps inner; install the returned answerer on the model. */
struct choice_answerer fault_layer_answerer(struct fault_layer *l, const struct choice_answerer *inner);
void fault_layer_reset(struct fault_layer *l);
void fault_list(FILE *f);
void fault_report(const struct fault_layer *l, FILE *f);

#endif
