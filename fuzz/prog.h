/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog.h - a pafuzz program: a memory layout, operations, the answers to
 * choice points and expect lines.  Two forms: binary (what fuzzers mutate;
 * every byte string decodes) and text (what people read and write, and what
 * regress/ keeps).  They convert into each other without loss.
 */
#ifndef PAFUZZ_PROG_H
#define PAFUZZ_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/model.h"

/*
 * A text program holds up to PROG_MAX_OPS operations: a scenario as large as
 * it needs.  The binary form, what fuzzers mutate, holds at most
 * PROG_BIN_MAX_OPS (its operation count is one byte taken modulo 65, as it
 * always was): a program larger than that has no binary form.
 */
#define PROG_MAX_OPS		4096
#define PROG_BIN_MAX_OPS	64
#define PROG_MAX_ANSWERS	256
#define PROG_MAX_TASKS		8
#define PROG_MAX_EXPECT		4
#define PROG_MAX_FAULTS		4

enum prog_op_kind {
	OP_ALLOC,	/* task, gfp, order, node (-1 local) */
	OP_FREE,	/* handle */
	OP_FILL,	/* task: allocate atomically, largest blocks first, until memory runs out */
	OP_SET_FLAG,	/* task, flag index, on/off */
	OP_SET_CTX,	/* task, context */
	OP_KILL,	/* task: fatal signal */
	OP_EXIT,	/* task exits */
	OP_LOCK,	/* task, lock */
	OP_UNLOCK,	/* task, lock */
	OP_WAIT_LOCK,	/* task, lock: blocked waiting for it */
	OP_CPUSET,	/* task, node mask */
	OP_SUSPEND,	/* storage suspended: gfp_allowed_mask loses IO|FS */
	OP_RESUME,
	OP_OOM_DISABLE,
	OP_OOM_ENABLE,
	OP_DRAIN,	/* drain every CPU's pcp lists */
	OP_KSWAPD,	/* node: run kswapd now if woken */
	OP_MMAP_ANON,	/* task, pages -> vma */
	OP_TOUCH,	/* task, vma, start, pages, write */
	OP_FILE,	/* pages -> file */
	OP_READ,	/* task, file, start, pages */
	OP_WRITE,	/* task, file, start, pages */
	OP_SYNC,	/* file */
	OP_DROP,	/* file */
	OP_OOM_ADJ,	/* task, oom_score_adj (-1000..1000) */
	/* ops 25.. : binary kind bytes 250.. (older inputs keep their meaning below 250) */
	OP_MMAP_FILE,	/* task, file, first file page, pages -> vma */
	OP_PIN,		/* task, vma, page: get_user_pages (an extra reference) */
	OP_UNPIN,	/* task, vma, page */
	OP_MUNMAP,	/* task, vma */
	/*
	 * ops 29.. : binary kind byte 254, then a byte that picks one of them
	 * (254 was a second spelling of mmap_file that prog_encode never wrote)
	 */
	OP_FRAGMENT,	/* task, flag = enum shape_kind, order = range by pfn (1) or zone (0),
			   node and zone, a..b = pfn range (inclusive), ref = every, ref2 = keep
			   -> a group (kernel kinds), a file or a vma */
	OP_RELEASE,	/* ref = group, a = every, b = keep: free the rest of the group */
	OP_PIN_PATTERN,	/* task, ref = vma, a = every, b = keep: pin those pages */
	OP_GIVE,	/* flag: 0 a group, 1 a handle; ref: its pages go to other CPUs */
	OP_YIELD_FREE,	/* a: pages another CPU frees at a yield that frees (default 1) */
	NR_PROG_OPS
};

struct prog_op {
	uint8_t kind;
	uint8_t task;
	uint8_t order;
	uint8_t flag;		/* OP_SET_FLAG index / OP_SET_CTX ctx / lock id / write bit */
	bool on;
	int8_t node;		/* OP_ALLOC: -1 local; OP_KSWAPD node; OP_CPUSET mask */
	gfp_t gfp;
	uint16_t ref;		/* handle/vma/file index (their creation order) */
	uint16_t ref2;		/* OP_MMAP_FILE: the file */
	uint32_t a, b;		/* counts / offsets */
	uint8_t zone;		/* OP_FRAGMENT by zone: the zone index */
};

/* Build options a program may set (`config CONFIG_NUMA=n`); unset ones keep their default. */
enum prog_config {
	PROG_CONFIG_NUMA,	/* CONFIG_NUMA, default y (forced y on a two-node layout) */
	PROG_CONFIG_COMPACTION,	/* CONFIG_COMPACTION, default y */
	PROG_CONFIG_CMA,	/* CONFIG_CMA, default y */
	NR_PROG_CONFIGS
};
extern const char *const prog_config_name[NR_PROG_CONFIGS];

/* the longest signature a run gives (struct verdict's sig[192] less its NUL) */
#define PROG_SIG_MAX		191

struct prog_expect {
	uint8_t verdict;	/* enum verdict_kind */
	char sig[PROG_SIG_MAX + 1];	/* prefix of the signature; "" = any */
};

struct prog {
	uint8_t layout;		/* index into prog_layouts */
	uint8_t nr_cpus;	/* 1..8 */
	bool warnings_fatal;
	uint16_t loop_budget;	/* 0: the model's default */
	uint32_t swap_pages;
	uint8_t nr_tasks;	/* tasks 1..nr_tasks (task 0 is init) */
	char task_name[PROG_MAX_TASKS][16];
	int nr_ops;
	int nr_answers;
	uint8_t answers[PROG_MAX_ANSWERS];
	uint8_t repeat;		/* the last `repeat` answers repeat forever (0: defaults) */
	/*
	 * Named answers (`answer oom_lock=busy [forever]`): each answers the next
	 * question of its own choice, before the positional stream is used; a
	 * forever answer answers every later question of that choice.
	 */
	int nr_named;
	struct prog_named {
		uint8_t id;
		uint8_t value;
		bool forever;
	} named[64];
	int nr_expect;
	struct prog_expect expect[PROG_MAX_EXPECT];
	int nr_faults;
	char faults[PROG_MAX_FAULTS][128];
	bool has_trace_pin;	/* `trace HASH`: the run's trace hash must be this */
	uint64_t trace_pin;
	uint32_t patches;	/* `patch a,b`: bit per enum patch_id (0: v4.2 itself) */
	uint8_t config_set;	/* bit per enum prog_config the program sets */
	uint8_t config_val;	/* its value (1: y) */
	/* last, so that decoding clears the rest and only the ops it writes */
	struct prog_op ops[PROG_MAX_OPS];
};

struct prog_layout {
	const char *name;
	const char *what;
	void (*setup)(struct model_config *c);
};
extern const struct prog_layout prog_layouts[];
extern const int nr_prog_layouts;
extern const char *const prog_op_name[NR_PROG_OPS];
#define PROG_OPS_V1	25	/* kinds of the first binary format: byte % 25 */
#define PROG_OPS_V2	29	/* kinds of bytes 250..253; byte 254 escapes to the rest */
extern const char *const prog_flag_name[];
extern const int nr_prog_flags;

/*
 * The binary form: every byte string decodes to a program.  An operation
 * whose byte names an object no earlier line made, a handle already freed
 * or given away, or a group given away or released whole, does nothing when
 * run; decoding leaves it out, so that every decoded program has a text form
 * (which refuses such lines).
 */
void prog_decode(const uint8_t *data, size_t len, struct prog *p);
/*
 * The binary form of p; returns the length written (at most cap).  Only a
 * program prog_fits_binary() accepts has one: of a larger one the first
 * PROG_BIN_MAX_OPS operations are written.
 */
size_t prog_encode(const struct prog *p, uint8_t *out, size_t cap);
/* Whether p has a binary form; if not, why (for `pafuzz convert`). */
bool prog_fits_binary(const struct prog *p, char *why, size_t len);
/*
 * Removes operation i of p and every later one that used an object it made
 * (a free of its handle, a touch of its mapping, a read of its file, a
 * release or give of its group, and so on down), and renumbers the
 * references of the rest, so the program stays one the text form accepts.
 * Removing a free, a give or a whole release only leaves an object alive
 * longer, which the text form accepts too.  (pafuzz minimize, the diff
 * target's mutation.)
 */
void prog_remove_op(struct prog *p, int i);
/* Text form.  prog_parse returns 0, or -1 with "file:line:col: expected ..." in err. */
int prog_parse(const char *text, size_t len, const char *file, struct prog *p, char *err,
	       size_t errlen);
/* Writes the text form; returns the number of bytes it needed (like snprintf). */
size_t prog_print(const struct prog *p, char *buf, size_t len);
bool prog_equal(const struct prog *a, const struct prog *b);
void prog_model_config(const struct prog *p, struct model_config *c);

/*
 * The input contract, one rule for every pafuzz command and every fuzz target:
 * an input is at most PROG_MAX_BYTES bytes and not empty; it is text when it
 * starts with a UTF-8 BOM, when its first line that is not blank or a '#'
 * comment starts with the word "pafuzz", or when all of it is text (printable
 * ASCII, tab, CR, LF, well-formed UTF-8); text must then parse (its version
 * line first), anything else is the binary form.
 */
#define PROG_MAX_BYTES		(4u << 20)
bool prog_is_text(const uint8_t *data, size_t len);
/* Applies the rule: 0, or -1 with "NAME: ..." or "NAME:LINE:COL: ..." in err. */
int prog_from_bytes(const uint8_t *data, size_t len, const char *name, struct prog *p, char *err,
		    size_t errlen);
/*
 * Reads a whole regular file of at most PROG_MAX_BYTES into a malloc'd buffer
 * (*data, *len; free it); directories, devices, FIFOs, unreadable and larger
 * files are refused.  0, or -1 with "PATH: ..." in err.
 */
int prog_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t errlen);
/* prog_read_file, then prog_from_bytes; *is_text (if not NULL) says which form it was. */
int prog_load_file(const char *path, struct prog *p, bool *is_text, char *err, size_t errlen);
int prog_load(const char *path, struct prog *p, char *err, size_t errlen);
/*
 * What the buddy fuzz target runs of a program: the first three layouts, only
 * alloc, free, fill and drain, masks without __GFP_WAIT or __GFP_NOFAIL and
 * with __GFP_NOWARN, no expect or fault lines.  `pafuzz --target buddy`
 * applies the same view, so a buddy finding replays as the target ran it.
 */
void prog_buddy_view(struct prog *p);

#endif
