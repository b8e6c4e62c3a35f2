/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runner.h - runs a program on a model: one model per layout, reset between
 * runs in O(touched); the program's answers answer the choice points (then
 * the fair defaults, or the last K answers forever); checks after every
 * operation; teardown; the verdict.
 */
#ifndef PAFUZZ_RUNNER_H
#define PAFUZZ_RUNNER_H

#include <stdio.h>
#include "prog.h"

struct run_result {
	enum verdict_kind verdict;
	char sig[192];
	char detail[2048];
	uint64_t trace_hash;
	int op;			/* operation where the verdict was found, -1: teardown */
	unsigned long nr_choices;
	unsigned long nr_events;
	char faults[512];	/* the injected faults that fired: "point#hit@label ..." */
	int nr_fired;		/* every fault that fired (explain ablates the first 64) */
	uint32_t steps;		/* bit per seed label (enum seed_label) the run reached */
	bool over_work;		/* ended by its work budget (retry-storm@work), not its program */
};

struct runner;

struct runner *runner_new(void);
void runner_free(struct runner *r);
/* Runs p; with trace != NULL, prints the decision trace there.  Returns 0, or
 * -1 with a message in res->detail when the model could not be built. */
int runner_run(struct runner *r, const struct prog *p, FILE *trace, struct run_result *res);
/* With on, runner_run prints the zones table (trace_print_zones) instead of the trace. */
void runner_trace_zones(struct runner *r, bool on);
/*
 * With off, runs not asked for a trace skip the trace hash (res->trace_hash,
 * nr_events and steps are then 0): a fuzz target reports verdicts only, and
 * hashing every event cost about a sixth of a plain run.  No decision reads
 * the trace, so verdicts and signatures are the same either way.  On by default.
 */
void runner_trace_hash(struct runner *r, bool on);
/* Builds the models of layouts 0..max_layout ahead of the first run; one model
 * serves every CPU count. */
void runner_prepare(struct runner *r, int max_layout);
/*
 * Checks PAFUZZ_FAULTS ("SPEC;SPEC", what runner_new() takes): 0, or -1 with
 * the first bad spec in err.  A caller must stop on -1: runner_new() only
 * warns and runs without the schedules it could not read.
 */
int runner_check_env(char *err, size_t len);
/* Fault schedules for every run (the --fault option, PAFUZZ_FAULTS); 0 or -1 with err. */
int runner_add_fault(struct runner *r, const char *spec, char *err, size_t len);
/* Fault ablation: suppress the fired fault number k (0-based, in firing order) of the
 * next runs; -1 turns it off.  Returns the point name of that fault or NULL. */
const char *runner_skip_fault(struct runner *r, const struct run_result *res, int k);
/*
 * With off, no choice id is settled (choice_settle): every question goes to
 * the answerers.  Settling changes no answer, only who gives it; tests run
 * both ways to show it.  On by default.
 */
void runner_settle(struct runner *r, bool on);
/* With on, every run judges with the oracles patches need, patched or not (pafuzz diff). */
void runner_force_oracles(struct runner *r, bool on);
/* The model of the last run (for reports), or NULL. */
struct model *runner_model(struct runner *r);
/* One expect line: the verdict matches and the signature starts with the line's. */
bool runner_expect_line_met(const struct prog_expect *e, const struct run_result *res);
/* Does the result meet the program's expect lines (true when it has none)? */
bool runner_expect_met(const struct prog *p, const struct run_result *res, char *why, size_t len);
/* A finding: any verdict but ok, warning and oom-overkill (unless warnings are fatal). */
bool run_is_finding(const struct run_result *res);

#endif
