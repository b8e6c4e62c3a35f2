// SPDX-License-Identifier: GPL-2.0
/*
 * test_fault.c - each schedule keyword behaves as Documentation/fault-injection
 * says, the parser names point, key and expectation, and fault points change
 * targeted scenarios the way the kernel would.
 */
#include <stdbool.h>
#include <string.h>
#include "../core/tests/tap.h"
#include "../fuzz/runner.h"
#include "fault.h"

static struct choice_query q_for(const struct fault_sched *s, int order, gfp_t gfp, int task)
{
	struct choice_query q = { .id = fault_points[s->point].id, .nr = 3, .dflt = 0, .gfp = gfp,
				  .order = order, .task = task, .pfn = 0xffffffffu, .label = 0 };
	return q;
}

/* Which of the first n hits fail, as a bit string "0010010..." */
static void pattern(const char *spec, int n, char *out)
{
	struct fault_sched s;
	char err[256];

	if (fault_parse(spec, &s, err, sizeof(err))) {
		snprintf(out, 8, "ERR");
		return;
	}
	for (int i = 0; i < n; i++) {
		struct choice_query q = q_for(&s, 0, GFP_KERNEL, 1);

		out[i] = fault_should_fail(&s, &q) ? '1' : '0';
	}
	out[n] = 0;
}

static void parse_error(const char *spec, const char *want)
{
	struct fault_sched s;
	char err[256] = "";

	ok(fault_parse(spec, &s, err, sizeof(err)) == -1 && strstr(err, want), "'%s': %s", spec, err);
}

/* Runs a text program; its decision trace goes to `trace` when not NULL. */
static int run_text_to(const char *src, struct run_result *res, FILE *trace)
{
	struct prog p;
	char err[512];
	struct runner *r = runner_new();

	if (prog_parse(src, strlen(src), "t", &p, err, sizeof(err))) {
		diag("%s", err);
		runner_free(r);
		return -1;
	}
	runner_run(r, &p, trace, res);
	runner_free(r);
	return 0;
}

static int run_text(const char *src, struct run_result *res)
{
	return run_text_to(src, res, NULL);
}

/* Runs a program with its trace into a temporary file; true if the trace contains `what`. */
static bool trace_has(const char *src, const char *what, struct run_result *res)
{
	static char line[4096];
	FILE *f = tmpfile();
	bool found = false;

	if (!f || run_text_to(src, res, f)) {
		if (f)
			fclose(f);
		return false;
	}
	rewind(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	fclose(f);
	return found;
}

int main(void)
{
	char pat[64];
	struct fault_sched s;
	char err[256];
	int fails = 0;

	/* interval 3 fails hits 3, 6, 9 ... (times -1: unlimited) */
	pattern("page.bad:interval=3,times=-1", 12, pat);
	is(strcmp(pat, "001001001001"), 0, "interval=3 fails hits 3, 6, 9, 12: %s", pat);
	/* times caps the failures */
	pattern("page.bad:times=2", 6, pat);
	is(strcmp(pat, "110000"), 0, "times=2 fails twice, then never: %s", pat);
	pattern("page.bad", 4, pat);
	is(strcmp(pat, "1000"), 0, "times defaults to 1 as in the kernel: %s", pat);
	/*
	 * space spends its budget first: should_fail only fails once space is no
	 * longer larger than the size (1 per hit here): 3 -> 2 -> 1, then failures.
	 */
	pattern("page.bad:space=3,times=-1", 6, pat);
	is(strcmp(pat, "001111"), 0, "space=3 lets two hits through first (3>1, 2>1): %s", pat);
	/* nth fails exactly once */
	pattern("page.bad:nth=4", 10, pat);
	is(strcmp(pat, "0001000000"), 0, "nth=4 fails exactly the 4th hit: %s", pat);
	/* probability 0 never, 100 always (unlimited times) */
	pattern("page.bad:probability=0,times=-1", 20, pat);
	ok(!strchr(pat, '1'), "probability=0 never fails");
	pattern("page.bad:probability=100,times=-1", 20, pat);
	ok(!strchr(pat, '0'), "probability=100 always fails");
	/* probability 30 about 30% over 10000 hits, the same every time */
	fault_parse("compact.migrate:probability=30,times=-1", &s, err, sizeof(err));
	for (int i = 0; i < 10000; i++) {
		struct choice_query q = q_for(&s, 2, GFP_KERNEL, 1);

		fails += fault_should_fail(&s, &q);
	}
	ok(fails > 2700 && fails < 3300, "probability=30: %d of 10000 hits failed", fails);
	{
		char a[41], b[41];

		pattern("compact.migrate:probability=50,times=-1", 40, a);
		pattern("compact.migrate:probability=50,times=-1", 40, b);
		ok(!strcmp(a, b), "same spec, same decisions: %s", a);
	}
	/* filters exclude what they should and do not count as hits */
	fault_parse("alloc.entry:min-order=2,times=-1", &s, err, sizeof(err));
	{
		struct choice_query q0 = q_for(&s, 0, GFP_KERNEL, 1), q3 = q_for(&s, 3, GFP_KERNEL, 1);

		ok(!fault_should_fail(&s, &q0) && fault_should_fail(&s, &q3) && s.hits == 1,
		   "min-order=2 skips order 0, fails order 3; only order 3 was a hit");
	}
	fault_parse("alloc.entry:ignore-gfp-wait=1,times=-1", &s, err, sizeof(err));
	{
		struct choice_query qw = q_for(&s, 0, GFP_KERNEL, 1), qa = q_for(&s, 0, GFP_ATOMIC, 1);

		ok(!fault_should_fail(&s, &qw) && fault_should_fail(&s, &qa),
		   "ignore-gfp-wait spares __GFP_WAIT requests only");
	}
	fault_parse("alloc.entry:ignore-gfp-highmem=1,times=-1", &s, err, sizeof(err));
	{
		struct choice_query qh = q_for(&s, 0, GFP_HIGHUSER, 1), qk = q_for(&s, 0, GFP_KERNEL, 1);

		ok(!fault_should_fail(&s, &qh) && fault_should_fail(&s, &qk),
		   "ignore-gfp-highmem spares __GFP_HIGHMEM requests only");
	}
	fault_parse("alloc.entry:gfp=GFP_NOFS+__GFP_NOFAIL,times=-1", &s, err, sizeof(err));
	{
		struct choice_query qa = q_for(&s, 0, GFP_NOFS | __GFP_NOFAIL | __GFP_NOWARN, 1),
				    qb = q_for(&s, 0, GFP_NOFS, 1);

		ok(fault_should_fail(&s, &qa) && !fault_should_fail(&s, &qb),
		   "gfp= requires every bit of the mask");
	}
	fault_parse("oom.lock:task=2,times=-1", &s, err, sizeof(err));
	{
		struct choice_query q1 = q_for(&s, 0, GFP_KERNEL, 1), q2 = q_for(&s, 0, GFP_KERNEL, 2);

		ok(!fault_should_fail(&s, &q1) && fault_should_fail(&s, &q2), "task=2 only fails task 2");
	}
	fault_parse("compact.migrate:mode=ebusy", &s, err, sizeof(err));
	is(s.outcome, 2, "mode=ebusy forces the -EBUSY outcome");

	/* The parser names the point, the key and what was expected. */
	parse_error("compact.migrat:probability=30", "fault 'compact.migrat': unknown fault point");
	parse_error("compact.migrate:probabilty=30", "fault compact.migrate: key 'probabilty': unknown key (expected one of probability");
	parse_error("compact.migrate:probability=130", "key 'probability': expected a number 0..100, got '130'");
	parse_error("compact.migrate:probability=-1", "key 'probability': expected a number 0..100, got '-1'");
	parse_error("compact.migrate:probability=", "key 'probability': expected a number 0..100, got ''");
	parse_error("compact.migrate:probability=5x", "key 'probability': expected a number 0..100, got '5x'");
	parse_error("reclaim.writeback:mode=slow", "key 'mode': expected fail=1,stall=2, got 'slow'");
	parse_error("alloc.entry:gfp=GFP_KERNAL", "key 'gfp': expected a gfp mask");

	/*
	 * Scenarios.  A test that injects alloc.entry failures into GFP_KERNEL
	 * allocations (the kernel's fail_page_alloc without ignore-gfp-wait). Expect the
	 * allocation to fail at entry, before any slowpath step, and ok.
	 */
	{
		struct run_result res;

		run_text("pafuzz 1\ntask A\nfault alloc.entry:times=-1\nalloc A GFP_KERNEL order=0 -> h0\n"
			 "expect ok\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 1 && strstr(res.faults, "alloc.entry#1"),
		   "alloc.entry fires once per allocation: %s", res.faults);
		/* the same with NOFAIL: should_fail_alloc_page never fails __GFP_NOFAIL */
		run_text("pafuzz 1\ntask A\nfault alloc.entry:times=-1\n"
			 "alloc A GFP_KERNEL|__GFP_NOFAIL order=0 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 0, "alloc.entry never fails __GFP_NOFAIL");
		/* oom.lock stuck forever: the OOM path reports progress forever (a fault, reported) */
		run_text("pafuzz 1\ntask A\nfill A\nfault oom.lock:times=-1\n"
			 "alloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "oom_lock_busy"),
		   "oom.lock:times=-1 keeps the retry loop going: %s", res.sig);
		ok(strstr(res.detail, "depends on injected answers: oom_lock") != NULL,
		   "the livelock report names the injected oom_lock fault");
		/* with the lock busy only 3 times the OOM killer gets its turn: ok */
		run_text("pafuzz 1\ntask A\nfill A\nfault oom.lock:times=3\n"
			 "alloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 3, "oom.lock:times=3: three busy rounds, then "
		   "the OOM killer: %s (%s)", verdict_name[res.verdict], res.faults);
		/* a stuck victim keeps the OOM killer waiting on it */
		run_text("pafuzz 1\ntask A\ntask B\noom_score_adj B 1000\nfill A\n"
			 "fault oom.victim_stuck:times=-1\nalloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "oom_victim_pending"),
		   "oom.victim_stuck: the OOM killer waits for the victim forever: %s", res.sig);
		/* page.bad quarantines the page and the allocation still succeeds */
		run_text("pafuzz 1\ntask A\nfault page.bad:nth=1\nalloc A GFP_KERNEL order=0 -> h0\n", &res);
		ok(res.verdict == V_WARNING && strstr(res.sig, "bad-page") && res.nr_fired == 1,
		   "page.bad: bad_page reported (warning), page quarantined: %s", res.sig);
		/* compact.defer on a THP request: it gives up before reclaim */
		run_text("pafuzz 1\ntask A\nfill A\nfault compact.defer:times=-1\n"
			 "alloc A GFP_TRANSHUGE order=9 -> h0\n", &res);
		ok(res.verdict == V_OK && res.nr_fired >= 1, "compact.defer: THP gives up: %s",
		   res.faults);
	}
	/*
	 * The world's fault points (reclaim, swap, kswapd): each changes a targeted
	 * scenario the way the kernel would.
	 */
	{
		struct run_result res;
		static const char *cache =
			"pafuzz 1\ntask A\ntask B\nfile 8100 -> f0\nread A f0 0 8100\n%s"
			"alloc B GFP_KERNEL order=0 -> h0\n";
		char src[512];
		bool with, without;

		/* reclaim.writeback stall: dirty cache never becomes clean, reclaim frees nothing */
		without = trace_has("pafuzz 1\ntask A\ntask B\nfile 1500 -> f0\nwrite A f0 0 1500\n"
				    "fill B\nalloc A GFP_KERNEL order=0 -> h0\n", "Killed process", &res);
		with = trace_has("pafuzz 1\ntask A\ntask B\nfault reclaim.writeback:mode=stall,times=-1\n"
				 "file 1500 -> f0\nwrite A f0 0 1500\nfill B\nalloc A GFP_KERNEL order=0 -> h0\n",
				 "Killed process", &res);
		ok(!without && with && res.nr_fired > 0, "reclaim.writeback stall: written-back cache is "
		   "reclaimed without the fault (%d); with it nothing is and the OOM killer runs (%d)",
		   without, with);
		/* reclaim.referenced: every page young, page cache never reclaimed: the OOM killer runs */
		snprintf(src, sizeof(src), cache, "");
		without = trace_has(src, "Killed process", &res);
		snprintf(src, sizeof(src), cache, "fault reclaim.referenced:times=-1\n");
		with = trace_has(src, "Killed process", &res);
		ok(!without && with && res.nr_fired > 0, "reclaim.referenced: clean cache is reclaimed "
		   "without the fault (%d) and never with it, so the OOM killer runs (%d)", without, with);
		/* kswapd.stall: a woken kswapd never runs */
		snprintf(src, sizeof(src), cache, "");
		without = trace_has(src, "mm_vmscan_kswapd_wake", &res);
		snprintf(src, sizeof(src), cache, "fault kswapd.stall:times=-1\n");
		with = trace_has(src, "mm_vmscan_kswapd_wake", &res);
		ok(without && !with && res.nr_fired > 0, "kswapd.stall: kswapd runs without the fault (%d) "
		   "and never with it (%d)", without, with);
		/* reclaim.swap_write: anonymous memory cannot be swapped, the OOM killer runs */
		without = trace_has("pafuzz 1\nswap 2048\ntask A\ntask B\nmmap_anon B 8100 -> v0\n"
				    "touch B v0 0 8100 write\nalloc A GFP_KERNEL order=0 -> h0\n",
				    "Killed process", &res);
		with = trace_has("pafuzz 1\nswap 2048\ntask A\ntask B\nfault reclaim.swap_write:times=-1\n"
				 "mmap_anon B 8100 -> v0\ntouch B v0 0 8100 write\n"
				 "alloc A GFP_KERNEL order=0 -> h0\n", "Killed process", &res);
		ok(!without && with, "reclaim.swap_write: swap-out rescues without the fault (%d); with "
		   "it the OOM killer runs (%d)", without, with);
		/* cpuset.change: a failing allocation whose cpuset keeps changing retries forever */
		run_text("pafuzz 1\ntask A\nfault cpuset.change:times=-1\nfill A\n", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "livelock@retry_cpuset") && res.nr_fired > 0,
		   "cpuset.change: retry_cpuset never ends: %s", res.sig);
		run_text("pafuzz 1\ntask A\nfault cpuset.change:times=3\nfill A\n", &res);
		ok(res.verdict == V_OK && res.nr_fired == 3, "cpuset.change:times=3: three retries, then "
		   "the allocation fails cleanly: %s", verdict_name[res.verdict]);
		/* reclaim.isolated: the throttle loop of shrink_inactive_list never ends */
		snprintf(src, sizeof(src), cache, "fault reclaim.isolated:times=-1\n");
		trace_has(src, "", &res);
		ok(res.verdict == V_LIVELOCK && strstr(res.sig, "too_many_isolated"),
		   "reclaim.isolated: too_many_isolated forever is a livelock: %s", res.sig);
	}
	return done_testing();
}
