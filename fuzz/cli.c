// SPDX-License-Identifier: GPL-2.0
/*
 * cli.c - the pafuzz command: run, replay, convert, minimize, explain, faults,
 * layouts, choices, fuzz.  One table (commands[]) describes every command and
 * its options: it drives the parsing and the --help texts.  Exit status: 0 ok,
 * 1 a finding (or an expect line not met), 2 bad input or bad usage (and
 * nothing else for those); 3 when a sanitizer caught pafuzz itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../fault/fault.h"
#include "diff.h"
#include "finding.h"
#include "runner.h"

#define PAFUZZ_VERSION	"1.0"

enum { EXIT_OK, EXIT_FINDING, EXIT_USAGE };

/*
 * A sanitizer report means pafuzz itself is broken: exit 3, never 1 (a
 * finding) or 2 (bad input).  ASAN_OPTIONS and the like still override it.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);
const char *__msan_default_options(void);
const char *__asan_default_options(void) { return "exitcode=3"; }
const char *__ubsan_default_options(void) { return "exitcode=3"; }
const char *__lsan_default_options(void) { return "exitcode=3"; }
const char *__msan_default_options(void) { return "exitcode=3"; }

/* ---- the table ------------------------------------------------------------- */

struct opt_def {
	const char *name;	/* --name */
	char short_name;	/* -x, or 0 */
	const char *arg;	/* the value's name in --help; NULL: a flag */
	bool repeat;		/* may be given more than once */
	const char *help;
};

struct args;

struct cmd_def {
	const char *name;
	const char *synopsis;	/* the positional arguments */
	int min_pos, max_pos;	/* max_pos -1: any number */
	const char *summary;	/* one line for pafuzz --help */
	const char *help;	/* for pafuzz CMD --help */
	const struct opt_def *opts;	/* ends with a NULL name */
	int (*fn)(struct args *a);
};

/* What the command line gave: positional arguments, then options in order. */
struct args {
	const struct cmd_def *cmd;
	const char *argv0;
	int nr_pos, nr_given;
	const char **pos;
	struct given {
		const struct opt_def *opt;
		const char *value;
	} *given;
};

#define OPT_FAULT { "fault", 0, "SPEC", true, \
	"a fault schedule for every run, e.g.\n" \
	"compact.migrate:probability=30,times=5 (pafuzz faults\n" \
	"lists the points; also PAFUZZ_FAULTS=\"SPEC;SPEC\")" }
#define OPT_TARGET { "target", 0, "T", false, \
	"read the program as fuzz target T (slowpath, buddy,\n" \
	"text or diff) runs it: buddy keeps what the buddy\n" \
	"target runs; default PAFUZZ_TARGET, else slowpath (all\n" \
	"of it; diff reads it as slowpath does).  Named, slowpath\n" \
	"and buddy refuse programs naming patches, as the targets do" }
#define OPT_FORCE { "force", 'f', NULL, false, "replace OUT if it exists" }
#define OPT_HELP { "help", 'h', NULL, false, "this help" }
#define OPT_END { NULL, 0, NULL, false, NULL }

static const char *label = "pafuzz";	/* the prefix of every message */

static void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", label);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct opt_def *find_opt(const struct cmd_def *c, const char *name, size_t n, char s)
{
	for (const struct opt_def *o = c->opts; o->name; o++)
		if (s ? o->short_name == s : strlen(o->name) == n && !strncmp(o->name, name, n))
			return o;
	return NULL;
}

/*
 * Parses argv[2..] for command c: options anywhere ("--" ends them), --name
 * VALUE or --name=VALUE, -x VALUE or -xVALUE.  0, or -1 with the message
 * printed: an unknown option, a missing value, a value for a flag, an option
 * given twice that takes one value, the wrong number of arguments.
 */
static int parse_args(const struct cmd_def *c, int argc, char **argv, struct args *a)
{
	bool only_pos = false, help = false;

	a->cmd = c;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		const struct opt_def *o;

		if (only_pos || arg[0] != '-' || !arg[1]) {
			a->pos[a->nr_pos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = true;
			continue;
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');

			o = find_opt(c, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2), 0);
			if (!o) {
				error("unknown option '%.*s' (see pafuzz %s --help)",
				      eq ? (int)(eq - arg) : (int)strlen(arg), arg, c->name);
				return -1;
			}
			if (eq && !o->arg) {
				error("--%s takes no value", o->name);
				return -1;
			}
			value = eq ? eq + 1 : NULL;
		} else {
			o = find_opt(c, NULL, 0, arg[1]);
			if (!o) {
				error("unknown option '-%c' (see pafuzz %s --help)", arg[1], c->name);
				return -1;
			}
			if (arg[2] && !o->arg) {
				error("-%c takes no value, got '%s'", arg[1], arg);
				return -1;
			}
			value = arg[2] ? arg + 2 : NULL;
		}
		if (o->arg && !value) {
			if (i + 1 >= argc) {
				error("%s needs a value (%s)", arg, o->arg);
				return -1;
			}
			value = argv[++i];
		}
		if (!o->repeat)
			for (int k = 0; k < a->nr_given; k++)
				if (a->given[k].opt == o) {
					error("--%s given twice", o->name);
					return -1;
				}
		if (!strcmp(o->name, "help"))
			help = true;
		a->given[a->nr_given].opt = o;
		a->given[a->nr_given++].value = value;
	}
	if (help)
		return 0;
	if (a->nr_pos < c->min_pos || (c->max_pos >= 0 && a->nr_pos > c->max_pos)) {
		if (c->max_pos == 0)
			error("takes no arguments, got '%s' (see pafuzz %s --help)", a->pos[0], c->name);
		else
			error("expected %s, got %d argument%s (see pafuzz %s --help)", c->synopsis,
			      a->nr_pos, a->nr_pos == 1 ? "" : "s", c->name);
		return -1;
	}
	return 0;
}

static bool has(const struct args *a, const char *name)
{
	for (int k = 0; k < a->nr_given; k++)
		if (!strcmp(a->given[k].opt->name, name))
			return true;
	return false;
}

static const char *value_of(const struct args *a, const char *name)
{
	for (int k = 0; k < a->nr_given; k++)
		if (!strcmp(a->given[k].opt->name, name))
			return a->given[k].value;
	return NULL;
}

static void print_cmd_help(const struct cmd_def *c)
{
	printf("usage: pafuzz %s [OPTIONS]%s%s\n%s\noptions:\n", c->name, c->synopsis[0] ? " " : "",
	       c->synopsis, c->help);
	for (const struct opt_def *o = c->opts; o->name; o++) {
		char head[64];
		const char *h = o->help;

		if (o->short_name)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(head, sizeof(head), "--%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		/* one help line per line of the text, the first beside the option */
		printf("  %-22s", head);
		while (*h) {
			size_t n = strcspn(h, "\n");

			printf(" %.*s\n", (int)n, h);
			h += n;
			if (*h)
				printf("  %-22s", ""), h++;
		}
	}
}

/* ---- what the commands share ----------------------------------------------- */

/* --target, else PAFUZZ_TARGET (what make fuzz sets for its scripts); NULL if neither names one. */
static const char *named_target(const struct args *a)
{
	const char *t = value_of(a, "target");

	if (t)
		return t;
	t = getenv("PAFUZZ_TARGET");
	return t && *t ? t : NULL;
}

/* The target a program is read as: the one named, else slowpath. */
static const char *target_name(const struct args *a)
{
	const char *t = named_target(a);

	return t ? t : "slowpath";
}

/* diff reads its inputs as slowpath does (fuzz_diff.c), then runs them twice */
static bool target_ok(const char *t)
{
	return !strcmp(t, "slowpath") || !strcmp(t, "buddy") || !strcmp(t, "text") ||
	       !strcmp(t, "diff");
}

/* The environment and --target a command that reads programs depends on; 0 or -1. */
static int check_setup(const struct args *a)
{
	char err[256];
	const char *t = target_name(a);

	if (runner_check_env(err, sizeof(err))) {
		error("%s", err);
		return -1;
	}
	if (!target_ok(t)) {
		error("%s: expected slowpath, buddy, text or diff, got '%s'",
		      value_of(a, "target") ? "--target" : "PAFUZZ_TARGET", t);
		return -1;
	}
	return 0;
}

/* A runner with the --fault schedules, or NULL (the message printed). */
static struct runner *new_runner(const struct args *a)
{
	struct runner *r = runner_new();

	if (!r) {
		error("out of memory");
		return NULL;
	}
	for (int k = 0; k < a->nr_given; k++) {
		char err[256];

		if (strcmp(a->given[k].opt->name, "fault"))
			continue;
		if (runner_add_fault(r, a->given[k].value, err, sizeof(err))) {
			error("--fault %s: %s", a->given[k].value, err);
			runner_free(r);
			return NULL;
		}
	}
	return r;
}

/* Reads a program as the chosen fuzz target runs it; 0, or -1 with the message printed. */
static int load(const struct args *a, const char *path, struct prog *p, bool *is_text)
{
	char err[512];

	if (prog_load_file(path, p, is_text, err, sizeof(err))) {
		error("%s", err);
		return -1;
	}
	if (!strcmp(target_name(a), "buddy"))
		prog_buddy_view(p);
	return 0;
}

/*
 * load(), for the commands that run the program (run, replay, minimize,
 * explain).  The slowpath and buddy fuzz targets run v4.2 alone: an input
 * naming patches is one they refuse unrun (fuzz_v42_program).  Named
 * explicitly (--target, or PAFUZZ_TARGET as make fuzz sets it for triage and
 * the report), either target refuses it here too, so nothing is said of a
 * variant the target never ran (an AFL++ queue can hold such an input: its
 * decoding added coverage).  Without a target named, the whole program runs,
 * patches and all, as the regression cases need.
 */
static int load_to_run(const struct args *a, const char *path, struct prog *p)
{
	const char *t = named_target(a);
	char names[256];

	if (load(a, path, p, NULL))
		return -1;
	if (!p->patches || !t || (strcmp(t, "slowpath") && strcmp(t, "buddy")))
		return 0;
	diff_patch_names(p->patches, names, sizeof(names));
	error("%s: names patches (%s), and the %s fuzz target runs v4.2 alone: it refuses such an "
	      "input; run it with --target diff, or with no target named", path, names, t);
	return -1;
}

/*
 * An output written all or nothing.  "-" is stdout; a regular file is
 * written to a temporary file beside it that is renamed into place once every
 * write, the fsync and the close succeeded, and an existing one is replaced
 * only with force; a device or FIFO is written in place, each write checked.
 * Opened before the work (so a path that cannot be written is said at once),
 * committed after it.
 */
struct output {
	const char *path;
	char *tmp;		/* the temporary file, or NULL (stdout, in place) */
	int fd;
	bool force;
};

/* Closes and removes the temporary file (if any): nothing is written. */
static void output_abort(struct output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	o->fd = -1;
	o->tmp = NULL;
}

/* 0, or -1 with the message printed. */
static int output_open(struct output *o, const char *path, bool force)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	mode_t mask;

	o->path = path;
	o->tmp = NULL;
	o->fd = -1;
	o->force = force;
	if (!strcmp(path, "-"))
		return 0;
	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode)) {
			error("%s: is a directory; expected a file to write", path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
			if (o->fd < 0) {
				error("%s: %s", path, strerror(errno));
				return -1;
			}
			return 0;
		}
		if (!force) {
			error("%s exists; -f replaces it", path);
			return -1;
		}
	} else if (errno != ENOENT) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	o->tmp = malloc(strlen(path) + 16);
	if (!o->tmp) {
		error("out of memory");
		return -1;
	}
	/* beside the destination, so the rename stays within one file system */
	sprintf(o->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		slash ? slash + 1 : path);
	o->fd = mkstemp(o->tmp);
	mask = umask(0);
	umask(mask);
	if (o->fd < 0 || fchmod(o->fd, 0666 & ~mask)) {
		error("%s: cannot create a file beside it: %s", path, strerror(errno));
		if (o->fd < 0) {	/* nothing was created */
			free(o->tmp);
			o->tmp = NULL;
		}
		output_abort(o);
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes len bytes and puts them in place; 0, or -1 with the message printed. */
static int output_commit(struct output *o, const char *data, size_t len)
{
	int rc = 0;

	if (!strcmp(o->path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
			error("stdout: write error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (write_all(o->fd, data, len) || (o->tmp && fsync(o->fd))) {
		error("%s: write error: %s", o->path, strerror(errno));
		output_abort(o);
		return -1;
	}
	rc = close(o->fd);
	o->fd = -1;
	if (rc) {
		error("%s: write error: %s", o->path, strerror(errno));
		output_abort(o);
		return -1;
	}
	/* without force, link() does not replace a file that appeared meanwhile */
	if (o->tmp && (o->force ? rename(o->tmp, o->path) : link(o->tmp, o->path))) {
		if (errno == EEXIST)
			error("%s exists; -f replaces it", o->path);
		else
			error("%s: %s", o->path, strerror(errno));
		rc = -1;
	}
	output_abort(o);	/* the temporary name goes either way */
	return rc;
}

/* ---- run ------------------------------------------------------------------- */

static int cmd_run(struct args *a)
{
	struct runner *r;
	bool steps = has(a, "steps");
	int rc = EXIT_OK;

	if (check_setup(a) || !(r = new_runner(a)))
		return EXIT_USAGE;
	for (int i = 0; i < a->nr_pos; i++) {
		const char *file = a->pos[i];
		struct prog p;
		struct run_result res;
		char why[512];

		if (load_to_run(a, file, &p)) {
			rc = EXIT_USAGE;
			continue;
		}
		if (runner_run(r, &p, NULL, &res)) {
			error("%s: %s", file, res.detail);
			rc = EXIT_USAGE;
			continue;
		}
		printf("%s: %s %s trace=%016llx%s%s", file, verdict_name[res.verdict], res.sig,
		       (unsigned long long)res.trace_hash, res.nr_fired ? " faults=" : "", res.faults);
		if (steps) {
			const char *sep = " steps=";

			for (int b = 0; b < NR_SEED_LABELS; b++)
				if (res.steps & (1u << b)) {
					printf("%s%s", sep, seed_label_name[b]);
					sep = ",";
				}
		}
		printf("\n");
		if (p.nr_expect || p.has_trace_pin) {
			if (!runner_expect_met(&p, &res, why, sizeof(why))) {
				printf("%s: expect not met: %s\n", file, why);
				if (rc < EXIT_FINDING)
					rc = EXIT_FINDING;
			}
		} else if (fuzz_is_finding(&p, &res) && rc < EXIT_FINDING) {
			rc = EXIT_FINDING;
		}
	}
	runner_free(r);
	return rc;
}

/* ---- replay ---------------------------------------------------------------- */

static int cmd_replay(struct args *a)
{
	struct runner *r;
	struct prog p;
	struct run_result res;
	bool zones = has(a, "zones"), trace = zones || has(a, "trace");
	const char *file = a->pos[0];

	if (check_setup(a) || load_to_run(a, file, &p) || !(r = new_runner(a)))
		return EXIT_USAGE;
	runner_trace_zones(r, zones);
	if (runner_run(r, &p, trace ? stdout : NULL, &res)) {
		error("%s: %s", file, res.detail);
		runner_free(r);
		return EXIT_USAGE;
	}
	printf("verdict: %s\nsignature: %s\ntrace hash: %016llx (%lu events, %lu choices)\n",
	       verdict_name[res.verdict], res.sig, (unsigned long long)res.trace_hash,
	       res.nr_events, res.nr_choices);
	if (res.nr_fired)
		printf("injected faults that fired: %s\n", res.faults);
	if (res.detail[0])
		printf("report:\n%s\n", res.detail);
	runner_free(r);
	return fuzz_is_finding(&p, &res) ? EXIT_FINDING : EXIT_OK;
}

/* ---- convert --------------------------------------------------------------- */

static int cmd_convert(struct args *a)
{
	struct prog p;
	struct output o;
	bool in_text, to_text;
	char err[256];
	size_t n;
	char *buf;
	int rc;

	if (has(a, "text") && has(a, "binary")) {
		error("--text and --binary: give one");
		return EXIT_USAGE;
	}
	if (check_setup(a) || load(a, a->pos[0], &p, &in_text))
		return EXIT_USAGE;
	to_text = has(a, "text") || (!has(a, "binary") && !in_text);
	/* a text program larger than the binary form has none: say why, write nothing */
	if (!to_text && !prog_fits_binary(&p, err, sizeof(err))) {
		error("%s: no binary form: %s", a->pos[0], err);
		return EXIT_USAGE;
	}
	if (output_open(&o, a->pos[1], has(a, "force")))
		return EXIT_USAGE;
	/* each form first says how long it is, then is written whole */
	n = to_text ? prog_print(&p, NULL, 0) : prog_encode(&p, NULL, 0);
	buf = malloc(n + 1);
	if (!buf) {
		error("out of memory");
		output_abort(&o);
		return EXIT_USAGE;
	}
	if (to_text)
		prog_print(&p, buf, n + 1);
	else
		prog_encode(&p, (uint8_t *)buf, n);
	rc = output_commit(&o, buf, n) ? EXIT_USAGE : EXIT_OK;
	free(buf);
	return rc;
}

/* ---- minimize -------------------------------------------------------------- */

/*
 * What a minimization keeps: a finding's verdict and signature (pafuzz
 * minimize), or the signature of a verdict difference between v4.2 and the
 * patches (pafuzz diff --minimize, "diff:V0>V1@...").
 */
struct keep {
	bool diff;
	uint32_t patches;		/* diff: the variant */
	enum verdict_kind verdict;	/* not diff: the finding's verdict */
	char sig[192];
};

/* Does c still give what k keeps? */
static bool keeps(struct runner *r, const struct prog *c, const struct keep *k)
{
	struct run_result res, patched;
	char sig[192];

	if (!k->diff)
		return !runner_run(r, c, NULL, &res) && res.verdict == k->verdict &&
		       !strcmp(res.sig, k->sig);
	if (diff_run(r, c, k->patches, &res, &patched))
		return false;
	diff_signature(&res, &patched, sig, sizeof(sig));
	return !strcmp(sig, k->sig);
}

/*
 * Drops the expect lines of p that run res does not meet, and the trace pin
 * if res does not meet it or no expect line is left of those there were (a
 * pin alone would pass any verdict); returns how many lines went.
 */
static int drop_unmet_expects(struct prog *p, const struct run_result *res)
{
	int kept = 0, dropped = 0, had = p->nr_expect;

	for (int i = 0; i < p->nr_expect; i++) {
		if (runner_expect_line_met(&p->expect[i], res))
			p->expect[kept++] = p->expect[i];
		else
			dropped++;
	}
	p->nr_expect = kept;
	if (p->has_trace_pin && (p->trace_pin != res->trace_hash || (had && !kept))) {
		p->has_trace_pin = false;
		dropped++;
	}
	return dropped;
}

static bool named_equal(const struct prog_named *x, const struct prog_named *y)
{
	return x->id == y->id && x->value == y->value && x->forever == y->forever;
}

/*
 * Delta debugging, greedy, as libFuzzer's -minimize_crash and afl-tmin keep
 * a crash: drop one operation (with what used it), answer, named answer or
 * fault line at a time while what k keeps stays, until no single removal
 * keeps it.  p is the input (read from in), r the runner; writes the text
 * form to OUT (-o, default IN.min.pz) all or nothing.  EXIT_OK, or
 * EXIT_USAGE with the message printed.
 */
static int shrink(struct args *a, struct runner *r, const struct prog *p, const struct keep *k)
{
	static struct prog best, c;
	struct run_result res;
	char *path = NULL, *text = NULL, removed_faults[512] = "";
	const char *in = a->pos[0], *out = value_of(a, "output");
	bool progress = true;
	int dropped = 0, dups = 0, rc = EXIT_USAGE;
	size_t n;
	struct output o = { .fd = -1 };

	if (!out) {
		path = malloc(strlen(in) + 8);
		if (!path) {
			error("out of memory");
			return EXIT_USAGE;
		}
		sprintf(path, "%s.min.pz", in);
		out = path;
	}
	/* a file that cannot be written is said before the work, not after it */
	if (output_open(&o, out, has(a, "force")))
		goto out;
	best = *p;
	while (progress) {
		progress = false;
		/*
		 * Injected faults first: a fault the verdict does not need goes while it
		 * does not (later removals can make a run depend on a fault that never fires).
		 */
		for (int i = best.nr_faults - 1; i >= 0; i--) {
			c = best;
			memmove(&c.faults[i], &c.faults[i + 1],
				sizeof(c.faults[0]) * (size_t)(c.nr_faults - i - 1));
			c.nr_faults--;
			if (keeps(r, &c, k)) {
				size_t l = strlen(removed_faults);

				snprintf(removed_faults + l, sizeof(removed_faults) - l, "%s%s",
					 l ? ", " : "", best.faults[i]);
				best = c;
				progress = true;
			}
		}
		/* a later copy of a named answer goes first: repeats collapse to one */
		for (int i = best.nr_named - 1; i >= 0; i--) {
			c = best;
			memmove(&c.named[i], &c.named[i + 1],
				sizeof(c.named[0]) * (size_t)(c.nr_named - i - 1));
			c.nr_named--;
			if (keeps(r, &c, k)) {
				best = c;
				progress = true;
			}
		}
		for (int i = best.nr_ops - 1; i >= 0; i--) {
			c = best;
			prog_remove_op(&c, i);
			if (keeps(r, &c, k)) {
				best = c;
				progress = true;
			}
		}
		for (int i = best.nr_answers - 1; i >= 0; i--) {
			c = best;
			memmove(&c.answers[i], &c.answers[i + 1], (size_t)(c.nr_answers - i - 1));
			c.nr_answers--;
			if (c.repeat > c.nr_answers)
				c.repeat = (uint8_t)c.nr_answers;
			if (keeps(r, &c, k)) {
				best = c;
				progress = true;
			}
		}
	}
	/* the removed named answers that repeat one kept */
	for (int i = 0; i < p->nr_named; i++) {
		bool kept_copy = false;

		for (int j = 0; j < best.nr_named; j++)
			kept_copy |= named_equal(&p->named[i], &best.named[j]);
		dups += kept_copy;
	}
	dups -= best.nr_named;
	if (k->diff) {
		/*
		 * A difference replays alone: the result names its patches.  Its
		 * expect lines and trace pin, if any, described one side of the
		 * input's diff; none is kept.
		 */
		best.patches = k->patches;
		dropped = best.nr_expect + best.has_trace_pin;
		best.nr_expect = 0;
		best.has_trace_pin = false;
	} else {
		/*
		 * The input's expect lines and trace pin describe the input's run: keep
		 * those the minimized program still meets, drop (and name) the rest, so
		 * that `pafuzz run` on the result reports the finding, not a stale expect.
		 */
		runner_run(r, &best, NULL, &res);
		dropped = drop_unmet_expects(&best, &res);
	}
	n = prog_print(&best, NULL, 0);
	{
		int head = snprintf(NULL, 0, "# minimized from %s: %s\n", in, k->sig);

		text = malloc(n + (size_t)head + 1);
		if (!text) {
			error("out of memory");
			goto out;
		}
		sprintf(text, "# minimized from %s: %s\n", in, k->sig);
		prog_print(&best, text + head, n + 1);
		n += (size_t)head;
	}
	if (output_commit(&o, text, n))
		goto out;
	printf("%s: %d ops, %d answers, %d named answers, %d fault lines: %s%s%s\n", out,
	       best.nr_ops, best.nr_answers, best.nr_named, best.nr_faults,
	       k->diff ? "" : verdict_name[k->verdict], k->diff ? "" : " ", k->sig);
	printf("%s: removed %d of %d ops, %d of %d answers, %d of %d named answers (%d repeating "
	       "one kept), %d of %d fault lines%s%s%s\n", out, p->nr_ops - best.nr_ops, p->nr_ops,
	       p->nr_answers - best.nr_answers, p->nr_answers, p->nr_named - best.nr_named,
	       p->nr_named, dups, p->nr_faults - best.nr_faults, p->nr_faults,
	       removed_faults[0] ? " (" : "", removed_faults, removed_faults[0] ?
	       (k->diff ? ": the difference does not need them)" :
		": the verdict does not need them)") : "");
	if (dropped)
		printf("%s: dropped %d expect or trace line%s the minimized run does not meet\n",
		       out, dropped, dropped == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	output_abort(&o);
	free(text);
	free(path);
	return rc;
}

static int cmd_minimize(struct args *a)
{
	static struct prog p;
	struct runner *r;
	struct run_result res;
	struct keep k = { .diff = false };
	const char *in = a->pos[0];
	int rc = EXIT_USAGE;

	if (check_setup(a) || load_to_run(a, in, &p) || !(r = new_runner(a)))
		return EXIT_USAGE;
	if (runner_run(r, &p, NULL, &res)) {
		error("%s: %s", in, res.detail);
	} else if (!fuzz_is_finding(&p, &res)) {
		error("%s: not a finding (%s %s): minimize keeps a finding's verdict and signature "
		      "while it shrinks the program%s", in, verdict_name[res.verdict], res.sig,
		      res.verdict == V_WARNING ? "; a warning is one with warnings_fatal" : "");
	} else {
		k.verdict = res.verdict;
		snprintf(k.sig, sizeof(k.sig), "%s", res.sig);
		rc = shrink(a, r, &p, &k);
	}
	runner_free(r);
	return rc;
}

/* ---- explain --------------------------------------------------------------- */

static int cmd_explain(struct args *a)
{
	struct runner *r;
	struct prog p;
	struct run_result res;

	if (check_setup(a) || load_to_run(a, a->pos[0], &p) || !(r = new_runner(a)))
		return EXIT_USAGE;
	if (runner_run(r, &p, NULL, &res)) {
		error("%s: %s", a->pos[0], res.detail);
		runner_free(r);
		return EXIT_USAGE;
	}
	printf("verdict: %s\nsignature: %s\n%s\n", verdict_name[res.verdict], res.sig, res.detail);
	if (res.nr_fired) {
		char sig[192];
		int n = res.nr_fired;

		snprintf(sig, sizeof(sig), "%s", res.sig);
		printf("fault ablation (each fired fault suppressed in turn: %s):\n", res.faults);
		for (int k = 0; k < n && k < 32; k++) {
			struct run_result rr;
			const char *name;

			runner_run(r, &p, NULL, &rr);	/* the same run again: faults fire the same */
			name = runner_skip_fault(r, &rr, k);
			runner_run(r, &p, NULL, &rr);
			printf("  fault %d (%s): %s\n", k, name ? name : "?",
			       strcmp(rr.sig, sig) ? "needed (verdict changes without it)" : "not needed");
			runner_skip_fault(r, &rr, -1);
		}
	}
	if (p.nr_answers) {
		char sig[192];

		snprintf(sig, sizeof(sig), "%s", res.sig);
		printf("answer ablation (each explicit answer replaced by the fair default):\n");
		for (int i = 0; i < p.nr_answers; i++) {
			struct prog c = p;
			struct run_result rr;

			memmove(&c.answers[i], &c.answers[i + 1], (size_t)(c.nr_answers - i - 1));
			c.nr_answers--;
			if (c.repeat > c.nr_answers)
				c.repeat = (uint8_t)c.nr_answers;
			runner_run(r, &c, NULL, &rr);
			printf("  answer %d (%u): %s\n", i, p.answers[i],
			       strcmp(rr.sig, sig) ? "needed" : "not needed");
		}
	}
	if (p.nr_named) {
		char sig[192];

		snprintf(sig, sizeof(sig), "%s", res.sig);
		printf("named answer ablation (each `answer CHOICE=OUTCOME` line dropped in turn):\n");
		for (int i = 0; i < p.nr_named; i++) {
			struct prog c = p;
			struct run_result rr;
			const struct prog_named *na = &p.named[i];

			memmove(&c.named[i], &c.named[i + 1], sizeof(c.named[0]) * (size_t)(c.nr_named - i - 1));
			c.nr_named--;
			runner_run(r, &c, NULL, &rr);
			printf("  answer %s=%s%s: %s\n", choice_table[na->id].name,
			       choice_outcome_name((enum choice_id)na->id, na->value),
			       na->forever ? " forever" : "", strcmp(rr.sig, sig) ? "needed" : "not needed");
		}
	}
	runner_free(r);
	return EXIT_OK;
}

/* ---- diff, patches --------------------------------------------------------- */

/*
 * pafuzz diff: the program on v4.2 and on a patch variant (spec/patches.md),
 * the patches from --patch, else the program's `patch` line, else
 * PAFUZZ_PATCHES, else all of them.
 */
static int cmd_diff(struct args *a)
{
	static struct prog p;
	struct runner *r;
	struct run_result base, patched;
	struct keep k = { .diff = true };
	const char *file = a->pos[0];
	bool explicit = false;
	char err[2304];
	int rc;

	for (int i = 0; i < a->nr_given; i++) {
		uint32_t bits;

		if (strcmp(a->given[i].opt->name, "patch"))
			continue;
		if (diff_parse_patches(a->given[i].value, &bits, err, sizeof(err))) {
			error("--patch: %s", err);
			return EXIT_USAGE;
		}
		k.patches |= bits;
		explicit = true;
	}
	if ((has(a, "output") || has(a, "force")) && !has(a, "minimize")) {
		error("-o and -f go with --minimize");
		return EXIT_USAGE;
	}
	if (check_setup(a) || load(a, file, &p, NULL))
		return EXIT_USAGE;
	if (!explicit && diff_patches_of(&p, &k.patches, err, sizeof(err))) {
		error("%s", err);
		return EXIT_USAGE;
	}
	if (!(r = new_runner(a)))
		return EXIT_USAGE;
	if (!has(a, "minimize")) {
		rc = diff_report(r, &p, file, k.patches, has(a, "trace"), err, sizeof(err));
		if (rc < 0)
			error("%s: %s", file, err);
		runner_free(r);
		return rc < 0 ? EXIT_USAGE : rc ? EXIT_FINDING : EXIT_OK;
	}
	rc = EXIT_USAGE;
	if (diff_run(r, &p, k.patches, &base, &patched)) {
		error("%s: %s", file, base.detail[0] ? base.detail : patched.detail);
	} else {
		diff_signature(&base, &patched, k.sig, sizeof(k.sig));
		if (!k.sig[0])
			error("%s: the verdicts agree (%s): nothing to minimize", file,
			      verdict_name[base.verdict]);
		else if (shrink(a, r, &p, &k) == EXIT_OK)
			rc = EXIT_FINDING;	/* the difference is still there */
	}
	runner_free(r);
	return rc;
}

static int cmd_patches(struct args *a)
{
	(void)a;
	printf("%-26s %-13s %-8s %s\n", "patch", "commit", "version",
	       "what it changes in the v4.2 model");
	for (int i = 0; i < NR_PATCHES; i++) {
		const struct patch_info *pi = &patch_table[i];
		char needs[128];

		diff_patch_names(pi->needs, needs, sizeof(needs));
		printf("%-26s %-13s %-8s %s%s (\"%s\")%s%s\n", pi->name, pi->commit, pi->version,
		       pi->revert ? "reverts the fix: " : "", pi->what, pi->title,
		       pi->needs ? "; needs " : "", pi->needs ? needs : "");
	}
	for (int i = 0; i < nr_patch_unmodelled; i++) {
		const struct patch_unmodelled *u = &patch_unmodelled_table[i];

		printf("%-26s %-13s %-8s NOT MODELLED (a program may not name it): %s (\"%s\")\n",
		       u->name, u->commit, u->version, u->why, u->title);
	}
	return EXIT_OK;
}

/* ---- faults, layouts, choices ---------------------------------------------- */

static int cmd_faults(struct args *a)
{
	(void)a;
	fault_list(stdout);
	return EXIT_OK;
}

static int cmd_layouts(struct args *a)
{
	(void)a;
	for (int i = 0; i < nr_prog_layouts; i++)
		printf("%-10s %s\n", prog_layouts[i].name, prog_layouts[i].what);
	return EXIT_OK;
}

static int cmd_choices(struct args *a)
{
	(void)a;
	for (int i = 1; i < NR_CHOICE_IDS; i++) {
		printf("%-18s %s; outcomes:", choice_table[i].name, choice_table[i].what);
		for (unsigned k = 0; k < choice_table[i].nr && k < 12; k++)
			printf(" %s", choice_outcome_name((enum choice_id)i, k));
		printf(" (default %s)\n", choice_outcome_name((enum choice_id)i, 0));
	}
	return EXIT_OK;
}

/* ---- fuzz ------------------------------------------------------------------ */

static bool all_digits(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return false;
	return true;
}

/*
 * pafuzz fuzz: the fuzz job is `make fuzz` (engines, triage, report); this
 * checks the options, then runs make in the checkout pafuzz was built in.
 */
static int cmd_fuzz(struct args *a)
{
	static char faults[1024], root[4096], a_engine[64], a_dur[64], a_target[64], a_jobs[64],
		a_fz[4200], a_patches[300];
	const char *engine = "libfuzzer", *target = "slowpath", *dur = "180", *jobs = "1",
		   *fz = "build/fuzz", *patches = "";
	char *mk[13], *slash, err[256];
	int n = 0;

	for (int k = 0; k < a->nr_given; k++) {
		const char *o = a->given[k].opt->name, *v = a->given[k].value;

		if (!strcmp(o, "engine") && (!strcmp(v, "libfuzzer") || !strcmp(v, "afl") ||
					     !strcmp(v, "both")))
			engine = v;
		else if (!strcmp(o, "target") && target_ok(v))
			target = v;
		else if (!strcmp(o, "duration") && all_digits(v) && strlen(v) < 9)
			dur = v;
		else if (!strcmp(o, "jobs") && all_digits(v) && strlen(v) < 4 && atoi(v) > 0)
			jobs = v;
		else if (!strcmp(o, "workdir") && v[0] && v[0] != '/' && !strstr(v, "..") &&
			 strlen(v) < 4096)
			fz = v;
		else if (!strcmp(o, "patches")) {
			uint32_t bits;

			/* only names pafuzz patches lists, and no shell or make syntax */
			if (strlen(v) >= 256 || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-,") !=
			    strlen(v) || diff_parse_patches(v, &bits, err, sizeof(err))) {
				error("--patches %s: %s", v, strlen(v) >= 256 ? "too long" :
				      "expected patch names, comma-separated (pafuzz patches)");
				return EXIT_USAGE;
			}
			patches = v;
		} else if (!strcmp(o, "fault")) {
			struct fault_sched sched;

			if (fault_parse(v, &sched, err, sizeof(err))) {
				error("%s", err);
				return EXIT_USAGE;
			}
			if (strlen(faults) + strlen(v) + 2 >= sizeof(faults)) {
				error("too many --fault schedules");
				return EXIT_USAGE;
			}
			if (faults[0])
				strcat(faults, ";");
			strcat(faults, v);
		} else {
			error("bad option or value: --%s %s (see pafuzz fuzz --help)", o, v);
			return EXIT_USAGE;
		}
	}
	/* the checkout: pafuzz lives in ROOT/build/<variant>/pafuzz */
	snprintf(root, sizeof(root), "%s", a->argv0);
	slash = strstr(root, "/build/");
	if (slash)
		*slash = 0;
	else if (!strncmp(root, "build/", 6))
		snprintf(root, sizeof(root), ".");
	else {
		error("run the pafuzz of a checkout (ROOT/build/<variant>/pafuzz)");
		return EXIT_USAGE;
	}
	if (faults[0] && setenv("PAFUZZ_FAULTS", faults, 1))
		return EXIT_USAGE;
	if (runner_check_env(err, sizeof(err))) {
		error("%s", err);
		return EXIT_USAGE;
	}
	snprintf(a_engine, sizeof(a_engine), "ENGINE=%s", engine);
	snprintf(a_dur, sizeof(a_dur), "DURATION=%s", dur);
	snprintf(a_target, sizeof(a_target), "TARGET=%s", target);
	snprintf(a_jobs, sizeof(a_jobs), "JOBS=%s", jobs);
	snprintf(a_fz, sizeof(a_fz), "FZ=%s", fz);
	snprintf(a_patches, sizeof(a_patches), "PATCHES=%s", patches);
	mk[n++] = "make";
	mk[n++] = "--no-print-directory";
	mk[n++] = "-C";
	mk[n++] = root;
	mk[n++] = "fuzz";
	mk[n++] = a_engine;
	mk[n++] = a_dur;
	mk[n++] = a_target;
	mk[n++] = a_jobs;
	mk[n++] = a_fz;
	mk[n++] = a_patches;
	mk[n] = NULL;
	fflush(stdout);
	execvp("make", mk);
	fprintf(stderr, "%s: cannot run make: %s\n", label, strerror(errno));
	return EXIT_USAGE;
}

/* ---- the commands ---------------------------------------------------------- */

static const struct opt_def run_opts[] = {
	{ "steps", 0, NULL, false, "then steps=LABEL,...: the seed steps the run reached" },
	OPT_FAULT, OPT_TARGET, OPT_HELP, OPT_END
};
static const struct opt_def replay_opts[] = {
	{ "trace", 0, NULL, false, "first print every event: the operation, the seed\n"
	  "label, the kernel-named tracepoint or message\n"
	  "(mm_page_alloc, \"Killed process\", ...), every choice\n"
	  "asked and its answer" },
	{ "zones", 0, NULL, false, "first print a table for plots: each zone's\n"
	  "watermarks, then per event its operation, label,\n"
	  "class (reclaim, compaction, oom, kswapd, fail) and\n"
	  "each zone's free pages" },
	OPT_FAULT, OPT_TARGET, OPT_HELP, OPT_END
};
static const struct opt_def convert_opts[] = {
	{ "text", 0, NULL, false, "write the text form whatever IN is" },
	{ "binary", 0, NULL, false, "write the binary form whatever IN is" },
	OPT_FORCE, OPT_TARGET, OPT_HELP, OPT_END
};
static const struct opt_def minimize_opts[] = {
	{ "output", 'o', "OUT", false, "where the text form goes (default FILE.min.pz)" },
	OPT_FORCE, OPT_TARGET, OPT_HELP, OPT_END
};
static const struct opt_def explain_opts[] = { OPT_FAULT, OPT_TARGET, OPT_HELP, OPT_END };
static const struct opt_def list_opts[] = { OPT_HELP, OPT_END };
static const struct opt_def fuzz_opts[] = {
	{ "engine", 0, "E", false, "libfuzzer|afl|both (default libfuzzer)" },
	{ "duration", 0, "SECONDS", false, "how long (default 180)" },
	{ "target", 0, "T", false, "slowpath|buddy|text|diff: the fuzz target (default\n"
	  "slowpath; diff: v4.2 against a patch variant)" },
	{ "patches", 0, "P,P", false, "the diff target's variant (default every patch)" },
	{ "jobs", 0, "N", false, "workers per engine (default 1)" },
	{ "workdir", 0, "DIR", false, "where the job works, relative to the checkout\n"
	  "(default build/fuzz)" },
	{ "fault", 0, "SPEC", true, "a fault schedule for every run of the job\n"
	  "(PAFUZZ_FAULTS)" },
	OPT_HELP, OPT_END
};

static const struct opt_def diff_opts[] = {
	{ "patch", 0, "P[,P...]", true, "the variant to run against v4.2 (pafuzz patches\n"
	  "lists them; 'all' is every one); default the\n"
	  "program's patch line, else PAFUZZ_PATCHES, else all" },
	{ "trace", 0, NULL, false, "then both traces from where they part: v4.2 (-)\n"
	  "and patched (+) in turn" },
	{ "minimize", 0, NULL, false, "shrink the program while the difference (its\n"
	  "diff: signature) stays; write it with its patch line" },
	{ "output", 'o', "OUT", false, "with --minimize: where the text form goes\n"
	  "(default FILE.min.pz)" },
	OPT_FORCE, OPT_FAULT, OPT_TARGET, OPT_HELP, OPT_END
};

static const struct cmd_def commands[] = {
	{ "run", "FILE...", 1, -1, "one verdict line per program",
	  "  Runs each program and prints: FILE: VERDICT SIGNATURE trace=HASH.  A program\n"
	  "  with expect lines passes when its verdict and signature prefix match one of\n"
	  "  them (and its trace line, if any, pins the hash).  Exit 0: all ok (or as\n"
	  "  expected), 1: a finding or an unmet expect line, 2: a bad input or usage.",
	  run_opts, cmd_run },
	{ "replay", "FILE", 1, 1, "one program's verdict, signature, trace hash and report",
	  "  Runs one program and prints its verdict, signature, trace hash and report.\n"
	  "  Exit 0: ok, 1: a finding, 2: a bad input or usage.",
	  replay_opts, cmd_replay },
	{ "convert", "IN OUT", 2, 2, "binary <-> text",
	  "  Turns a binary program into text or a text program into binary (OUT '-' is\n"
	  "  stdout).  OUT is written whole or not at all; an existing OUT needs -f.",
	  convert_opts, cmd_convert },
	{ "minimize", "FILE", 1, 1, "shrink a finding while its verdict and signature stay",
	  "  Removes operations (and what used their objects), answers, named answers and\n"
	  "  fault lines one at a time while the verdict and signature stay the same,\n"
	  "  until no single removal keeps them; writes the text form and says what went.\n"
	  "  FILE must be a finding.  Expect lines and a trace pin the result does not\n"
	  "  meet are dropped.",
	  minimize_opts, cmd_minimize },
	{ "explain", "FILE", 1, 1, "the verdict's report and which answers and faults it needs",
	  "  Prints the verdict with its full report: for a livelock or retry-storm, each\n"
	  "  round of the cycle with the progress it reported and why, and which injected\n"
	  "  answers the cycle depends on; for each fired fault and each explicit answer,\n"
	  "  whether the verdict still holds without it (ablation).",
	  explain_opts, cmd_explain },
	{ "diff", "FILE", 1, 1, "v4.2 against a patch variant: both verdicts, where the traces part",
	  "  Runs the program on v4.2 and on a patch variant, both judged by the same\n"
	  "  oracles (premature-oom and the wider over-kill included) and given the same\n"
	  "  answers for the same choice ids (choices only patches ask take their named\n"
	  "  answers or fair defaults).  Prints both verdicts, signatures and trace\n"
	  "  hashes, the difference's signature (diff:V0>V1@...), and the first event\n"
	  "  where the traces part: operation, slowpath step, and the two events.  A\n"
	  "  warning that is not fatal counts as ok here.  Exit 0: the verdicts agree,\n"
	  "  1: they differ (with --minimize: the minimized program written), 2: a bad\n"
	  "  input or usage (with --minimize: also when the verdicts agree).",
	  diff_opts, cmd_diff },
	{ "patches", "", 0, 0, "the patch variants a program may name, with their commits",
	  "  Lists the patches a 'patch' line, pafuzz diff --patch and PATCHES= may name:\n"
	  "  the commit each models, its release, what it changes, what it needs.",
	  list_opts, cmd_patches },
	{ "faults", "", 0, 0, "the fault points, one line each",
	  "  Lists the fault points --fault, PAFUZZ_FAULTS and fault lines may name.",
	  list_opts, cmd_faults },
	{ "layouts", "", 0, 0, "the memory layouts a program may name",
	  "  Lists the layouts of the 'layout' line.", list_opts, cmd_layouts },
	{ "choices", "", 0, 0, "the choice points and their outcomes",
	  "  Lists the choice points 'answer CHOICE=OUTCOME' may name.", list_opts, cmd_choices },
	{ "fuzz", "", 0, 0, "a fuzz job: make fuzz in the checkout",
	  "  Runs a fuzz job (make fuzz in the checkout): the engines on the shipped\n"
	  "  corpus, then triage and the report in DIR.  Fault schedules apply to every\n"
	  "  run (PAFUZZ_FAULTS).  Stop it any time, even with kill -9; the same command\n"
	  "  continues it.",
	  fuzz_opts, cmd_fuzz },
};
#define NR_COMMANDS ((int)(sizeof(commands) / sizeof(commands[0])))

static int usage(FILE *f)
{
	fprintf(f, "usage: pafuzz COMMAND [OPTIONS] [ARGS]\n"
		"       pafuzz -h|--help|--version\n"
		"commands:\n");
	for (int i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-9s %s%s%s\n", commands[i].name, commands[i].synopsis,
			commands[i].synopsis[0] ? ": " : "", commands[i].summary);
	fprintf(f, "A program is text (its first line that is not blank or a # comment is\n"
		"'pafuzz 1') or the binary form (any other bytes), at most 4 MiB.\n"
		"Exit status: 0 ok, 1 a finding (or an expect line not met), 2 bad input or usage.\n"
		"pafuzz COMMAND --help says more about each.\n");
	return f == stderr ? EXIT_USAGE : EXIT_OK;
}

int main(int argc, char **argv)
{
	static char label_buf[64];
	const struct cmd_def *c = NULL;
	struct args a = { 0 };
	int rc;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    (!strcmp(argv[1], "help") && argc == 2))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("pafuzz %s (programs: text 'pafuzz 1', binary form 1)\n", PAFUZZ_VERSION);
		return EXIT_OK;
	}
	for (int i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name) ||
		    (!strcmp(argv[1], "help") && !strcmp(argv[2], commands[i].name)))
			c = &commands[i];
	if (!c) {
		if (argv[1][0] == '-')
			error("unknown option '%s' (see pafuzz --help)", argv[1]);
		else
			error("unknown command '%s' (see pafuzz --help)", !strcmp(argv[1], "help") ?
			      argv[2] : argv[1]);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help")) {
		print_cmd_help(c);
		return EXIT_OK;
	}
	snprintf(label_buf, sizeof(label_buf), "pafuzz %s", c->name);
	label = label_buf;
	a.argv0 = argv[0];	/* pafuzz fuzz finds its checkout from it */
	a.pos = malloc(sizeof(*a.pos) * (size_t)argc);
	a.given = malloc(sizeof(*a.given) * (size_t)argc);
	if (!a.pos || !a.given) {
		error("out of memory");
		free(a.pos);
		free(a.given);
		return EXIT_USAGE;
	}
	if (parse_args(c, argc, argv, &a))
		rc = EXIT_USAGE;
	else if (has(&a, "help"))
		print_cmd_help(c), rc = EXIT_OK;
	else
		rc = c->fn(&a);
	free(a.pos);
	free(a.given);
	return rc;
}
