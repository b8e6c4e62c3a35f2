/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fault.h - fault points and schedules with the kernel's fault-injection
 * semantics (Documentation/fault-injection, lib/fault-inject.c should_fail):
 * probability, interval, times, space, verbose, plus nth (fail-nth) and the
 * filters min-order, ignore-gfp-wait, ignore-gfp-highmem, gfp, task.  A
 * schedule answers one of the core's choice points; decisions come from a
 * PRNG seeded by the spec, never a clock.
 */
#ifndef PAFUZZ_FAULT_H
#define PAFUZZ_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../core/choice.h"

struct fault_point {
	const char *name;	/* what people type: compact.migrate */
	enum choice_id id;	/* the choice point it answers */
	unsigned outcome;	/* the outcome forced when it fires (mode= may pick another) */
	const char *modes;	/* "ebusy=2" style alternatives, or NULL */
	const char *what;
};
extern const struct fault_point fault_points[];
extern const int nr_fault_points;

struct fault_sched {
	int point;		/* index into fault_points */
	unsigned outcome;
	int probability;	/* percent; default 100 */
	unsigned interval;	/* default 1 */
	long times;		/* default 1; -1 unlimited */
	long space;		/* default 0 */
	unsigned long nth;	/* 0: off; else fail exactly the nth hit */
	int min_order;		/* -1: off */
	bool ignore_gfp_wait, ignore_gfp_highmem, verbose;
	gfp_t gfp;		/* 0: off; else every bit must be in the request */
	int task;		/* -1: off */
	uint64_t seed;
	/* state */
	unsigned long hits, count, fired;
	uint64_t rng;
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
	int nr_fired;
	struct fault_fired fired[FAULT_MAX_FIRED];
	int skip_point;		/* ablation: the fired fault (point, hit) to suppress, or -1 */
	unsigned long skip_hit;
};

/* Parses "point:key=value,..."; returns 0 or -1 with a message naming point, key, expectation. */
int fault_parse(const char *spec, struct fault_sched *s, char *err, size_t len);
/* Parses a ';'-separated list (the PAFUZZ_FAULTS environment variable) into the layer. */
int fault_parse_list(const char *list, struct fault_layer *l, char *err, size_t len);
int fault_add(struct fault_layer *l, const char *spec, char *err, size_t len);
/* The kernel's should_fail for one question; size is 1 << order for alloc.entry, else 1. */
bool fault_should_fail(struct fault_sched *s, const struct choice_query *q);
/* Wraps inner; install the returned answerer on the model. */
struct choice_answerer fault_layer_answerer(struct fault_layer *l, const struct choice_answerer *inner);
void fault_layer_reset(struct fault_layer *l);
void fault_list(FILE *f);
void fault_report(const struct fault_layer *l, FILE *f);

#endif
