// SPDX-License-Identifier: GPL-2.0
/*
 * finding.c - a finding's abort, through frames named for what was found (see
 * finding.h).  Each frame is a function of its own that is never inlined,
 * whose body differs from the others (so no identical-code folding merges
 * them) and whose call is not its caller's last act (so no tail call drops
 * the caller's frame).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/watchdog.h"
#include "diff.h"
#include "finding.h"
#include "known.h"

bool fuzz_is_finding(const struct prog *p, const struct run_result *res)
{
	return run_is_finding(res) || (p->warnings_fatal && res->verdict == V_WARNING);
}

/*
 * The innermost frames: one per verdict class that names no loop, one per
 * loop the watchdog judges, one for a run past its work budget, one for a
 * loop of no known name.  Each stores its own number before the abort, so no
 * two compile to the same code.
 */
static volatile int fuzz_frame_id;

#define FUZZ_FRAME(name, id)						\
	static __attribute__((noinline)) void name(void)		\
	{								\
		fuzz_frame_id = id;					\
		abort();						\
	}

FUZZ_FRAME(fuzz_loop_retry, 1)
FUZZ_FRAME(fuzz_loop_high_priority, 2)
FUZZ_FRAME(fuzz_loop_retry_cpuset, 3)
FUZZ_FRAME(fuzz_loop_too_many_isolated, 4)
FUZZ_FRAME(fuzz_loop_shrink_zone, 5)
FUZZ_FRAME(fuzz_loop_work_budget, 6)
FUZZ_FRAME(fuzz_loop_unnamed, 7)
FUZZ_FRAME(fuzz_gfp_contract, 11)
FUZZ_FRAME(fuzz_leak, 12)
FUZZ_FRAME(fuzz_buddy_corrupt, 13)
FUZZ_FRAME(fuzz_warning, 14)
FUZZ_FRAME(fuzz_oom_overkill, 15)
FUZZ_FRAME(fuzz_model_bug, 16)
FUZZ_FRAME(fuzz_premature_oom, 17)

/* A loop the watchdog learns to judge needs a frame here too. */
_Static_assert(NR_LOOPS == 5, "name a fuzz_loop_ frame for every loop in loop_name[]");
static void (*const loop_frame[NR_LOOPS])(void) = {
	[LOOP_SLOWPATH_RETRY] = fuzz_loop_retry,
	[LOOP_HIGH_PRIORITY] = fuzz_loop_high_priority,
	[LOOP_RETRY_CPUSET] = fuzz_loop_retry_cpuset,
	[LOOP_TOO_MANY_ISOLATED] = fuzz_loop_too_many_isolated,
	[LOOP_SHRINK_ZONE] = fuzz_loop_shrink_zone,
};

/* "livelock@LOOP:..." and "retry-storm@LOOP:..." name the loop between '@' and ':'. */
static void (*sig_loop_frame(const char *sig))(void)
{
	const char *at = strchr(sig, '@');
	size_t n;

	if (!at)
		return fuzz_loop_unnamed;
	at++;
	n = strcspn(at, ":");
	if (n == 4 && !strncmp(at, "work", 4))
		return fuzz_loop_work_budget;
	for (int i = 0; i < NR_LOOPS; i++)
		if (strlen(loop_name[i]) == n && !strncmp(at, loop_name[i], n))
			return loop_frame[i];
	return fuzz_loop_unnamed;
}

/*
 * The frames of the verdicts that name a loop: the loop's frame is called
 * from them.  The empty asm after the call keeps the call from being the
 * function's last act (no tail call, so the frame stays on the stack).
 */
#define FUZZ_CLASS_FRAME(name, id)					\
	static __attribute__((noinline)) void name(void (*next)(void))	\
	{								\
		fuzz_frame_id = id;					\
		next();							\
		__asm__ volatile("" ::: "memory");			\
	}

FUZZ_CLASS_FRAME(fuzz_livelock, 101)
FUZZ_CLASS_FRAME(fuzz_retry_storm, 102)

void fuzz_report_finding(const char *target, const struct run_result *res)
{
	fprintf(stderr, "pafuzz: %s %s (op %d)\n%s\n", verdict_name[res->verdict], res->sig, res->op,
		res->detail);
	fprintf(stderr, "pafuzz: replay the crash file with: pafuzz replay --target %s FILE --trace\n",
		target);
	switch (res->verdict) {
	case V_LIVELOCK:
		fuzz_livelock(sig_loop_frame(res->sig));
		break;
	case V_RETRY_STORM:
		fuzz_retry_storm(sig_loop_frame(res->sig));
		break;
	case V_GFP_CONTRACT:
		fuzz_gfp_contract();
		break;
	case V_LEAK:
		fuzz_leak();
		break;
	case V_BUDDY_CORRUPT:
		fuzz_buddy_corrupt();
		break;
	case V_WARNING:
		fuzz_warning();
		break;
	case V_OOM_OVERKILL:
		fuzz_oom_overkill();
		break;
	case V_PREMATURE_OOM:
		fuzz_premature_oom();
		break;
	default:
		fuzz_model_bug();
		break;
	}
	abort();
}

/*
 * The diff target's frames: one per verdict class the v4.2 run ended with
 * (fuzz_diff_from_*), one per class the patched run ended with
 * (fuzz_diff_to_*), and under them the loop's frame when the side that
 * names the difference ended in a loop.  The crash state of a difference is
 * then "[fuzz_loop_LOOP] fuzz_diff_to_V1 fuzz_diff_from_V0": one per pair
 * (and loop), as our triage's "diff:V0>V1@..." is.  A warning that is not
 * fatal is ok here (diff_signature), so it has no frames of its own.
 */
#define FUZZ_DIFF_TO_FRAME(name, id)					\
	static __attribute__((noinline)) void name(void (*next)(void))	\
	{								\
		fuzz_frame_id = id;					\
		if (next)						\
			next();						\
		else							\
			abort();					\
		__asm__ volatile("" ::: "memory");			\
	}

FUZZ_DIFF_TO_FRAME(fuzz_diff_to_ok, 201)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_oom_overkill, 202)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_retry_storm, 203)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_livelock, 204)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_gfp_contract, 205)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_leak, 206)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_buddy_corrupt, 207)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_model_bug, 208)
FUZZ_DIFF_TO_FRAME(fuzz_diff_to_premature_oom, 209)

#define FUZZ_DIFF_FROM_FRAME(name, id)					\
	static __attribute__((noinline)) void name(void (*to)(void (*)(void)),	\
						   void (*next)(void))	\
	{								\
		fuzz_frame_id = id;					\
		to(next);						\
		__asm__ volatile("" ::: "memory");			\
	}

FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_ok, 301)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_oom_overkill, 302)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_retry_storm, 303)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_livelock, 304)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_gfp_contract, 305)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_leak, 306)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_buddy_corrupt, 307)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_model_bug, 308)
FUZZ_DIFF_FROM_FRAME(fuzz_diff_from_premature_oom, 309)

/* A verdict class of the model needs a frame on both sides of a difference. */
_Static_assert(NR_VERDICTS == 10, "name fuzz_diff_to_ and fuzz_diff_from_ frames for every verdict");
static void (*const diff_to_frame[NR_VERDICTS])(void (*)(void)) = {
	[V_OK] = fuzz_diff_to_ok, [V_WARNING] = fuzz_diff_to_ok,
	[V_OOM_OVERKILL] = fuzz_diff_to_oom_overkill, [V_RETRY_STORM] = fuzz_diff_to_retry_storm,
	[V_LIVELOCK] = fuzz_diff_to_livelock, [V_GFP_CONTRACT] = fuzz_diff_to_gfp_contract,
	[V_LEAK] = fuzz_diff_to_leak, [V_BUDDY_CORRUPT] = fuzz_diff_to_buddy_corrupt,
	[V_MODEL_BUG] = fuzz_diff_to_model_bug, [V_PREMATURE_OOM] = fuzz_diff_to_premature_oom,
};
static void (*const diff_from_frame[NR_VERDICTS])(void (*)(void (*)(void)), void (*)(void)) = {
	[V_OK] = fuzz_diff_from_ok, [V_WARNING] = fuzz_diff_from_ok,
	[V_OOM_OVERKILL] = fuzz_diff_from_oom_overkill,
	[V_RETRY_STORM] = fuzz_diff_from_retry_storm, [V_LIVELOCK] = fuzz_diff_from_livelock,
	[V_GFP_CONTRACT] = fuzz_diff_from_gfp_contract, [V_LEAK] = fuzz_diff_from_leak,
	[V_BUDDY_CORRUPT] = fuzz_diff_from_buddy_corrupt,
	[V_MODEL_BUG] = fuzz_diff_from_model_bug,
	[V_PREMATURE_OOM] = fuzz_diff_from_premature_oom,
};

void fuzz_report_diff(const char *sig, uint32_t patches, const struct run_result *base,
		      const struct run_result *patched)
{
	const struct run_result *side = diff_side(base, patched);
	char names[256];
	bool loop = side->verdict == V_LIVELOCK || side->verdict == V_RETRY_STORM;

	diff_patch_names(patches, names, sizeof(names));
	fprintf(stderr, "pafuzz: diff %s (op %d)\n  v4.2: %s %s\n  patched: %s %s\n  patches: %s\n%s\n",
		sig, side->op, verdict_name[base->verdict], base->sig, verdict_name[patched->verdict],
		patched->sig, names, side->detail);
	fprintf(stderr, "pafuzz: replay the crash file with: pafuzz diff --patch %s FILE --trace\n",
		names);
	diff_from_frame[base->verdict](diff_to_frame[patched->verdict],
				       loop ? sig_loop_frame(side->sig) : NULL);
	abort();
}

void fuzz_target_init(void)
{
	char err[256];

	if (runner_check_env(err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	if (known_init())
		exit(1);
}

bool fuzz_v42_program(const uint8_t *data, size_t size, struct prog *p)
{
	char err[64];

	return !prog_from_bytes(data, size, NULL, p, err, sizeof(err)) && !p->patches;
}
