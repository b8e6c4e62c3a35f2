/* SPDX-License-Identifier: GPL-2.0 */
/*
 * finding.h - what a finding is, one rule for the pafuzz command and every
 * fuzz target, and how a fuzz target reports one: it aborts through a stack
 * frame named for the verdict class and, for a loop's verdict, one named for
 * the loop.  ClusterFuzz and ClusterFuzzLite tell crashes apart by their top
 * frames, so each class (and loop) is a crash of its own there; our own
 * triage keys on the semantic signature.
 */
#ifndef PAFUZZ_FINDING_H
#define PAFUZZ_FINDING_H

#include <stdbool.h>
#include "runner.h"

/*
 * A fuzz target's start: a bad PAFUZZ_FAULTS or PAFUZZ_TARGET, or a known-findings
 * file that cannot be read, ends the process (exit 1) before it fuzzes anything,
 * instead of a job fuzzing without the faults or suppressions it was given.
 */
void fuzz_target_init(void);

/*
 * An input of a target of the v4.2 model (slowpath, buddy) as pafuzz reads it,
 * so every crash file replays as it ran.  False (the target returns -1) for
 * bytes that are no program, and for a program naming patch variants: it would
 * run another kernel and file that kernel's findings, a revert variant's
 * historic bug among them, as v4.2's.  Variants are the diff target's.
 */
bool fuzz_v42_program(const uint8_t *data, size_t size, struct prog *p);

/* Any verdict but ok, warning and oom-overkill; those two as well with warnings_fatal. */
bool fuzz_is_finding(const struct prog *p, const struct run_result *res);

/*
 * What a target returns for an input that ran (patched: the diff target's
 * second run, or NULL): 0, so that libFuzzer may keep it in the corpus, or -1
 * when a run ended at its work budget (retry-storm@work).  Such a run can
 * cost up to a second without sanitizers (882 ms for one a job met, though
 * others end within a few ms), several in the fuzzing build, and most
 * mutants of it end at the same budget: one job that kept some ran at under
 * 110 exec/s for 40 s (docs/benchmarks.md).  The finding itself is recorded
 * as any other (a crash file, known-NN or seen-HASH); only its place in the
 * corpus goes, as libFuzzer itself keeps no input that timed out.
 */
static inline int fuzz_keep(const struct run_result *res, const struct run_result *patched)
{
	return res->over_work || (patched && patched->over_work) ? -1 : 0;
}

/*
 * Prints "pafuzz: VERDICT SIGNATURE (op N)", the report and how to replay the
 * input (target names the fuzz target: its view of the bytes), then aborts
 * through the frames fuzz_<verdict>() and, for livelock and retry-storm,
 * fuzz_loop_<loop>().
 */
void fuzz_report_finding(const char *target, const struct run_result *res)
	__attribute__((noreturn));

/*
 * The diff target's report of a verdict difference sig (diff_signature):
 * "pafuzz: diff SIG (op N)", both runs' verdicts and signatures, the patches
 * and the report of the side that names the difference, then the abort
 * through fuzz_diff_from_<v4.2 verdict>(), fuzz_diff_to_<patched verdict>()
 * and, when that side ended in a loop, fuzz_loop_<loop>().
 */
void fuzz_report_diff(const char *sig, uint32_t patches, const struct run_result *base,
		      const struct run_result *patched) __attribute__((noreturn));

#endif
