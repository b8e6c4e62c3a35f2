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

#define PROG_MAX_OPS		64
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
};

struct prog_expect {
	uint8_t verdict;	/* enum verdict_kind */
	char sig[160];		/* prefix of the signature; "" = any */
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
	struct prog_op ops[PROG_MAX_OPS];
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
extern const char *const prog_flag_name[];
extern const int nr_prog_flags;

/* Every byte string is a program. */
void prog_decode(const uint8_t *data, size_t len, struct prog *p);
/* The binary form of p; returns the length written (at most cap). */
size_t prog_encode(const struct prog *p, uint8_t *out, size_t cap);
/* Text form.  prog_parse returns 0, or -1 with "file:line:col: expected ..." in err. */
int prog_parse(const char *text, size_t len, const char *file, struct prog *p, char *err,
	       size_t errlen);
/* Writes the text form; returns the number of bytes it needed (like snprintf). */
size_t prog_print(const struct prog *p, char *buf, size_t len);
bool prog_equal(const struct prog *a, const struct prog *b);
void prog_model_config(const struct prog *p, struct model_config *c);
/* Reads a file in either form (text if it starts with "pafuzz" or '#'). */
int prog_load(const char *path, struct prog *p, char *err, size_t errlen);

#endif
