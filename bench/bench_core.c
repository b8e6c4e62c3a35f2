// SPDX-License-Identifier: GPL-2.0
/*
 * bench_core.c - `make bench`: the costs the issues budget, each the median
 * of several timed runs, printed as a table and as one JSON line, with the
 * machine described.  Clocks are read here only, never in core/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/internal.h"
#include "../fuzz/runner.h"

#define RUNS 5

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp);
	return v[n / 2];
}

static struct model *make(unsigned long normal_pages, bool with_dma)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	memset(c.zones, 0, sizeof(c.zones));
	if (with_dma) {
		c.zones[0][ZONE_DMA].pages = 4096;
		c.zones[0][ZONE_DMA].reserved = 1;
	}
	c.zones[0][ZONE_NORMAL].pages = normal_pages;
	c.debug = 0;
	m = model_create(&c, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "bench: %s\n", err);
		exit(2);
	}
	return m;
}

/*
 * Runs of the pair rows.  On a shared VM the speed changes in bursts that
 * last a tenth of a second or more (everything then takes ~1.6x as long):
 * five runs of a few milliseconds each all fell into one burst or none, so
 * the median was whichever.  41 runs span half a second to a second, and
 * their median is the speed the machine mostly runs at.
 */
#define PAIR_RUNS 41

/*
 * ns per alloc+free pair of one order, through alloc_pages_current/__free_pages:
 * the median of PAIR_RUNS runs, and in *best the fastest (both print).
 */
static double pair_ns(struct model *m, unsigned order, bool trace, double *best)
{
	double v[PAIR_RUNS], med;
	const long n = 200000;

	m->trace.enabled = trace;
	for (int r = 0; r < PAIR_RUNS; r++) {
		double t0;

		model_reset(m);
		t0 = now_ns();
		for (long i = 0; i < n; i++) {
			struct page *p = alloc_pages_current(m, GFP_KERNEL, order);

			__free_pages(m, p, order);
		}
		v[r] = (now_ns() - t0) / (double)n;
	}
	m->trace.enabled = true;
	med = median(v, PAIR_RUNS);	/* sorts v: the fastest is first */
	*best = v[0];
	return med;
}

/* The same small run on a model, then the reset timed. */
static double reset_ns(struct model *m)
{
	double v[RUNS * 20];
	int k = 0;

	for (int r = 0; r < RUNS * 20; r++) {
		int h[80], nh = 0;
		double t0;

		model_task_create(m, "bench");
		for (int i = 0; i < 64; i++)
			h[nh++] = model_alloc(m, 1, GFP_KERNEL, 0);
		for (int i = 0; i < 4; i++)
			h[nh++] = model_alloc(m, 1, GFP_KERNEL, 3);
		for (int i = 0; i < nh; i++)
			model_free(m, h[i]);
		t0 = now_ns();
		model_reset(m);
		v[k++] = now_ns() - t0;
	}
	return median(v, k);
}

/* One slowpath round: the GFP_NOFS livelock runs loop_budget rounds. */
/* Fills memory with atomic allocations; returns the task. */
static int fill_atomic(struct model *m)
{
	int t;

	model_reset(m);
	t = model_task_create(m, "bench");
	for (int order = (int)m->max_order - 1; order >= 0; order--)
		while (model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, (unsigned)order) >= 0)
			;
	return t;
}

/*
 * The rounds the GFP_NOFS loop runs: the proof ends the run once a round
 * repeats (about three rounds), not at the loop's budget, so the time of a
 * round is the run's time over the rounds it ran.  Counted once from the
 * recorded trace (the run is deterministic), outside the timed runs.
 */
static unsigned nofs_rounds(struct model *m)
{
	unsigned n = 0;
	int t = fill_atomic(m);

	m->trace.record = true;
	m->trace.nr_ev = 0;
	model_alloc(m, t, GFP_NOFS, 0);
	for (size_t i = 0; i < m->trace.nr_ev; i++)
		if (m->trace.ev[i].id == EV_PROGRESS && m->trace.ev[i].a[0] == LOOP_SLOWPATH_RETRY)
			n++;
	m->trace.record = false;
	return n ? n : 1;
}

static unsigned nofs_rounds_ran;

static void slowpath_round(double *round_ns, double *hash_ns)
{
	struct model *m = make(4096, true);
	double v[RUNS], w[RUNS];
	unsigned rounds = nofs_rounds(m);

	nofs_rounds_ran = rounds;

	for (int r = 0; r < RUNS; r++) {
		int t = fill_atomic(m);
		double t0;

		t0 = now_ns();
		model_alloc(m, t, GFP_NOFS, 0);
		v[r] = (now_ns() - t0) / rounds;
		t0 = now_ns();
		for (int i = 0; i < 1000; i++)
			(void)watchdog_state_hash(m);
		w[r] = (now_ns() - t0) / 1000;
	}
	*round_ns = median(v, RUNS);
	*hash_ns = median(w, RUNS);
	model_destroy(m);
}

/*
 * One direct reclaim pass that frees 32 clean page-cache pages from a
 * 4096-frame zone: the zone is filled with clean cache, then
 * try_to_free_pages runs once (its yields take their defaults).
 */
static double reclaim_pass_ns(unsigned long *freed)
{
	struct model *m = make(4096, false);
	double v[RUNS];

	m->trace.enabled = false;
	for (int r = 0; r < RUNS; r++) {
		int t, f;
		double t0;

		model_reset(m);
		t = model_task_create(m, "bench");
		f = model_file_create(m, 3800);
		model_file_read(m, t, f, 0, 3800);
		m->current = t;
		current_task(m)->flags |= PF_MEMALLOC;
		t0 = now_ns();
		*freed = try_to_free_pages(m, node_zonelist(m, 0, GFP_KERNEL), 0, GFP_KERNEL, NULL);
		v[r] = now_ns() - t0;
		current_task(m)->flags &= ~PF_MEMALLOC;
	}
	model_destroy(m);
	return median(v, RUNS);
}

/*
 * One slowpath iteration with direct reclaim: a 4096-frame zone full of clean
 * page cache, below its min mark, kswapd not woken (asleep elsewhere); one
 * GFP_KERNEL order-0 request goes round once: wake_all_kswapds, compaction
 * skipped (order 0), direct reclaim of a cluster, the freelist.  Returns ns;
 * *wd gets the watchdog's state hash at that state (what each further round adds).
 */
static double reclaim_round_ns(double *wd, unsigned long *reclaimed)
{
	struct model *m = make(4096, false);
	double v[RUNS], w[RUNS];

	m->trace.enabled = false;
	for (int r = 0; r < RUNS; r++) {
		struct zone *z = model_zone(m, 0, ZONE_NORMAL);
		int t, f;
		unsigned long steal;
		double t0;

		model_reset(m);
		t = model_task_create(m, "bench");
		f = model_file_create(m, 3900);
		model_file_read(m, t, f, 0, 3900);
		while (zone_page_state(z, NR_FREE_PAGES) > (long)min_wmark_pages(z) - 8 &&
		       model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, 0) >= 0)
			;
		m->node[0].kswapd_waiting = false;
		m->node[0].kswapd_woken = false;
		steal = m->vm_events[PGSTEAL_DIRECT];
		t0 = now_ns();
		model_alloc(m, t, GFP_KERNEL, 0);
		v[r] = now_ns() - t0;
		*reclaimed = m->vm_events[PGSTEAL_DIRECT] - steal;
		t0 = now_ns();
		for (int i = 0; i < 1000; i++)
			(void)watchdog_state_hash(m);
		w[r] = (now_ns() - t0) / 1000;
	}
	model_destroy(m);
	*wd = median(w, RUNS);
	return median(v, RUNS);
}

/* A task faulting in 1000 anonymous pages (writes): ns per page, page tables included. */
static double anon_fault_ns(void)
{
	struct model *m = make(4096, true);
	double v[RUNS];

	m->trace.enabled = false;
	for (int r = 0; r < RUNS; r++) {
		int t, vma;
		double t0;

		model_reset(m);
		t = model_task_create(m, "bench");
		vma = model_mmap_anon(m, t, 1000);
		t0 = now_ns();
		model_touch(m, t, vma, 0, 1000, true);
		v[r] = (now_ns() - t0) / 1000;
	}
	model_destroy(m);
	return median(v, RUNS);
}

/* exec/s of the runner on pseudo-random 32-operation programs of one layout. */
static double execs(int layout, int buddy_only)
{
	struct runner *r = runner_new();
	static struct prog progs[256];
	uint64_t x = 0x2545f4914f6cdd1dull;
	double v[RUNS];

	for (int i = 0; i < 256; i++) {
		uint8_t buf[400];

		for (size_t k = 0; k < sizeof(buf); k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[k] = (uint8_t)x;
		}
		buf[0] = (uint8_t)layout;
		buf[3] = 32;	/* 32 operations */
		prog_decode(buf, sizeof(buf), &progs[i]);
		progs[i].layout = (uint8_t)layout;
		if (buddy_only) {
			int n = 0;

			for (int k = 0; k < progs[i].nr_ops; k++) {
				struct prog_op o = progs[i].ops[k];

				if (o.kind != OP_ALLOC && o.kind != OP_FREE && o.kind != OP_DRAIN)
					continue;
				if (o.kind == OP_ALLOC)
					o.gfp = (o.gfp & ~(__GFP_WAIT | __GFP_NOFAIL)) | __GFP_NOWARN;
				progs[i].ops[n++] = o;
			}
			progs[i].nr_ops = n;
		}
	}
	for (int i = 0; i < 256; i++) {
		struct run_result res;

		runner_run(r, &progs[i], NULL, &res);	/* warm: models created */
	}
	for (int rr = 0; rr < RUNS; rr++) {
		double t0 = now_ns();
		int n = 0;

		for (int rep = 0; rep < 4; rep++)
			for (int i = 0; i < 256; i++, n++) {
				struct run_result res;

				runner_run(r, &progs[i], NULL, &res);
			}
		v[rr] = n / ((now_ns() - t0) / 1e9);
	}
	runner_free(r);
	return median(v, RUNS);
}

static void machine(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	int cpus = 0;
	bool named = false, virt = false;

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	/* "processor" comes before "model name" in each CPU's block */
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10) && !named) {
			char *c = strchr(line, ':');

			if (c) {
				c[strcspn(c, "\n")] = 0;
				snprintf(buf, len, "%s", c + 2);
				named = true;
			}
		}
		if (!strncmp(line, "flags", 5) && strstr(line, " hypervisor"))
			virt = true;
		if (!strncmp(line, "processor", 9))
			cpus++;
	}
	fclose(f);
	snprintf(buf + strlen(buf), len - strlen(buf), "%s, %d cpus, compiler %s",
		 virt ? " (virtual machine)" : "", cpus, __VERSION__);
}

/*
 * The text target's work per input (fuzz/fuzz_text.c): parse, print, parse
 * again, encode, decode, over the same 256 random 32-op programs.
 */
static double text_execs(void)
{
	static struct prog progs[256], p, q, r;
	static char texts[256][8192], out[65536];
	static size_t lens[256];
	static uint8_t bin[16384];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	double v[RUNS];
	char err[256];
	long done = 0;

	for (int i = 0; i < 256; i++) {
		uint8_t buf[400];

		for (size_t k = 0; k < sizeof(buf); k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[k] = (uint8_t)x;
		}
		buf[3] = 32;
		prog_decode(buf, sizeof(buf), &progs[i]);
		lens[i] = prog_print(&progs[i], texts[i], sizeof(texts[i]));
		if (lens[i] >= sizeof(texts[i]))
			lens[i] = 0;
	}
	for (int rr = 0; rr < RUNS; rr++) {
		double t0 = now_ns();
		int n = 0;

		for (int k = 0; k < 40; k++) {
			for (int i = 0; i < 256; i++, n++) {
				size_t len;

				if (prog_parse(texts[i], lens[i], "bench", &p, err, sizeof(err)))
					continue;
				len = prog_print(&p, out, sizeof(out));
				if (!prog_parse(out, len, "printed", &q, err, sizeof(err)) &&
				    prog_equal(&p, &q))
					done++;
				prog_decode(bin, prog_encode(&p, bin, sizeof(bin)), &r);
			}
		}
		v[rr] = n / ((now_ns() - t0) / 1e9);
	}
	if (done == 0)
		fprintf(stderr, "bench: no text program survived the round trip\n");
	return median(v, RUNS);
}

/* A figure without a budget. */
static void info(const char *what, double v, const char *unit)
{
	printf("%-58s %12.1f %-6s\n", what, v, unit);
}

static void row(const char *what, double v, const char *unit, double budget, bool below)
{
	bool pass = below ? v <= budget : v >= budget;

	printf("%-58s %12.1f %-6s %s %-8g %s\n", what, v, unit, below ? "<=" : ">=", budget,
	       pass ? "PASS" : "MISS");
}

int main(int argc, char **argv)
{
	struct model *big = make(262144, false), *small = make(4096, true);
	double o0, o0t, o3, o9, b0, b0t, b3, b9, r4k, r256k, round, hash, e_def, e_1g, e_buddy,
	       e_text, rec, fault, rround, rwd;
	unsigned long freed = 0, rfreed = 0;
	char mach[256];

	machine(mach, sizeof(mach));
	if (argc > 1 && !strcmp(argv[1], "--sanitized")) {
		/* the same runner measurement in the fuzzing build (ASan+UBSan, -O1, DEBUG=1) */
		e_def = execs(0, 0);
		row("synthetic 32-op programs (not a job's inputs): exec/s, ASan+UBSan", e_def, "exec/s", 5000,
		    false);
		printf("{\"machine\":\"%s\",\"exec_s_asan_ubsan\":%.0f}\n", mach, e_def);
		model_destroy(big);
		model_destroy(small);
		return 0;
	}
	printf("pafuzz bench (DEBUG=0, no sanitizers; medians of %d runs, %d for the alloc+free pairs)\n"
	       "machine: %s\n\n", RUNS, PAIR_RUNS, mach);
	o0 = pair_ns(big, 0, false, &b0);
	o0t = pair_ns(big, 0, true, &b0t);
	o3 = pair_ns(big, 3, false, &b3);
	o9 = pair_ns(big, 9, false, &b9);
	r4k = reset_ns(small);
	r256k = reset_ns(big);
	slowpath_round(&round, &hash);
	rec = reclaim_pass_ns(&freed);
	fault = anon_fault_ns();
	rround = reclaim_round_ns(&rwd, &rfreed);
	e_def = execs(0, 0);
	e_1g = execs(7, 0);
	e_buddy = execs(0, 1);
	e_text = text_execs();

	row("order-0 alloc+free via pcp, 1 GiB zone (trace off), ns/pair", o0, "ns", 20, true);
	row("order-0 alloc+free via pcp, trace hash on, ns/pair", o0t, "ns", 20, true);
	row("order-3 alloc+free via buddy, ns/pair", o3, "ns", 60, true);
	row("order-9 alloc+free via buddy, ns/pair", o9, "ns", 400, true);
	/* the budgets are judged on the medians above; the fastest runs show the VM's spread */
	info("  order-0 pairs, fastest of the runs, ns/pair", b0, "ns");
	info("  order-0 pairs, trace on, fastest of the runs, ns/pair", b0t, "ns");
	info("  order-3 pairs, fastest of the runs, ns/pair", b3, "ns");
	info("  order-9 pairs, fastest of the runs, ns/pair", b9, "ns");
	row("reset after a small run, 4096+4096-frame layout, ns", r4k, "ns", 1e9, true);
	row("reset after the same run, 262144-frame layout, ns", r256k, "ns", 1e9, true);
	row("  ratio 262144 / 4096 (budget: within 2x)", r256k / r4k, "x", 2, true);
	row("slowpath round, nothing reclaimable (GFP_NOFS loop), ns", round, "ns", 30000, true);
	info("  rounds of that loop per run (the proof ends it)", nofs_rounds_ran, "rounds");
	row("  watchdog state hash per round, ns", hash, "ns", 1e9, true);
	row("  watchdog share of a round (budget 10%), %", 100 * hash / round, "%", 10, true);
	printf("direct reclaim pass over clean cache freed %lu pages\n", freed);
	row("direct reclaim pass freeing 32 clean pages, 4096 frames, us", rec / 1000, "us", 20, true);
	row("anonymous fault (write), 1000 pages, ns/page", fault, "ns", 100, true);
	printf("slowpath iteration with direct reclaim: reclaim freed %lu pages\n", rfreed);
	row("slowpath iteration with direct reclaim, 4096 frames, us", rround / 1000, "us", 30, true);
	row("  watchdog share of such a round (budget 10%), %", 100 * rwd / rround, "%", 10, true);
	row("synthetic 32-op programs (not a job's inputs): exec/s, trace on", e_def, "exec/s", 20000, false);
	row("synthetic 32-op programs, 1 GiB layout: exec/s", e_1g, "exec/s", e_def / 2, false);
	row("synthetic buddy-only programs, default layout: exec/s", e_buddy, "exec/s", 100000, false);
	info("text target exec/s (parse, print, re-parse, encode, decode)", e_text, "exec/s");
	printf("{\"machine\":\"%s\",\"order0_ns\":%.1f,\"order0_traced_ns\":%.1f,\"order3_ns\":%.1f,"
	       "\"order9_ns\":%.1f,\"reset_4k_ns\":%.0f,\"reset_256k_ns\":%.0f,\"slowpath_round_ns\":%.0f,"
	       "\"watchdog_hash_ns\":%.0f,\"exec_s_default\":%.0f,\"exec_s_1g\":%.0f,"
	       "\"exec_s_buddy\":%.0f,\"reclaim_pass_ns\":%.0f,\"reclaim_freed\":%lu,"
	       "\"anon_fault_ns\":%.1f,\"reclaim_round_ns\":%.0f,\"reclaim_round_wd_ns\":%.0f,"
	       "\"exec_s_text\":%.0f,\"order0_best_ns\":%.1f,\"order0_traced_best_ns\":%.1f,"
	       "\"order3_best_ns\":%.1f,\"order9_best_ns\":%.1f}\n", mach, o0, o0t, o3, o9, r4k,
	       r256k, round, hash, e_def, e_1g, e_buddy, rec, freed, fault, rround, rwd, e_text,
	       b0, b0t, b3, b9);
	model_destroy(big);
	model_destroy(small);
	return 0;
}
