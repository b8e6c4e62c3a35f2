// SPDX-License-Identifier: GPL-2.0
/*
 * test_prog.c - the program forms and the runner: any bytes decode; binary ->
 * text -> binary gives the same program; parse errors name file, line and
 * column; the same input gives the same trace hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../core/tests/tap.h"
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

static void parse_error(const char *text, const char *want)
{
	struct prog p;
	char err[512] = "";
	int rc = prog_parse(text, strlen(text), "case.pz", &p, err, sizeof(err));

	ok(rc == -1 && strstr(err, want), "parse error '%s' (got: %s)", want, err);
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
	parse_error("pafuzz 1\nrepeat 3\n", "repeat 3 but only 0 answers");

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
	 * program but for one operation (one field changed, or one dropped or repeated);
	 * patches, answers and faults are kept.
	 */
	{
		static const char text[] = "pafuzz 1\nlayout tiny\npatch oom-reaper\ntask A\n"
			"file 64 -> f0\nread A f0 0 4\nalloc A GFP_KERNEL order=4 -> h0\n"
			"fault compact.migrate:mode=ebusy,times=-1\nanswer 3\n";
		static struct prog mp, mq;
		uint8_t mbuf[4096];
		char merr[256];
		int bad = 0, changed = 0;

		prog_parse(text, sizeof(text) - 1, "m.pz", &mp, merr, sizeof(merr));
		for (unsigned seed = 0; seed < 300; seed++) {
			size_t n = prog_encode(&mp, mbuf, sizeof(mbuf)), m;
			int diff = 0;

			m = prog_mutate_op(mbuf, n, sizeof(mbuf), seed);
			prog_decode(mbuf, m, &mq);
			if (!m || mq.patches != mp.patches || mq.nr_answers != mp.nr_answers ||
			    mq.nr_faults != mp.nr_faults || abs(mq.nr_ops - mp.nr_ops) > 1) {
				bad++;
				continue;
			}
			if (mq.nr_ops == mp.nr_ops)
				for (int i = 0; i < mp.nr_ops; i++)
					diff += memcmp(&mp.ops[i], &mq.ops[i], sizeof(mp.ops[i])) != 0;
			bad += diff > 1;
			changed += diff == 1 || mq.nr_ops != mp.nr_ops;
		}
		is(bad, 0, "prog_mutate_op: 300 seeds, each result one operation away, the rest kept");
		ok(changed > 100, "prog_mutate_op: a third of the seeds or more change an operation (%d of 300)", changed);
	}
	return done_testing();
}
