// SPDX-License-Identifier: GPL-2.0
/*
 * test_prog.c - the program forms and the runner: any bytes decode; binary ->
 * text -> binary gives the same program; parse errors name file, line and
 * column; the same input gives the same trace hash.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../core/tests/tap.h"
#include "finding.h"
#include "known.h"
#include "mutate.h"
#include "runner.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint8_t rnd8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)(rng >> 24);
}

/* Runs a text program with its trace into memory; returns the trace (free it) or NULL. */
static char *trace_of(const char *src, struct run_result *res)
{
	struct prog *p = malloc(sizeof(*p));
	struct runner *r = runner_new();
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!p || !r || !f || prog_parse(src, strlen(src), "trace.pz", p, err, sizeof(err))) {
		diag("trace_of: %s", p && r && f ? err : "out of memory");
		if (f)
			fclose(f);
		free(buf);
		buf = NULL;
	} else {
		runner_run(r, p, f, res);
		fclose(f);
	}
	runner_free(r);
	free(p);
	return buf;
}

/*
 * Tests of the decision trace: each input of a slowpath decision is on a
 * line, masks are whole, progress reasons have names, WARNING is only said
 * of a WARN, the header names the build options.
 */
static void test_trace_lines(void)
{
	struct run_result res;
	char *t;

	/* A test of an order-12 request on the default layout (MAX_ORDER 11). Expect the
	 * entry line with order and MAX_ORDER, then step 1's refusal. */
	t = trace_of("pafuzz 1\ntask A\nalloc A GFP_KERNEL|__GFP_NOWARN order=12 -> h0\n", &res);
	ok(t && strstr(t, "slowpath: enter task=A order=12 MAX_ORDER=11 gfp_flags=GFP_KERNEL|"
			  "__GFP_NOWARN task_flags=0 context=process") &&
	   strstr(t, "slowpath: order=12 >= MAX_ORDER=11: return NULL"),
	   "trace: the entry line carries order and MAX_ORDER, step 1 says why it returns");
	ok(t && strstr(t, "# build: CONFIG_NUMA=y CONFIG_COMPACTION=y") &&
	   strstr(t, "# geometry: nodes=1 cpus=2 MAX_ORDER=11 pageblock_order=9"),
	   "trace: the header names the build options and the geometry");
	free(t);
	/* A test of a GFP_ATOMIC|__GFP_THISNODE request on a full one-node layout. Expect
	 * the early nopage of a CONFIG_NUMA kernel, and with CONFIG_NUMA=n the retry path. */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\nfill A\n"
		     "alloc A GFP_ATOMIC|__GFP_THISNODE|__GFP_NOWARN order=0 -> h0\n", &res);
	ok(t && strstr(t, "slowpath: CONFIG_NUMA=y and __GFP_THISNODE without __GFP_WAIT: goto "
			  "nopage") && !strstr(t, "slowpath: retry order=0 gfp_flags=GFP_ATOMIC|"
						"__GFP_NOWARN|__GFP_THISNODE"),
	   "trace: THISNODE without WAIT exits early on one node when CONFIG_NUMA=y");
	free(t);
	t = trace_of("pafuzz 1\nlayout tiny\nconfig CONFIG_NUMA=n\ntask A\nfill A\n"
		     "alloc A GFP_ATOMIC|__GFP_THISNODE|__GFP_NOWARN order=0 -> h0\n", &res);
	ok(t && !strstr(t, "goto nopage") && strstr(t, "# build: CONFIG_NUMA=n") &&
	   strstr(t, "slowpath: retry order=0 gfp_flags=GFP_ATOMIC|__GFP_NOWARN|__GFP_THISNODE"),
	   "trace: with CONFIG_NUMA=n the same request wakes kswapd and tries the freelist");
	free(t);
	/* A test of a GFP_KERNEL request after suspend on a full layout. Expect the mask
	 * change said at entry, each freelist attempt's result, the OOM path's inputs,
	 * and the progress reason by name. */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\nfill A\nsuspend\n"
		     "alloc A GFP_KERNEL order=0 -> h0\n", &res);
	ok(t && strstr(t, "gfp_allowed_mask changes gfp_flags=GFP_KERNEL to GFP_NOIO (cleared "
			  "__GFP_IO|__GFP_FS)"), "trace: a mask changed by gfp_allowed_mask says so");
	ok(t && strstr(t, "get_page_from_freelist: order=0 gfp_flags=GFP_NOIO alloc_flags=0x40 -> "
			  "NULL"), "trace: a freelist attempt that returned nothing says NULL");
	ok(t && strstr(t, "__alloc_pages_may_oom: order=0 high_zoneidx=Normal __GFP_NOFAIL=0 "
			  "PF_DUMPCORE=0 pm_suspended_storage=1 -> no OOM kill: no __GFP_FS"),
	   "trace: __alloc_pages_may_oom's inputs and decision");
	ok(t && strstr(t, "reason=oom_no_fs") && !strstr(t, "reason=6"),
	   "trace: progress reasons by name");
	ok(t && strstr(t, "should-retry: did_some_progress=0 pages_reclaimed=0 order=0 "
			  "__GFP_REPEAT=0 -> __alloc_pages_may_oom"), "trace: the should-retry inputs");
	free(t);
	/* A test of a GFP_KERNEL request that ends in an OOM kill. Expect out_of_memory's
	 * choice on a line, a freelist attempt that returned a page. */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\ntask B\noom_score_adj B 1000\nfill B\n"
		     "alloc A GFP_KERNEL order=0 -> h0\n", &res);
	ok(t && strstr(t, "out_of_memory: selected ") &&
	   strstr(t, "-> out_of_memory") && strstr(t, "get_page_from_freelist: order=0 gfp_flags="
							"GFP_KERNEL alloc_flags=0x4 -> pfn="),
	   "trace: out_of_memory's decision and a freelist attempt that got a page");
	free(t);
	/* A test of a mask with every flag set. Expect it printed whole (the last flag too). */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\nfill A\nalloc A 0x1effff0 order=0 -> h0\n",
		     &res);
	ok(t && strstr(t, "slowpath: enter task=A order=0 MAX_ORDER=5 gfp_flags=GFP_USER|") &&
	   strstr(strstr(t, "slowpath: enter task=A order=0"), "__GFP_WRITE task_flags="),
	   "trace: a mask with every flag is printed whole");
	free(t);
	/* A test of an order-3 GFP_ATOMIC request that fails with warnings on. Expect the
	 * page allocation failure counted as a pr_warn, no WARNING line. */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\nfill A\nalloc A GFP_ATOMIC order=3 -> h0\n",
		     &res);
	ok(t && strstr(t, "page allocation failure: order:3") &&
	   strstr(t, "warn_alloc_failed: counted (a pr_warn, not a WARN)") && !strstr(t, "WARNING"),
	   "trace: a page allocation failure is no WARNING");
	free(t);
	t = trace_of("pafuzz 1\ntask A\nalloc A GFP_ATOMIC|__GFP_NOFAIL order=12 -> h0\n", &res);
	ok(t && strstr(t, "WARNING: __alloc_pages_slowpath: WARN_ON_ONCE(order >= MAX_ORDER"),
	   "trace: the slowpath's WARN_ON_ONCE does read WARNING");
	free(t);
	/*
	 * A test of a fault that fires over a thousand times: reclaim finds every
	 * page of a file young, kswapd's and direct reclaim's passes alike (a
	 * loop of one fault a round would be proven a livelock at round 2).
	 * Expect the run line to count them all.
	 */
	t = trace_of("pafuzz 1\nlayout tiny\ntask A\nfault reclaim.referenced:times=-1\n"
		     "file 250 -> f0\nread A f0 0 250\n"
		     "alloc A GFP_KERNEL|__GFP_NOWARN order=0 -> h0\n", &res);
	ok(res.nr_fired > 64 && strstr(res.faults, " more") && !strstr(res.faults, "more+"),
	   "run line: %d faults fired, all counted: ...%s", res.nr_fired,
	   strstr(res.faults, " +") ? strstr(res.faults, " +") : res.faults);
	free(t);
}

static void parse_error(const char *text, const char *want);

/* Reads a whole file into a malloc'ed buffer; its length in *len.  NULL if it cannot. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	*len = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	if (!*len) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Tests of programs as large as a scenario needs and of the one-line shaping
 * operations in both forms.
 */
static void test_large_and_shaping(void)
{
	static struct prog a, b, c;
	static char text[1 << 18], err[512];
	static uint8_t bin[16384];
	struct runner *r = runner_new();
	struct run_result res;
	size_t n, pos = 0;

	/* A test of a text program of 3000 operations. Expect it to parse and run, and
	 * to have no binary form (at most 64 operations there), saying why. */
	pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "pafuzz 1\nlayout tiny\ntask A\n");
	for (int i = 0; i < 1500; i++)
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "alloc A GFP_KERNEL -> h%d\n", i);
	for (int i = 0; i < 1500; i++)
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos, "free h%d\n", i);
	ok(!prog_parse(text, pos, "big.pz", &a, err, sizeof(err)) && a.nr_ops == 3000,
	   "a 3000-operation text program parses (%d ops) %s", a.nr_ops, err);
	runner_run(r, &a, NULL, &res);
	ok(res.verdict == V_OK || res.verdict == V_WARNING, "and runs: %s %s",
	   verdict_name[res.verdict], res.sig);
	ok(!prog_fits_binary(&a, err, sizeof(err)) && strstr(err, "3000 operations: the binary "
								  "form holds at most 64"),
	   "it has no binary form: %s", err);
	/* A test of every shaping operation through text -> binary -> text. Expect the same
	 * program, and the printed text the same as the input. */
	{
		static const char src[] =
			"pafuzz 1\nlayout dma32\ncpus 2\ntask A\ntask B\nfill A\n"
			"release g0 every=8 keep=7\n"
			"fragment B zone=Normal every=4 keep=2 file -> f0\n"
			"fragment B zone=DMA32 node=1 every=16 keep=1 reclaimable -> g1\n"
			"fragment A pfn=0x200-0x3ff every=2 keep=1 anon -> v0\n"
			"pin B v0 every=16 keep=1\ngive g0\nalloc A GFP_KERNEL order=3 -> h0\n"
			"give h0\nyield_free 8\n";

		ok(!prog_parse(src, sizeof(src) - 1, "shape.pz", &a, err, sizeof(err)),
		   "the shaping operations parse %s", err);
		n = prog_encode(&a, bin, sizeof(bin));
		prog_decode(bin, n, &b);
		n = prog_print(&b, text, sizeof(text));
		ok(prog_fits_binary(&a, err, sizeof(err)) && prog_equal(&a, &b) &&
		   !strcmp(text, src), "fragment, release, pin every=, give, yield_free: text -> binary "
		   "-> text gives the same program and the same text");
		if (strcmp(text, src))
			diag("printed:\n%s", text);
		runner_run(r, &a, NULL, &res);
		ok(res.verdict == V_OK, "and it runs: %s %s", verdict_name[res.verdict], res.sig);
	}
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal every=4 sponge -> g0\n",
		    "case.pz:3:32: expected zone=NAME, pfn=START-END, every=N, keep=K or a kind");
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal file -> f0\n",
		    "fragment needs a range (zone= or pfn=), every=N and a kind");
	parse_error("pafuzz 1\ntask A\nfragment A pfn=9-3 every=2 file -> f0\n",
		    "expected pfn=START-END");
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal keep=5 every=4 anon -> v0\n",
		    "keep=5 is more than every=4");
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal every=4 anon -> g0\n",
		    "expected -> v0");
	parse_error("pafuzz 1\ntask A\nfill A\nrelease g0 every=0\n", "expected every (a number 1..4096)");
	parse_error("pafuzz 1\ntask A\ngive x3\n", "expected g<N> (a group) or h<N> (a handle)");
	/*
	 * A test that old binary inputs keep their meaning: the findings kept in binary
	 * form since before the shaping operations decode to the programs their text
	 * twins say, and kind bytes 250..253 and 255 still mean what they meant
	 * (mmap_file, pin, unpin, munmap; 255 a second spelling of pin), each
	 * after a file and a mapping for it to name (an operation that names no
	 * object is left out).
	 */
	{
		static const char *const names[] = { "nofail-null-nopage", "oom-retry-oom_no_fs",
						      "should-retry-repeat" };
		static const uint8_t kinds[] = { 250, 251, 252, 253, 255 };
		static const uint8_t want[] = { OP_MMAP_FILE, OP_PIN, OP_UNPIN, OP_MUNMAP, OP_PIN };
		int same = 0, kinds_ok = 0;

		for (unsigned i = 0; i < 3; i++) {
			char path[128];
			size_t len;
			char *bytes, *txt;

			snprintf(path, sizeof(path), "corpus/findings/%s.bin", names[i]);
			bytes = slurp(path, &len);
			snprintf(path, sizeof(path), "corpus/findings/%s.pz", names[i]);
			txt = slurp(path, &n);
			if (bytes && txt) {
				prog_decode((const uint8_t *)bytes, len, &b);
				same += !prog_parse(txt, n, path, &c, err, sizeof(err)) && prog_equal(&b, &c);
			}
			free(bytes);
			free(txt);
		}
		is(same, 3, "the findings' binary forms decode to their text forms (run from the "
		   "checkout)");
		for (unsigned i = 0; i < sizeof(kinds); i++) {
			/* file 8 -> f0, mmap_anon init 8 -> v0, then the kind with refs 0 */
			uint8_t in[] = { 0, 0, 0, 3, 0, 0, 19, 8, 0, 17, 0, 8, 0, kinds[i], 0 };

			prog_decode(in, sizeof(in), &b);
			kinds_ok += b.nr_ops == 3 && b.ops[2].kind == want[i];
		}
		is(kinds_ok, 5, "kind bytes 250..253 and 255 decode as before");
	}
	runner_free(r);
}

/* Decodes bytes; whether the program prints to text that parses back to itself. */
static bool decodes_to_text(const uint8_t *bytes, size_t len, struct prog *p)
{
	static struct prog q;
	static char text[1 << 16];
	char err[512];
	size_t n;

	prog_decode(bytes, len, p);
	n = prog_print(p, text, sizeof(text));
	if (n >= sizeof(text) || prog_parse(text, n, "decoded", &q, err, sizeof(err))) {
		diag("does not parse back: %s\n%s", err, text);
		return false;
	}
	return prog_equal(p, &q);
}

/*
 * Whether the trace of a run has a line that contains what: the program is
 * src, then (if not NULL) the operation extra, built by hand as the text form
 * refuses it.
 */
static bool trace_has(const char *src, const struct prog_op *extra, const char *what)
{
	static struct prog p;
	struct runner *r = runner_new();
	struct run_result res;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool has = false;

	if (r && f && !prog_parse(src, strlen(src), "gone.pz", &p, err, sizeof(err))) {
		if (extra)
			p.ops[p.nr_ops++] = *extra;
		runner_run(r, &p, f, &res);
		fclose(f);
		f = NULL;
		has = buf && strstr(buf, what);
	}
	if (f)
		fclose(f);
	free(buf);
	runner_free(r);
	return has;
}

/*
 * Tests of the references of the shaping operations (groups gN, give,
 * release, pin every=, the files and mappings fragment makes): the text
 * form refuses a reference to nothing and a use of what is gone, the binary
 * form leaves such operations out, as the runner would do nothing with them.
 */
static void test_group_refs(void)
{
	static struct prog p;
	char err[512] = "";
	int bad = 0;

	parse_error("pafuzz 1\ntask A\nrelease g0 every=2\n",
		    "case.pz:3:9: no group g0: no earlier line made a group");
	parse_error("pafuzz 1\ntask A\nfill A\ngive g1\n",
		    "case.pz:4:6: no group g1: the lines so far made g0..g0");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL -> h0\ngive g0\n",
		    "case.pz:4:6: no group g0: no earlier line made a group");
	parse_error("pafuzz 1\ntask A\ngive h0\n", "case.pz:3:6: no handle h0");
	parse_error("pafuzz 1\ntask A\npin A v0 every=4\n", "case.pz:3:7: no mapping v0");
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal every=2 file -> f0\n"
		    "fragment A zone=Normal every=2 movable -> g0\nread A f1 0 1\n",
		    "case.pz:5:8: no file f1: the lines so far made f0..f0");
	/* given, a handle is the other CPUs': the runner frees or gives it no more */
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL -> h0\ngive h0\nfree h0\n",
		    "case.pz:5:6: h0 is freed after line 4 gave it away");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL -> h0\nfree h0\ngive h0\n",
		    "case.pz:5:6: h0 is given after line 4 freed it");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL -> h0\ngive h0\ngive h0\n",
		    "case.pz:5:6: h0 is given twice (line 4 gave it away)");
	/* a group given away, or released with keep=0, is empty from then on */
	parse_error("pafuzz 1\ntask A\nfill A\ngive g0\ngive g0\n",
		    "case.pz:5:6: g0 is given twice (line 4 gave it away)");
	parse_error("pafuzz 1\ntask A\nfill A\ngive g0\nrelease g0 every=2\n",
		    "case.pz:5:9: g0 is released after line 4 gave it away");
	parse_error("pafuzz 1\ntask A\nfill A\nrelease g0 every=4 keep=0\nrelease g0 every=2\n",
		    "case.pz:5:9: g0 is released twice (line 4 released all of it)");
	parse_error("pafuzz 1\ntask A\nfragment A zone=Normal every=2 unmovable -> g0\n"
		    "release g0 every=4 keep=0\ngive g0\n",
		    "case.pz:5:6: g0 is given after line 4 released all of it");
	/* A test of every reference the shaping operations may make. Expect it accepted:
	 * partial releases leave a group to release again or give, fragment's file and
	 * mapping are named as fN and vN, and it runs. */
	{
		static const char src[] =
			"pafuzz 1\nlayout default\ntask A\nfill A -> g0\nrelease g0 every=8 keep=2\n"
			"release g0 every=16 keep=1\nfragment A zone=Normal every=4 unmovable -> g1\n"
			"fragment A zone=Normal every=4 file -> f0\nfragment A zone=DMA every=4 anon -> v0\n"
			"mmap_anon A 8 -> v1\nread A f0 0 1\npin A v0 every=2\npin A v1 every=2\n"
			"give g0\nrelease g1 every=2 keep=0\nalloc A GFP_KERNEL -> h0\ngive h0\n";
		struct runner *r = runner_new();
		struct run_result res;

		ok(!prog_parse(src, sizeof(src) - 1, "refs.pz", &p, err, sizeof(err)) && p.nr_ops == 14,
		   "every reference of the shaping operations is accepted %s", err);
		runner_run(r, &p, NULL, &res);
		ok(res.verdict == V_OK, "and the program runs: %s %s", verdict_name[res.verdict], res.sig);
		runner_free(r);
	}
	/* A test of what the runner does with the lines the text form refuses, built by
	 * hand. Expect nothing: a free of a handle given away frees no page, a group given
	 * away or released whole is empty for a later give or release. */
	{
		static const struct prog_op free_h0 = { .kind = OP_FREE, .ref = 0, .node = -1 };
		static const struct prog_op release_g0 = { .kind = OP_RELEASE, .ref = 0, .a = 1,
							   .node = -1 };
		static const struct prog_op give_g0 = { .kind = OP_GIVE, .ref = 0, .node = -1 };

		ok(trace_has("pafuzz 1\nlayout tiny\ntask A\nalloc A GFP_KERNEL -> h0\n", &free_h0,
			     "    2 op                           mm_page_free") &&
		   !trace_has("pafuzz 1\nlayout tiny\ntask A\nalloc A GFP_KERNEL -> h0\ngive h0\n",
			      &free_h0, "    3 op                           mm_page_free"),
		   "run: a free of a handle given away frees nothing (a free of one not given does)");
		ok(trace_has("pafuzz 1\nlayout tiny\ntask A\nfill A\ngive g0\n", &release_g0,
			     "0 pages freed; the group held 0 blocks") &&
		   trace_has("pafuzz 1\nlayout tiny\ntask A\nfill A\nrelease g0 every=1 keep=0\n",
			     &give_g0, "shape: give 0 blocks (0 pages)") &&
		   trace_has("pafuzz 1\nlayout tiny\ntask A\nfill A\n", &give_g0,
			     "shape: give 16 blocks (244 pages)"),
		   "run: a group given away or released whole is empty for a later line");
	}

	/* A test that decodes the new operations' references. Expect those that name
	 * nothing or what is gone left out, those that name what fragment made kept,
	 * and the rest to print to text that parses back. */
	{
		static const uint8_t refs[] = {
			0, 0, 0, 16, 0, 0,			/* default layout, task A, 16 ops */
			2, 1,					/* fill A -> g0 */
			254, 1, 0, 3, 0, 1, 0,			/* release g0 every=4 keep=1 */
			254, 1, 0, 3, 0, 0, 0,			/* release g0 every=4 keep=0: ends g0 */
			254, 3, 0, 0,				/* give g0: gone, left out */
			254, 1, 5, 3, 0, 1, 0,			/* release g5: no group, left out */
			0, 1, 0, 0, 1,				/* alloc A -> h0 */
			254, 3, 1, 0,				/* give h0 */
			1, 0,					/* free h0: given away, left out */
			254, 3, 1, 0,				/* give h0 again: left out */
			254, 0, 1, 3, 2, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0,	/* fragment file -> f0 */
			20, 1, 0, 0, 0, 1, 0,			/* read A f0 0 1: fragment's file */
			254, 0, 1, 4, 2, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0,	/* fragment anon -> v0 */
			254, 2, 1, 0, 1, 0, 1, 0,		/* pin A v0 every=2 keep=1 */
			254, 2, 1, 1, 1, 0, 1, 0,		/* pin A v1 every=2: no v1, left out */
			254, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0,	/* fragment unmovable -> g1 */
			254, 3, 0, 1,				/* give g1 */
		};
		static const uint8_t want[] = { OP_FILL, OP_RELEASE, OP_RELEASE, OP_ALLOC, OP_GIVE,
						OP_FRAGMENT, OP_READ, OP_FRAGMENT, OP_PIN_PATTERN,
						OP_FRAGMENT, OP_GIVE };
		static const uint8_t renumber[] = {
			0, 0, 0, 3, 0, 0,
			250, 1, 0, 0, 0, 8, 0,			/* mmap_file A f0 0 8: no f0, no v0 */
			254, 0, 1, 4, 2, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0,	/* fragment anon (v1 decoded) */
			254, 2, 1, 1, 1, 0, 1, 0,		/* pin A v1 every=2: the fragment's */
		};
		bool same = decodes_to_text(refs, sizeof(refs), &p) &&
			    p.nr_ops == (int)sizeof(want);

		for (int i = 0; same && i < p.nr_ops; i++)
			same = p.ops[i].kind == want[i];
		ok(same && p.ops[6].ref == 0 && p.ops[8].ref == 0 && p.ops[10].ref == 1,
		   "decoding leaves out give, release, free and pin of nothing or of what is gone, "
		   "keeps what names fragment's objects (%d ops)", p.nr_ops);
		ok(decodes_to_text(renumber, sizeof(renumber), &p) && p.nr_ops == 2 &&
		   p.ops[1].kind == OP_PIN_PATTERN && p.ops[1].ref == 0,
		   "decoding renumbers a pin every= after a dropped mmap_file to the fragment's mapping");
	}
	/* A test that decodes 20000 random byte strings rich in kind byte 254 (the shaping
	 * operations). Expect each to print to text that parses back to it. */
	for (int i = 0; i < 20000; i++) {
		static uint8_t buf[256];
		size_t len = 6 + rnd8() % 200;

		for (size_t k = 0; k < len; k++)
			buf[k] = k >= 6 && rnd8() < 80 ? 254 : rnd8();
		buf[3] = (uint8_t)(buf[3] | 32);	/* plenty of operations */
		if (!decodes_to_text(buf, len, &p) && bad++ > 3)
			break;
	}
	is(bad, 0, "20000 inputs rich in shaping operations decode to text that parses back");
}

/*
 * An expect line holds a signature as long as a run gives (191 characters),
 * all of it compared, through both forms; one character more is refused
 * where it starts instead of being cut to a shorter prefix that asks less.
 */
static void test_expect_whole_signature(void)
{
	static struct prog p, q;
	static char text[1024];
	char sig[PROG_SIG_MAX + 2], err[256];
	struct run_result res;
	uint8_t enc[4096];
	size_t n;

	memset(sig, 'x', PROG_SIG_MAX);
	memcpy(sig, "livelock@", 9);
	sig[PROG_SIG_MAX] = 0;
	snprintf(text, sizeof(text), "pafuzz 1\ntask A\nexpect livelock %s\n", sig);
	ok(!prog_parse(text, strlen(text), "case.pz", &p, err, sizeof(err)) && strlen(p.expect[0].sig) == PROG_SIG_MAX,
	   "an expect signature of %d characters is kept whole", PROG_SIG_MAX);
	n = prog_encode(&p, enc, sizeof(enc));
	prog_decode(enc, n, &q);
	ok(prog_equal(&p, &q), "and comes back whole from the binary form");
	memset(&res, 0, sizeof(res));
	res.verdict = V_LIVELOCK;
	snprintf(res.sig, sizeof(res.sig), "%s", sig);
	res.sig[PROG_SIG_MAX - 1] = 'y';
	ok(!runner_expect_line_met(&p.expect[0], &res),
	   "a signature that differs in its last character does not meet it");
	res.sig[PROG_SIG_MAX - 1] = 'x';
	ok(runner_expect_line_met(&p.expect[0], &res), "the same signature meets it");
	sig[PROG_SIG_MAX] = 'x';
	sig[PROG_SIG_MAX + 1] = 0;
	snprintf(text, sizeof(text), "pafuzz 1\ntask A\nexpect livelock %s\n", sig);
	parse_error(text, "case.pz:3:17: expected a signature of at most 191 characters");
}

static void parse_error(const char *text, const char *want)
{
	static struct prog p;
	char err[512] = "";
	int rc = prog_parse(text, strlen(text), "case.pz", &p, err, sizeof(err));

	ok(rc == -1 && strstr(err, want), "parse error '%s' (got: %s)", want, err);
}

/*
 * The work budget: a run whose rounds multiply work (here a GFP_NOFS request
 * on the tiny layout, every answer 44) ends as retry-storm@work and says so in
 * run_result.over_work, and the fuzz targets keep no such input in the corpus
 * (fuzz_keep answers -1, also when only the diff target's second run ended
 * there); a run that ends where its program ends is kept (0).
 */
static void test_work_budget(void)
{
	static const char storm[] =
		"pafuzz 1\nlayout tiny\ncpus 2\ntask A\nfile 324 -> f0\n"
		"mmap_file A f0 0 2000 -> v0\ntouch init v0 33 779 write\n"
		"alloc init GFP_NOFS order=0 node=1 -> h0\nanswer 44\nrepeat 1\n";
	static const char calm[] =
		"pafuzz 1\nlayout tiny\ntask A\nalloc A GFP_KERNEL order=0 -> h0\nfree h0\n";
	static struct prog p;
	struct run_result a, b;
	struct runner *r = runner_new();
	char err[512];

	if (prog_parse(storm, sizeof(storm) - 1, "storm.pz", &p, err, sizeof(err))) {
		ok(0, "the work-budget program parses: %s", err);
		runner_free(r);
		return;
	}
	runner_trace_hash(r, false);
	runner_run(r, &p, NULL, &a);
	ok(a.verdict == V_RETRY_STORM && !strncmp(a.sig, "retry-storm@work:", 17),
	   "a run that multiplies work ends at the work budget (%s)", a.sig);
	ok(a.over_work, "its result says it ended at the work budget");
	is(fuzz_keep(&a, NULL), -1, "the fuzz targets keep no input that ended at the work budget");
	if (prog_parse(calm, sizeof(calm) - 1, "calm.pz", &p, err, sizeof(err))) {
		ok(0, "the calm program parses: %s", err);
		runner_free(r);
		return;
	}
	runner_run(r, &p, NULL, &b);
	ok(b.verdict == V_OK && !b.over_work, "a run that ends with its program did not (%s)",
	   verdict_name[b.verdict]);
	is(fuzz_keep(&b, NULL), 0, "an input whose run ended with its program may be kept");
	is(fuzz_keep(&b, &a), -1, "the diff target drops an input when either run ended at the budget");
	runner_free(r);
}

/*
 * Settled choices (choice_settle): once a program's answers run out, the
 * model answers the defaults itself.  Under a fault layer the ids its
 * schedules ask never settle (the layer counts each of their questions); the
 * others do.  Two tests over every regression case without fault lines:
 * - a fault that never fires (alloc.entry at its default probability 0)
 *   changes no answer: the same run, trace hash included, with and without it;
 * - a fault that fires at every third question of its point, unlimited, gives
 *   the same run with settling and without (runner_settle off), so no
 *   question of its point went past the layer.
 */
static void test_settled_pair(const char *fault, bool plain_has_none, const char *what)
{
	static struct prog p;
	struct runner *plain = runner_new(), *layered = runner_new();
	int n = 0, same = 0, fired = 0;
	glob_t g;
	char err[512];

	/* plain: no layer at all, or the same layer with settling off */
	if (!plain_has_none)
		runner_settle(plain, false);
	if ((!plain_has_none && runner_add_fault(plain, fault, err, sizeof(err))) ||
	    runner_add_fault(layered, fault, err, sizeof(err)) || glob("regress/*.pz", 0, NULL, &g)) {
		ok(0, "settled answers: setup (%s)", err);
		runner_free(plain);
		runner_free(layered);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct run_result a, b;
		size_t len;
		char *txt = slurp(g.gl_pathv[i], &len);

		if (txt && !prog_parse(txt, len, g.gl_pathv[i], &p, err, sizeof(err)) && !p.nr_faults) {
			runner_run(plain, &p, NULL, &a);
			runner_run(layered, &p, NULL, &b);
			n++;
			fired += b.nr_fired > 0;
			if (a.verdict == b.verdict && !strcmp(a.sig, b.sig) && a.trace_hash == b.trace_hash)
				same++;
			else
				diag("%s: %s %016llx one way, %s %016llx the other", g.gl_pathv[i],
				     a.sig, (unsigned long long)a.trace_hash, b.sig,
				     (unsigned long long)b.trace_hash);
		}
		free(txt);
	}
	globfree(&g);
	ok(n >= 50 && same == n && (plain_has_none ? fired == 0 : fired >= n / 2),
	   "settled answers are the answerer's (%s): %d of %d regression cases run the same, "
	   "%d with a fault fired", what, same, n, fired);
	runner_free(plain);
	runner_free(layered);
}

static void test_settled_answers(void)
{
	test_settled_pair("alloc.entry", true, "a fault layer that never fires");
	test_settled_pair("alloc.entry:probability=100,interval=3,times=-1", false,
			  "every third alloc.entry failed, settling off in one");
}

int main(void)
{
	static uint8_t buf[4096], enc[16384];
	static char text[65536];
	static struct prog p, q, r2;
	int bad_rt = 0, bad_parse = 0;

	/* A test that decodes 20000 random byte strings of random lengths. Expect each
	 * to print, parse back and re-encode to the same program. */
	for (int i = 0; i < 20000; i++) {
		size_t len = rnd8() % 200, n;
		char err[512];

		for (size_t k = 0; k < len; k++)
			buf[k] = rnd8();
		prog_decode(buf, len, &p);
		n = prog_print(&p, text, sizeof(text));
		if (n >= sizeof(text) || prog_parse(text, n, "rt", &q, err, sizeof(err))) {
			if (bad_parse++ < 3)
				diag("does not parse back: %s\n%s", err, text);
			continue;
		}
		n = prog_encode(&q, enc, sizeof(enc));
		prog_decode(enc, n, &r2);
		if (!prog_equal(&p, &q) || !prog_equal(&p, &r2)) {
			if (bad_rt++ < 3)
				diag("round trip differs:\n%s", text);
		}
	}
	is(bad_parse, 0, "every decoded program prints to text that parses");
	test_trace_lines();
	test_large_and_shaping();
	test_group_refs();
	test_work_budget();
	test_settled_answers();
	test_expect_whole_signature();
	is(bad_rt, 0, "binary -> text -> binary gives the same program (20000 inputs)");

	/* Parse errors: file, line, column and what was expected. */
	parse_error("task A\n", "case.pz:1:1: expected the version line 'pafuzz 1'");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNAL order=0\n", "case.pz:3:9: expected a gfp mask");
	parse_error("pafuzz 1\ntask A\nalloc B GFP_KERNEL\n", "case.pz:3:7: expected a task declared");
	parse_error("pafuzz 1\nlayout huge\n", "case.pz:2:8: unknown layout 'huge'");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL order=99\n", "expected order (a number 0..12)");
	/* found by fuzz_text: bytes the binary form cannot carry are refused, not changed */
	parse_error("pafuzz 1\ntask A\nexpect livelock e\002\n", "case.pz:3:18: unexpected control byte 0x02");
	parse_error("pafuzz 1\ntask A\nexpect livelock ?A\377\n",
		    "case.pz:3:19: expected a signature of printable ASCII");
	parse_error("pafuzz 1\ntask A\nmmap_file A v0 0 8 -> v0\n", "case.pz:3:13: expected f<N>");
	parse_error("pafuzz 1\nanswer writeback=sometimes\n", "unknown outcome 'sometimes' of choice writeback");
	parse_error("pafuzz 1\nexpect lockup\n", "case.pz:2:8: expected a verdict");
	parse_error("pafuzz 1\ntask A\nfree x1\n", "expected h<N>");
	parse_error("pafuzz 1\nbogus\n", "case.pz:2:1: expected an operation or a header line, got 'bogus'");
	parse_error("pafuzz 1\nrepeat 3\n", "case.pz:2:1: repeat 3 but only 0 answers");
	parse_error("pafuzz 1\nconfig CONFIG_SMP=y\n", "case.pz:2:8: expected CONFIG_NUMA=y|n");
	parse_error("pafuzz 1\nlayout numa\nconfig CONFIG_NUMA=n\n",
		    "CONFIG_NUMA=n needs a one-node layout, not numa");
	/* A test of the config line through both forms. Expect the options back as set. */
	{
		static const char src[] = "pafuzz 1\nlayout tiny\nconfig CONFIG_NUMA=n CONFIG_CMA=y\n"
					  "config CONFIG_COMPACTION=n\ntask A\n";
		char err[256];
		size_t n;
		struct model_config c;

		ok(!prog_parse(src, sizeof(src) - 1, "cfg.pz", &p, err, sizeof(err)), "config parses");
		n = prog_encode(&p, enc, sizeof(enc));
		prog_decode(enc, n, &q);
		prog_print(&q, text, sizeof(text));
		ok(prog_equal(&p, &q) && strstr(text, "config CONFIG_NUMA=n CONFIG_COMPACTION=n "
						      "CONFIG_CMA=y\n"),
		   "config: text -> binary -> text keeps the options");
		memset(&c, 0, sizeof(c));
		prog_model_config(&q, &c);
		ok(!c.numa && !c.compaction && c.cma, "config: the model is built with them");
	}
	/* a reference names an object an earlier line made; a handle is freed once */
	parse_error("pafuzz 1\ntask A\nfree h0\n", "case.pz:3:6: no handle h0: no earlier line made a handle");
	parse_error("pafuzz 1\ntask A\nalloc A GFP_KERNEL -> h0\nfree h0\nfree h0\n",
		    "case.pz:5:6: h0 is freed twice (line 4 freed it)");
	parse_error("pafuzz 1\nfile 8 -> f0\nsync f1\n", "case.pz:3:6: no file f1: the lines so far made f0..f0");
	parse_error("pafuzz 1\ntask A\nmunmap A v0\n", "case.pz:3:10: no mapping v0");

	/* A test that decodes a binary program whose free names no handle, then whose
	 * mmap_file names no file.  Expect both left out (they do nothing when run), and
	 * the touch after the second to name the mapping made after the dropped one. */
	{
		static const uint8_t dangling[] = {
			0, 0, 0, 2, 0, 0,	/* layout, cpus, tasks, 2 ops, repeat, budget */
			1, 7,			/* free h7 */
			0, 1, 0, 0, 1,		/* alloc A GFP_KERNEL order=0 */
		};
		static const uint8_t renumber[] = {
			0, 0, 0, 3, 0, 0,
			250, 1, 0, 0, 0, 8, 0,	/* mmap_file A f0 0 8: no f0, no v0 */
			17, 1, 4, 0,		/* mmap_anon A 4 -> v0 (v1 as decoded) */
			18, 1, 1, 0, 0, 4, 0, 1,	/* touch A v1 0 4 write: the anonymous one */
		};

		prog_decode(dangling, sizeof(dangling), &p);
		ok(p.nr_ops == 1 && p.ops[0].kind == OP_ALLOC, "decoding leaves out a free of no handle");
		prog_decode(renumber, sizeof(renumber), &p);
		ok(p.nr_ops == 2 && p.ops[0].kind == OP_MMAP_ANON && p.ops[1].kind == OP_TOUCH &&
		   p.ops[1].ref == 0, "decoding leaves out an mmap_file of no file, renumbers the touch");
	}

	/* A test that runs one program twice, on one runner and on a fresh one. Expect the
	 * same verdict and trace hash each time: runs are pure functions of the input. */
	{
		const char *src = "pafuzz 1\nlayout small\ntask A\ntask B\nalloc A GFP_KERNEL order=2 -> h0\n"
				  "fill B\nalloc A GFP_NOFS|__GFP_NORETRY order=0 -> h1\nfree h0\n"
				  "alloc B GFP_KERNEL order=0 -> h2\nanswer yield=alloc\nanswer 3\n";
		struct runner *ra = runner_new(), *rb = runner_new();
		struct run_result x, y, z;
		char err[512];

		ok(!prog_parse(src, strlen(src), "det", &p, err, sizeof(err)), "determinism program parses");
		runner_run(ra, &p, NULL, &x);
		runner_run(ra, &p, NULL, &y);
		runner_run(rb, &p, NULL, &z);
		ok(x.trace_hash == y.trace_hash && x.trace_hash == z.trace_hash && x.verdict == z.verdict,
		   "same input, same run: %016llx", (unsigned long long)x.trace_hash);
		runner_free(ra);
		runner_free(rb);
	}

	/* A test that runs 300 random programs under the runner: nothing may crash, and each
	 * replays to the same hash. */
	{
		struct runner *ra = runner_new();
		int mismatch = 0;

		for (int i = 0; i < 300; i++) {
			size_t len = 8 + rnd8() % 120;
			struct run_result x, y;

			for (size_t k = 0; k < len; k++)
				buf[k] = rnd8();
			buf[0] = (uint8_t)(buf[0] % 7);	/* keep the 1 GiB layout out of this quick test */
			if (buf[0] == 7)
				buf[0] = 0;
			prog_decode(buf, len, &p);
			runner_run(ra, &p, NULL, &x);
			runner_run(ra, &p, NULL, &y);
			mismatch += x.trace_hash != y.trace_hash || x.verdict != y.verdict;
		}
		is(mismatch, 0, "300 random programs replay to the same verdict and hash");
		runner_free(ra);
	}
	/*
	 * A test that replays a GFP_NOFS request on a full zone with the zones table on.
	 * Expect a header naming the zone and its watermarks, one row per trace event,
	 * the free pages of the first row the zone's managed pages, a reclaim event
	 * among the rows, the same trace hash as without the table, and the run's steps
	 * to include retry, direct reclaim and the OOM path.
	 */
	{
		static const char src[] = "pafuzz 1\nlayout tiny\ntask A\nfill A\n"
			"file 64 -> f0\nalloc A GFP_NOFS order=0 -> h0\n";
		struct runner *ra = runner_new();
		struct run_result x, y;
		char err[256], *zbuf = NULL, line[512];
		size_t zlen = 0;
		FILE *f = open_memstream(&zbuf, &zlen);
		unsigned long rows = 0, first_free = 0;
		bool header = false, reclaim = false;

		if (!ok(!prog_parse(src, sizeof(src) - 1, "zones.pz", &p, err, sizeof(err)) && f,
			"zones test program parses: %s", err))
			return done_testing();
		runner_run(ra, &p, NULL, &x);
		runner_trace_zones(ra, true);
		runner_run(ra, &p, f, &y);
		fclose(f);
		f = fmemopen(zbuf, zlen, "r");
		while (f && fgets(line, sizeof(line), f)) {
			unsigned long ev, op, free_pages;
			char label[64], class[32];

			if (!strncmp(line, "# zone 0/Normal managed=256 min=", 32))
				header = true;
			else if (sscanf(line, "%lu\t%lu\t%63s\t%31s\t%lu", &ev, &op, label, class,
					&free_pages) == 5) {
				if (!rows++)
					first_free = free_pages;
				reclaim |= !strcmp(class, "reclaim");
			}
		}
		if (f)
			fclose(f);
		free(zbuf);
		ok(header, "--zones: the header names the zone with its watermarks");
		is(rows, y.nr_events, "--zones: one row per trace event (%lu)", rows);
		is(first_free, 256, "--zones: the first row shows the zone's free pages");
		ok(reclaim, "--zones: direct reclaim is marked");
		ok(x.trace_hash == y.trace_hash, "--zones: the run is the same run (hash %016llx)",
		   (unsigned long long)y.trace_hash);
		ok((x.steps & (1u << L_RETRY)) && (x.steps & (1u << L_RECLAIM)) &&
		   (x.steps & (1u << L_MAY_OOM)) && !(x.steps & (1u << L_HIGH_PRIORITY)),
		   "steps: retry, direct reclaim and the OOM path, not the no-watermark path (%#x)",
		   x.steps);
		runner_free(ra);
	}

	/* A test of sig_match: pieces in order, the last one ending the signature unless
	 * the pattern ends with '*' (a loop's reasons, then another reason, is new). */
	ok(sig_match("*@retry:*oom-retry:*oom_lock_busy",
		     "livelock@retry:x>oom-retry:oom_no_fs,oom_lock_busy"),
	   "sig_match: the last piece at the end matches");
	ok(!sig_match("*@retry:*oom-retry:*oom_lock_busy",
		      "livelock@retry:x>oom-retry:oom_lock_busy,reclaimed"),
	   "sig_match: a reason after the last piece does not");
	ok(sig_match("warning:oom-panic@*", "warning:oom-panic@__alloc_pages_may_oom") &&
	   !sig_match("warning:oom-panic@", "warning:oom-panic@__alloc_pages_may_oom"),
	   "sig_match: a trailing '*' makes a prefix, none an end");
	ok(sig_match("*", "livelock@x") && !sig_match("ab*b", "ab") && sig_match("a*b", "ab"),
	   "sig_match: '*' alone, and pieces that may not overlap");

	/* A test of PAFUZZ_SUPPRESS files: a pattern suppresses what it names and only that;
	 * a pattern too long to keep whole is refused, not cut short (it would match more). */
	{
		char path[] = "/tmp/pafuzz-known-XXXXXX", longpat[300];
		int fd = mkstemp(path);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

		ok(f != NULL, "suppress: a temporary file");
		if (f) {
			fprintf(f, "# known\nlivelock@retry*oom_no_fs   # the seed's GFP_NOFS loop\n");
			fclose(f);
			setenv("PAFUZZ_SUPPRESS", path, 1);
			is(known_init(), 0, "suppress: a file of patterns loads");
			ok(known_finding("livelock@retry:retry>__alloc_pages_may_oom>oom-retry:oom_no_fs",
					 (const uint8_t *)"x", 1),
			   "suppress: the pattern's signature is known");
			ok(!known_finding("gfp-contract:nofail-null@nopage", (const uint8_t *)"x", 1),
			   "suppress: another signature is not");
			memset(longpat, 'a', sizeof(longpat) - 1);
			longpat[sizeof(longpat) - 1] = 0;
			f = fopen(path, "w");
			if (f) {
				fprintf(f, "ok\n%s\n", longpat);
				fclose(f);
			}
			is(known_init(), -1, "suppress: a %zu-character pattern is refused",
			   strlen(longpat));
			unlink(path);
			unsetenv("PAFUZZ_SUPPRESS");
			known_init();
		}
	}
	/* what the fuzz targets report as a crash: every verdict but ok, warning, oom-overkill */
	for (int v = 0; v < NR_VERDICTS; v++) {
		struct run_result res;
		bool want = v != V_OK && v != V_WARNING && v != V_OOM_OVERKILL;

		memset(&res, 0, sizeof(res));
		res.verdict = (enum verdict_kind)v;
		is(run_is_finding(&res), want, "run_is_finding(%s) is %s", verdict_name[v],
		   want ? "true" : "false");
	}
	/*
	 * The diff target's structure-aware mutation: the result decodes to the same
	 * program but for one operation (one field changed, one repeated, or one
	 * dropped with the operations that used what it made, as prog_remove_op
	 * drops them); patches, answers and faults are kept.
	 */
	{
		static const char mtext[] = "pafuzz 1\nlayout tiny\npatch oom-reaper\ntask A\n"
			"file 64 -> f0\nread A f0 0 4\nalloc A GFP_KERNEL order=4 -> h0\n"
			"fault compact.migrate:mode=ebusy,times=-1\nanswer 3\n";
		static struct prog mp, mq;
		uint8_t mbuf[4096];
		char merr[256];
		int bad = 0, changed = 0;

		prog_parse(mtext, sizeof(mtext) - 1, "m.pz", &mp, merr, sizeof(merr));
		for (unsigned seed = 0; seed < 300; seed++) {
			size_t n = prog_encode(&mp, mbuf, sizeof(mbuf)), m;
			int diff = 0;

			m = prog_mutate_op(mbuf, n, sizeof(mbuf), seed);
			prog_decode(mbuf, m, &mq);
			if (!m || mq.patches != mp.patches || mq.nr_answers != mp.nr_answers ||
			    mq.nr_faults != mp.nr_faults || mq.nr_ops > mp.nr_ops + 1) {
				bad++;
				continue;
			}
			if (mq.nr_ops == mp.nr_ops) {
				for (int i = 0; i < mp.nr_ops; i++)
					diff += memcmp(&mp.ops[i], &mq.ops[i], sizeof(mp.ops[i])) != 0;
			} else {
				/* one repeated (mq less one is mp), or one dropped (mp less one is mq) */
				bool one = false;

				for (int i = 0; i < mp.nr_ops + 1 && !one; i++) {
					static struct prog x;
					const struct prog *big = mq.nr_ops > mp.nr_ops ? &mq : &mp;
					const struct prog *small = big == &mq ? &mp : &mq;

					if (i >= big->nr_ops)
						break;
					x = *big;
					if (big == &mq) {
						memmove(&x.ops[i], &x.ops[i + 1],
							sizeof(x.ops[0]) * (size_t)(x.nr_ops - i - 1));
						x.nr_ops--;
					} else {
						prog_remove_op(&x, i);
					}
					one = x.nr_ops == small->nr_ops &&
					      !memcmp(x.ops, small->ops, sizeof(x.ops[0]) * (size_t)x.nr_ops);
				}
				diff = one ? 1 : 2;
			}
			bad += diff > 1;
			changed += diff == 1;
		}
		is(bad, 0, "prog_mutate_op: 300 seeds, each result one operation away, the rest kept");
		ok(changed > 100, "prog_mutate_op: a third of the seeds or more change an operation (%d of 300)", changed);
	}
	return done_testing();
}
