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
};

struct runner;

struct runner *runner_new(void);
void runner_free(struct runner *r);
/* Runs p; with trace != NULL, prints the decision trace there.  Returns 0, or
 * -1 with a message in res->detail when the model could not be built. */
int runner_run(struct runner *r, const struct prog *p, FILE *trace, struct run_result *res);
void runner_prepare(struct runner *r, int max_layout);
/* The model of the last run (for reports), or NULL. */
struct model *runner_model(struct runner *r);
/* Does the result meet the program's expect lines (true when it has none)? */
bool runner_expect_met(const struct prog *p, const struct run_result *res, char *why, size_t len);
/* A finding: any verdict but ok, warning and oom-overkill (unless warnings are fatal). */
bool run_is_finding(const struct run_result *res);

#endif
