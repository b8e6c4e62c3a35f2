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
#include "finding.h"

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
	default:
		fuzz_model_bug();
		break;
	}
	abort();
}
