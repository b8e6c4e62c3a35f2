// SPDX-License-Identifier: GPL-2.0
/*
 * prog.c - the two forms of a pafuzz program: the binary decoder/encoder
 * (every byte string decodes; mutations stay meaningful) and the text
 * parser/printer.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <strings.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../fault/fault.h"
#include "prog.h"

/*
 * The characters a trailer record of the binary form yields: its length byte
 * may say more, and the bytes past these are read as the next record, as they
 * always were.
 */
#define PROG_RECORD_MAX	159

/* ---- layouts: from tiny to 1 GiB ----------------------------------------- */

static void l_default(struct model_config *c)
{
	model_config_default(c);
}

static void l_tiny(struct model_config *c)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
	c->zones[0][ZONE_NORMAL].pages = 256;
	c->max_order = 5;
	c->pageblock_order = 3;
}

static void l_small(struct model_config *c)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
	c->zones[0][ZONE_DMA].pages = 256;
	c->zones[0][ZONE_DMA].reserved = 1;
	c->zones[0][ZONE_NORMAL].pages = 1024;
	c->max_order = 8;
	c->pageblock_order = 5;
}

static void l_dma32(struct model_config *c)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
	c->zones[0][ZONE_DMA32].pages = 8192;
	c->zones[0][ZONE_NORMAL].pages = 4096;
	c->zones[0][ZONE_MOVABLE].pages = 4096;
}

static void l_holes(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_NORMAL].pages = 8192;
	c->zones[0][ZONE_NORMAL].hole_start[0] = 2048;
	c->zones[0][ZONE_NORMAL].hole_pages[0] = 512;
}

static void l_numa(struct model_config *c)
{
	model_config_default(c);
	c->nr_nodes = 2;
	c->zones[1][ZONE_NORMAL].pages = 4096;
}

static void l_highmem(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_HIGHMEM].pages = 4096;
}

static void l_1g(struct model_config *c)
{
	model_config_default(c);
	memset(c->zones, 0, sizeof(c->zones));
	c->zones[0][ZONE_NORMAL].pages = 262144;
}

static void l_unaligned(struct model_config *c)
{
	model_config_default(c);
	c->zones[0][ZONE_DMA].pages = 512;
	c->zones[0][ZONE_DMA].reserved = 0;	/* DMA frees as one order-9 block next to Normal's */
}

const struct prog_layout prog_layouts[] = {
	{ "default", "DMA 4096 frames (1 reserved) + Normal 4096 frames", l_default },
	{ "tiny", "Normal 256 frames, MAX_ORDER 5, pageblock_order 3", l_tiny },
	{ "small", "DMA 256 + Normal 1024 frames, MAX_ORDER 8, pageblock_order 5", l_small },
	{ "dma32", "DMA32 8192 + Normal 4096 + Movable 4096 frames", l_dma32 },
	{ "holes", "DMA 4096 + Normal 8192 frames with a 512-frame hole", l_holes },
	{ "numa", "node 0: DMA 4096 + Normal 4096; node 1: Normal 4096", l_numa },
	{ "highmem", "DMA 4096 + Normal 4096 + HighMem 4096 frames", l_highmem },
	{ "1g", "Normal 262144 frames (1 GiB)", l_1g },
	{ "unaligned", "DMA 512 (none reserved) + Normal 4096: a zone boundary inside a MAX_ORDER block",
	  l_unaligned },
};
const int nr_prog_layouts = (int)(sizeof(prog_layouts) / sizeof(prog_layouts[0]));

const char *const prog_op_name[NR_PROG_OPS] = {
	[OP_ALLOC] = "alloc", [OP_FREE] = "free", [OP_FILL] = "fill", [OP_SET_FLAG] = "flag",
	[OP_SET_CTX] = "ctx", [OP_KILL] = "kill", [OP_EXIT] = "exit", [OP_LOCK] = "lock",
	[OP_UNLOCK] = "unlock", [OP_WAIT_LOCK] = "wait", [OP_CPUSET] = "cpuset",
	[OP_SUSPEND] = "suspend", [OP_RESUME] = "resume", [OP_OOM_DISABLE] = "oom_disable",
	[OP_OOM_ENABLE] = "oom_enable", [OP_DRAIN] = "drain", [OP_KSWAPD] = "kswapd",
	[OP_MMAP_ANON] = "mmap_anon", [OP_TOUCH] = "touch", [OP_FILE] = "file",
	[OP_READ] = "read", [OP_WRITE] = "write", [OP_SYNC] = "sync", [OP_DROP] = "drop",
	[OP_OOM_ADJ] = "oom_score_adj", [OP_MMAP_FILE] = "mmap_file", [OP_PIN] = "pin",
	[OP_UNPIN] = "unpin", [OP_MUNMAP] = "munmap", [OP_FRAGMENT] = "fragment",
	[OP_RELEASE] = "release", [OP_PIN_PATTERN] = "pin", [OP_GIVE] = "give",
	[OP_YIELD_FREE] = "yield_free",
};

const char *const prog_flag_name[] = {
	"PF_MEMALLOC", "PF_DUMPCORE", "PF_KTHREAD", "PF_EXITING", "PF_MEMALLOC_NOIO",
	"TIF_MEMDIE", "RT",
};
const int nr_prog_flags = 7;

static const char *const ctx_name[] = { "process", "softirq", "irq" };

const char *const prog_config_name[NR_PROG_CONFIGS] = {
	[PROG_CONFIG_NUMA] = "CONFIG_NUMA",
	[PROG_CONFIG_COMPACTION] = "CONFIG_COMPACTION",
	[PROG_CONFIG_CMA] = "CONFIG_CMA",
};

/*
 * One "CONFIG_X=y" (or =n) word: sets the option in p; returns 0, or -1
 * if the word names no option or no value.
 */
static int config_word(struct prog *p, const char *w)
{
	for (int k = 0; k < NR_PROG_CONFIGS; k++) {
		size_t n = strlen(prog_config_name[k]);

		if (strncmp(w, prog_config_name[k], n) || w[n] != '=' ||
		    (strcmp(w + n + 1, "y") && strcmp(w + n + 1, "n")))
			continue;
		p->config_set |= (uint8_t)(1u << k);
		if (w[n + 1] == 'y')
			p->config_val |= (uint8_t)(1u << k);
		else
			p->config_val &= (uint8_t)~(1u << k);
		return 0;
	}
	return -1;
}

/* The config record of the binary form and the words of the text form: "A=y B=n" */
static size_t config_format(const struct prog *p, char sep, char *buf, size_t len)
{
	size_t pos = 0;

	buf[0] = 0;
	for (int k = 0; k < NR_PROG_CONFIGS; k++)
		if (p->config_set & (1u << k))
			pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s=%c",
						pos ? (char[2]){ sep, 0 } : "", prog_config_name[k],
						(p->config_val & (1u << k)) ? 'y' : 'n');
	return pos;
}

/* ---- gfp selectors: real masks common, any mask possible --------------- */

static const gfp_t gfp_base[16] = {
	GFP_KERNEL, GFP_NOFS, GFP_NOIO, GFP_ATOMIC, GFP_NOWAIT, GFP_USER, GFP_HIGHUSER,
	GFP_HIGHUSER_MOVABLE, GFP_TRANSHUGE, GFP_KERNEL | __GFP_DMA, GFP_KERNEL | __GFP_DMA32,
	GFP_TEMPORARY, GFP_KERNEL | __GFP_THISNODE, GFP_ATOMIC | __GFP_DMA, GFP_NOFS | __GFP_MOVABLE,
	GFP_KERNEL | __GFP_COMP,
};
static const gfp_t gfp_mod[15] = {
	0, __GFP_NOFAIL, __GFP_NORETRY, __GFP_REPEAT, __GFP_NOWARN, __GFP_NOFAIL | __GFP_NORETRY,
	__GFP_MEMALLOC, __GFP_NOMEMALLOC, __GFP_HIGH, __GFP_NO_KSWAPD, __GFP_WRITE, __GFP_COLD,
	__GFP_COMP, __GFP_THISNODE, __GFP_NOFAIL | __GFP_NOWARN,
};

struct reader {
	const uint8_t *d;
	size_t len, pos;
};

static uint8_t rd8(struct reader *r)
{
	return r->pos < r->len ? r->d[r->pos++] : 0;
}

static uint16_t rd16(struct reader *r)
{
	uint16_t lo = rd8(r);

	return (uint16_t)(lo | (uint16_t)rd8(r) << 8);
}

/*
 * A page count or offset of a world op: the top 3 bits shift the low 13 right,
 * so random bytes mostly give small sizes (cheap runs) and every size up to
 * 8191 is still one value (shift 0: what prog_encode writes).
 */
static uint32_t rdsize(struct reader *r)
{
	uint32_t v = rd16(r);

	return (v & 0x1fff) >> (v >> 13);
}

static uint32_t rd24(struct reader *r)
{
	uint32_t v = rd16(r);

	return v | (uint32_t)rd8(r) << 16;
}

/* A pattern's every (1..PROG_MAX_EVERY) and keep (0..every): any bytes give one. */
#define PROG_MAX_EVERY	4096

static void rdpattern(struct reader *r, uint32_t *every, uint32_t *keep)
{
	*every = 1 + rd16(r) % PROG_MAX_EVERY;
	*keep = rd16(r) % (*every + 1);
}

static gfp_t rdgfp(struct reader *r)
{
	uint8_t s = rd8(r);

	if (s < 240)
		return gfp_base[s % 16] | gfp_mod[s / 16];
	{
		uint32_t v = rd8(r);

		v |= (uint32_t)rd8(r) << 8;
		v |= (uint32_t)rd8(r) << 16;
		v |= (uint32_t)rd8(r) << 24;
		return v & __GFP_BITS_MASK;
	}
}

static int op_uses_task(int kind)
{
	switch (kind) {
	case OP_ALLOC: case OP_FILL: case OP_SET_FLAG: case OP_SET_CTX: case OP_KILL:
	case OP_EXIT: case OP_LOCK: case OP_UNLOCK: case OP_WAIT_LOCK: case OP_CPUSET:
	case OP_MMAP_ANON: case OP_TOUCH: case OP_READ: case OP_WRITE: case OP_OOM_ADJ:
	case OP_MMAP_FILE: case OP_PIN: case OP_UNPIN: case OP_MUNMAP: case OP_FRAGMENT:
	case OP_PIN_PATTERN:
		return 1;
	default:
		return 0;
	}
}

static void clamp_op(struct prog *p, struct prog_op *o)
{
	o->task = (uint8_t)(o->task % (p->nr_tasks + 1));
	if (!op_uses_task(o->kind))
		o->task = 0;
}

/*
 * A named answer's choice byte: 0..111 keep the first format's meaning (1 +
 * byte % 16, the sixteen choices v4.2 asks); 112.. name the choices patch
 * variants added, in order.  named_choice_byte is the inverse.
 */
#define NAMED_CHOICES_V1	16
#define NAMED_PATCH_BASE	112
static uint8_t named_choice_id(unsigned v)
{
	if (v >= NAMED_PATCH_BASE && v - NAMED_PATCH_BASE < NR_CHOICE_IDS - 1 - NAMED_CHOICES_V1)
		return (uint8_t)(1 + NAMED_CHOICES_V1 + (v - NAMED_PATCH_BASE));
	return (uint8_t)(1 + v % NAMED_CHOICES_V1);
}

static unsigned named_choice_byte(unsigned id)
{
	return id <= NAMED_CHOICES_V1 ? id - 1 : NAMED_PATCH_BASE + (id - 1 - NAMED_CHOICES_V1);
}

/* A patch set as decoded: every patch's prerequisites join it, so any set is valid. */
static uint32_t patches_closed(uint32_t bits)
{
	bits &= (1u << NR_PATCHES) - 1;
	for (int i = 0; i < NR_PATCHES; i++)
		if ((bits >> i) & 1u)
			bits |= patch_table[i].needs;
	return bits;
}

/*
 * A byte of the binary form may name a handle, group, mapping or file no
 * earlier operation made, a handle already freed or given away, or a group
 * given away or released whole.  Run, such an operation does nothing (the
 * runner finds no object, or an empty group); the text form refuses it.
 * Decoding leaves those operations out, so every decoded program prints to
 * text that parses, and renumbers the mappings after an mmap_file of a file
 * that does not exist (it made no mapping), so every other operation keeps
 * its object.  Objects are numbered as the runner numbers them: fill and
 * fragment of a kernel kind make a group, fragment of file a file, fragment
 * of anon a mapping.
 */
static void drop_dangling_refs(struct prog *p)
{
	int nh = 0, nv = 0, nf = 0, ng = 0, nv_kept = 0, kept = 0;
	bool h_gone[PROG_MAX_OPS], g_gone[PROG_MAX_OPS];
	int vmap[PROG_MAX_OPS];		/* mapping number as decoded -> as kept, or -1 */

	for (int i = 0; i < p->nr_ops; i++) {
		struct prog_op o = p->ops[i];
		bool keep = true;

		switch (o.kind) {
		case OP_ALLOC:
			h_gone[nh++] = false;
			break;
		case OP_FREE:
			keep = o.ref < nh && !h_gone[o.ref];
			if (keep)
				h_gone[o.ref] = true;
			break;
		case OP_FILL:
			g_gone[ng++] = false;
			break;
		case OP_FRAGMENT:
			if (o.flag % NR_SHAPE_KINDS < SHAPE_FILE)
				g_gone[ng++] = false;
			else if (o.flag % NR_SHAPE_KINDS == SHAPE_FILE)
				nf++;
			else
				vmap[nv++] = nv_kept++;
			break;
		case OP_RELEASE:
			/* keep=0 frees all of the group: a later line finds it empty */
			keep = o.ref < ng && !g_gone[o.ref];
			if (keep && !o.b)
				g_gone[o.ref] = true;
			break;
		case OP_GIVE: {
			bool *gone = o.flag ? h_gone : g_gone;

			keep = o.ref < (o.flag ? nh : ng) && !gone[o.ref];
			if (keep)
				gone[o.ref] = true;
			break;
		}
		case OP_FILE:
			nf++;
			break;
		case OP_READ: case OP_WRITE: case OP_SYNC: case OP_DROP:
			keep = o.ref < nf;
			break;
		case OP_MMAP_ANON:
			vmap[nv++] = nv_kept++;
			break;
		case OP_MMAP_FILE:
			keep = o.ref2 < nf;
			vmap[nv++] = keep ? nv_kept++ : -1;
			break;
		case OP_TOUCH: case OP_PIN: case OP_UNPIN: case OP_MUNMAP: case OP_PIN_PATTERN:
			keep = o.ref < nv && vmap[o.ref] >= 0;
			if (keep)
				o.ref = (uint16_t)vmap[o.ref];
			break;
		default:
			break;
		}
		if (keep)
			p->ops[kept++] = o;
	}
	p->nr_ops = kept;
}

void prog_decode(const uint8_t *data, size_t len, struct prog *p)
{
	struct reader r = { data, len, 0 };
	uint8_t b;
	int nr_ops;

	/* everything but the ops: those the loop below writes are cleared one by one */
	memset(p, 0, offsetof(struct prog, ops));
	p->layout = (uint8_t)(rd8(&r) % nr_prog_layouts);
	b = rd8(&r);
	p->nr_cpus = (uint8_t)(1 + (b & 3));	/* 1..4: each value is a model of its own */
	p->warnings_fatal = (b >> 3) & 1;
	p->swap_pages = (uint32_t)(b >> 4) * 256;
	p->nr_tasks = (uint8_t)(1 + rd8(&r) % PROG_MAX_TASKS);
	for (int t = 0; t < p->nr_tasks; t++)
		snprintf(p->task_name[t], sizeof(p->task_name[t]), "%c", 'A' + t);
	nr_ops = rd8(&r) % (PROG_BIN_MAX_OPS + 1);
	p->repeat = (uint8_t)(rd8(&r) % 16);
	b = rd8(&r);
	p->loop_budget = (uint16_t)(b ? 16 + b : 0);
	for (int i = 0; i < nr_ops && r.pos < r.len; i++) {
		struct prog_op *o = &p->ops[p->nr_ops++];

		memset(o, 0, sizeof(*o));
		b = rd8(&r);
		if (b < 250)
			o->kind = (uint8_t)(b % PROG_OPS_V1);
		else if (b != 254)
			o->kind = (uint8_t)(PROG_OPS_V1 + (b - 250) % (PROG_OPS_V2 - PROG_OPS_V1));
		else
			o->kind = (uint8_t)(PROG_OPS_V2 + rd8(&r) % (NR_PROG_OPS - PROG_OPS_V2));
		o->node = -1;
		switch (o->kind) {
		case OP_ALLOC:
			o->task = rd8(&r);
			o->gfp = rdgfp(&r);
			o->order = (uint8_t)(rd8(&r) % 13);
			o->node = (int8_t)(rd8(&r) % 3) - 1;
			break;
		case OP_FREE: case OP_SYNC: case OP_DROP:
			o->ref = rd8(&r);
			break;
		case OP_FILL: case OP_KILL: case OP_EXIT:
			o->task = rd8(&r);
			break;
		case OP_SET_FLAG:
			o->task = rd8(&r);
			b = rd8(&r);
			o->flag = (uint8_t)((b >> 1) % nr_prog_flags);
			o->on = b & 1;
			break;
		case OP_SET_CTX:
			o->task = rd8(&r);
			o->flag = (uint8_t)(rd8(&r) % 3);
			break;
		case OP_LOCK: case OP_UNLOCK: case OP_WAIT_LOCK:
			o->task = rd8(&r);
			o->flag = (uint8_t)(rd8(&r) % MODEL_MAX_LOCKS);
			break;
		case OP_CPUSET:
			o->task = rd8(&r);
			o->node = (int8_t)(1 + rd8(&r) % 3);
			break;
		case OP_KSWAPD:
			o->node = (int8_t)(rd8(&r) % 2);
			break;
		case OP_MMAP_ANON:
			o->task = rd8(&r);
			o->a = rdsize(&r);
			break;
		case OP_TOUCH:
			o->task = rd8(&r);
			o->ref = rd8(&r);
			o->a = rdsize(&r);
			o->b = rdsize(&r);
			o->flag = rd8(&r) & 1;
			break;
		case OP_FILE:
			o->a = rdsize(&r);
			break;
		case OP_READ: case OP_WRITE:
			o->task = rd8(&r);
			o->ref = rd8(&r);
			o->a = rdsize(&r);
			o->b = rdsize(&r);
			break;
		case OP_OOM_ADJ:
			o->task = rd8(&r);
			o->a = (uint32_t)(rd16(&r) % 2001);
			break;
		case OP_MMAP_FILE:
			o->task = rd8(&r);
			o->ref2 = rd8(&r);
			o->a = rdsize(&r);
			o->b = rdsize(&r);
			break;
		case OP_PIN: case OP_UNPIN:
			o->task = rd8(&r);
			o->ref = rd8(&r);
			o->a = rdsize(&r);
			break;
		case OP_MUNMAP:
			o->task = rd8(&r);
			o->ref = rd8(&r);
			break;
		case OP_FRAGMENT: {
			uint32_t every, keep;

			o->task = rd8(&r);
			b = rd8(&r);
			o->flag = (uint8_t)(b % NR_SHAPE_KINDS);
			o->order = (uint8_t)((b / NR_SHAPE_KINDS) % 2);
			o->node = (int8_t)((b / (2 * NR_SHAPE_KINDS)) % 2);
			o->zone = (uint8_t)(rd8(&r) % MAX_NR_ZONES);
			o->a = rd24(&r);
			o->b = rd24(&r);
			if (o->b < o->a)
				o->b = o->a;
			/* what the range does not use is zero, as the text form leaves it */
			if (o->order) {
				o->node = 0;
				o->zone = 0;
			} else {
				o->a = o->b = 0;
			}
			rdpattern(&r, &every, &keep);
			o->ref = (uint16_t)every;
			o->ref2 = (uint16_t)keep;
			break;
		}
		case OP_RELEASE:
			o->ref = rd8(&r);
			rdpattern(&r, &o->a, &o->b);
			break;
		case OP_PIN_PATTERN:
			o->task = rd8(&r);
			o->ref = rd8(&r);
			rdpattern(&r, &o->a, &o->b);
			break;
		case OP_GIVE:
			o->flag = rd8(&r) & 1;
			o->ref = rd8(&r);
			break;
		case OP_YIELD_FREE:
			o->a = 1 + rd16(&r) % PROG_MAX_EVERY;
			break;
		default:
			break;
		}
		clamp_op(p, o);
	}
	drop_dangling_refs(p);
	/* answers: a count byte, then the answers */
	{
		int n = rd8(&r);

		for (int i = 0; i < n && r.pos < r.len; i++)
			p->answers[p->nr_answers++] = rd8(&r);
	}
	if (p->repeat > p->nr_answers)
		p->repeat = (uint8_t)p->nr_answers;
	/* named answers: a count byte, then (choice | forever << 7, value) pairs */
	{
		int n = rd8(&r) % 65;

		for (int i = 0; i < n && r.pos < r.len; i++) {
			uint8_t id = rd8(&r), v = rd8(&r);
			struct prog_named *na = &p->named[p->nr_named++];

			na->id = named_choice_id(id & 0x7f);
			na->forever = id >> 7;
			na->value = v;
		}
	}
	/* trailer: expect lines and fault specs, each a length-prefixed string */
	while (r.pos < r.len) {
		uint8_t kind = rd8(&r), n = rd8(&r);
		char s[PROG_RECORD_MAX + 1];
		int k = 0;

		while (k < n && k < PROG_RECORD_MAX && r.pos < r.len)
			s[k++] = (char)rd8(&r);
		s[k] = 0;
		if (kind == 0xfd) {
			/* `patch`: a bit mask, low byte first (this trailer kind was a fault before) */
			uint32_t v = 0;

			for (int i = 0; i < k && i < 4; i++)
				v |= (uint32_t)(uint8_t)s[i] << (8 * i);
			p->patches = patches_closed(v);
			continue;
		}
		if (kind == 0xfe) {
			uint64_t v = 0;

			for (int i = 0; i < k && i < 8; i++)
				v |= (uint64_t)(uint8_t)s[i] << (8 * i);
			if (k == 8) {
				p->has_trace_pin = true;
				p->trace_pin = v;
			}
			continue;
		}
		/* a word of a text line, whatever the bytes: no blank, control byte or comment */
		for (int i = 0; i < k; i++)
			if (!isprint((unsigned char)s[i]) || s[i] == '#' || s[i] == ' ')
				s[i] = '_';
		/*
		 * Build options: a fault-kind record that starts "config:" (no fault
		 * spec does, so older inputs keep their meaning); words that name
		 * no option are skipped.
		 */
		if ((kind & 1) && !strncmp(s, "config:", 7)) {
			char *save = NULL;

			for (char *w = strtok_r(s + 7, ",", &save); w; w = strtok_r(NULL, ",", &save))
				config_word(p, w);
			continue;
		}
		/*
		 * The rest of the last expect line's signature, past the
		 * PROG_RECORD_MAX characters a record holds (prog_encode).  With no expect line
		 * before it, the record is an expect line of its own, as it was
		 * before this kind meant more.
		 */
		if (kind == 0xfc && p->nr_expect) {
			struct prog_expect *e = &p->expect[p->nr_expect - 1];
			size_t have = strlen(e->sig);

			for (int i = 0; i < k && have < PROG_SIG_MAX; i++)
				e->sig[have++] = s[i];
			e->sig[have] = 0;
			continue;
		}
		if ((kind & 1) == 0 && p->nr_expect < PROG_MAX_EXPECT) {
			struct prog_expect *e = &p->expect[p->nr_expect++];

			/* verdicts past the first nine keep their old decoding (% 9) */
			e->verdict = (uint8_t)((kind >> 1) < NR_VERDICTS ? (kind >> 1) : (kind >> 1) % 9);
			snprintf(e->sig, sizeof(e->sig), "%s", s);
		} else if ((kind & 1) && p->nr_faults < PROG_MAX_FAULTS && k) {
			struct fault_sched fs;
			char ferr[256];

			/* a valid spec is kept as written; other bytes choose a schedule */
			if (fault_parse(s, &fs, ferr, sizeof(ferr)))
				snprintf(s, sizeof(s), "%s:probability=%d,times=%d,interval=%d",
					 fault_points[(uint8_t)s[0] % nr_fault_points].name,
					 (uint8_t)s[k > 1 ? 1 : 0] % 101,
					 k > 2 ? (int)((uint8_t)s[2] % 17) - 1 : 1,
					 k > 3 ? 1 + (uint8_t)s[3] % 8 : 1);
			{
				/* a longer spec keeps its first 127 bytes, the same on every decode */
				size_t sl = strnlen(s, sizeof(p->faults[0]) - 1);

				memcpy(p->faults[p->nr_faults], s, sl);
				p->faults[p->nr_faults++][sl] = 0;
			}
		}
	}
}

/* ---- removing an operation with its users -------------------------------- */

/* Kinds of object a program makes and names (hN, vN, fN, gN). */
enum { OBJ_HANDLE, OBJ_MAPPING, OBJ_FILE, OBJ_GROUP, NR_OBJ_KINDS };

/* The kind of object an operation's ref names, or -1 (fragment's ref is its pattern). */
static int ref_kind(const struct prog_op *o)
{
	switch (o->kind) {
	case OP_FREE:
		return OBJ_HANDLE;
	case OP_TOUCH: case OP_PIN: case OP_UNPIN: case OP_MUNMAP: case OP_PIN_PATTERN:
		return OBJ_MAPPING;
	case OP_READ: case OP_WRITE: case OP_SYNC: case OP_DROP:
		return OBJ_FILE;
	case OP_RELEASE:
		return OBJ_GROUP;
	case OP_GIVE:
		return o->flag ? OBJ_HANDLE : OBJ_GROUP;
	default:
		return -1;
	}
}

/* The kind of object an operation makes, or -1: as the runner numbers them. */
static int made_kind(const struct prog_op *o)
{
	switch (o->kind) {
	case OP_ALLOC:
		return OBJ_HANDLE;
	case OP_MMAP_ANON: case OP_MMAP_FILE:
		return OBJ_MAPPING;
	case OP_FILE:
		return OBJ_FILE;
	case OP_FILL:
		return OBJ_GROUP;
	case OP_FRAGMENT:
		return o->flag % NR_SHAPE_KINDS < SHAPE_FILE ? OBJ_GROUP :
		       o->flag % NR_SHAPE_KINDS == SHAPE_FILE ? OBJ_FILE : OBJ_MAPPING;
	default:
		return -1;
	}
}

void prog_remove_op(struct prog *p, int i)
{
	static int maker[NR_OBJ_KINDS][PROG_MAX_OPS];	/* per kind and number: the op that made it */
	static int uses[PROG_MAX_OPS][2];	/* per op: the ops that made ref's and ref2's object */
	static int renumbered[PROG_MAX_OPS];	/* per op that makes an object: its new number */
	static bool gone[PROG_MAX_OPS];
	int nr[NR_OBJ_KINDS] = { 0 }, kept = 0;

	for (int j = 0; j < p->nr_ops; j++) {
		const struct prog_op *o = &p->ops[j];
		int k = ref_kind(o), m = made_kind(o);

		uses[j][0] = k >= 0 && o->ref < nr[k] ? maker[k][o->ref] : -1;
		uses[j][1] = o->kind == OP_MMAP_FILE && o->ref2 < nr[OBJ_FILE] ?
			     maker[OBJ_FILE][o->ref2] : -1;
		if (m >= 0)
			maker[m][nr[m]++] = j;
		/* what uses a removed op's object goes too; makers come before users */
		gone[j] = j == i || (uses[j][0] >= 0 && gone[uses[j][0]]) ||
			  (uses[j][1] >= 0 && gone[uses[j][1]]);
	}
	memset(nr, 0, sizeof(nr));
	for (int j = 0; j < p->nr_ops; j++) {
		struct prog_op o = p->ops[j];
		int m = made_kind(&o);

		if (gone[j])
			continue;
		if (m >= 0)
			renumbered[j] = nr[m]++;
		if (uses[j][0] >= 0)
			o.ref = (uint16_t)renumbered[uses[j][0]];
		if (uses[j][1] >= 0)
			o.ref2 = (uint16_t)renumbered[uses[j][1]];
		p->ops[kept++] = o;
	}
	p->nr_ops = kept;
}

/* ---- encoding ------------------------------------------------------------- */

struct writer {
	uint8_t *d;
	size_t cap, pos;
};

static void wr8(struct writer *w, unsigned v)
{
	if (w->pos < w->cap)
		w->d[w->pos] = (uint8_t)v;
	w->pos++;
}

static void wr16(struct writer *w, unsigned v)
{
	wr8(w, v & 0xff);
	wr8(w, (v >> 8) & 0xff);
}

static void wrgfp(struct writer *w, gfp_t g)
{
	for (unsigned s = 0; s < 240; s++)
		if ((gfp_base[s % 16] | gfp_mod[s / 16]) == g) {
			wr8(w, s);
			return;
		}
	wr8(w, 255);
	wr8(w, g & 0xff);
	wr8(w, (g >> 8) & 0xff);
	wr8(w, (g >> 16) & 0xff);
	wr8(w, (g >> 24) & 0xff);
}

size_t prog_encode(const struct prog *p, uint8_t *out, size_t cap)
{
	struct writer w = { out, cap, 0 };

	wr8(&w, p->layout);
	wr8(&w, (unsigned)((p->nr_cpus - 1) & 3) | (p->warnings_fatal ? 8u : 0u) |
		(unsigned)((p->swap_pages / 256) & 15) << 4);
	wr8(&w, (unsigned)(p->nr_tasks - 1));
	wr8(&w, (unsigned)(p->nr_ops < PROG_BIN_MAX_OPS ? p->nr_ops : PROG_BIN_MAX_OPS));
	wr8(&w, p->repeat);
	wr8(&w, p->loop_budget ? (unsigned)(p->loop_budget - 16) : 0);
	for (int i = 0; i < p->nr_ops && i < PROG_BIN_MAX_OPS; i++) {
		const struct prog_op *o = &p->ops[i];

		if (o->kind < PROG_OPS_V1) {
			wr8(&w, o->kind);
		} else if (o->kind < PROG_OPS_V2) {
			wr8(&w, 250u + (unsigned)(o->kind - PROG_OPS_V1));
		} else {
			wr8(&w, 254);
			wr8(&w, (unsigned)(o->kind - PROG_OPS_V2));
		}
		switch (o->kind) {
		case OP_ALLOC:
			wr8(&w, o->task);
			wrgfp(&w, o->gfp);
			wr8(&w, o->order);
			wr8(&w, (unsigned)(o->node + 1));
			break;
		case OP_FREE: case OP_SYNC: case OP_DROP:
			wr8(&w, o->ref);
			break;
		case OP_FILL: case OP_KILL: case OP_EXIT:
			wr8(&w, o->task);
			break;
		case OP_SET_FLAG:
			wr8(&w, o->task);
			wr8(&w, (unsigned)(o->flag << 1) | o->on);
			break;
		case OP_SET_CTX: case OP_LOCK: case OP_UNLOCK: case OP_WAIT_LOCK:
			wr8(&w, o->task);
			wr8(&w, o->flag);
			break;
		case OP_CPUSET:
			wr8(&w, o->task);
			wr8(&w, (unsigned)(o->node - 1));
			break;
		case OP_KSWAPD:
			wr8(&w, (unsigned)o->node);
			break;
		case OP_MMAP_ANON: case OP_OOM_ADJ:
			wr8(&w, o->task);
			wr16(&w, o->a);
			break;
		case OP_TOUCH:
			wr8(&w, o->task);
			wr8(&w, o->ref);
			wr16(&w, o->a);
			wr16(&w, o->b);
			wr8(&w, o->flag);
			break;
		case OP_FILE:
			wr16(&w, o->a);
			break;
		case OP_READ: case OP_WRITE:
			wr8(&w, o->task);
			wr8(&w, o->ref);
			wr16(&w, o->a);
			wr16(&w, o->b);
			break;
		case OP_MMAP_FILE:
			wr8(&w, o->task);
			wr8(&w, o->ref2);
			wr16(&w, o->a);
			wr16(&w, o->b);
			break;
		case OP_PIN: case OP_UNPIN:
			wr8(&w, o->task);
			wr8(&w, o->ref);
			wr16(&w, o->a);
			break;
		case OP_MUNMAP:
			wr8(&w, o->task);
			wr8(&w, o->ref);
			break;
		case OP_FRAGMENT:
			wr8(&w, o->task);
			wr8(&w, o->flag + NR_SHAPE_KINDS * (o->order + 2u * (unsigned)o->node));
			wr8(&w, o->zone);
			wr8(&w, o->a & 0xff);
			wr16(&w, (o->a >> 8) & 0xffff);
			wr8(&w, o->b & 0xff);
			wr16(&w, (o->b >> 8) & 0xffff);
			wr16(&w, (unsigned)o->ref - 1);
			wr16(&w, o->ref2);
			break;
		case OP_RELEASE:
			wr8(&w, o->ref);
			wr16(&w, o->a - 1);
			wr16(&w, o->b);
			break;
		case OP_PIN_PATTERN:
			wr8(&w, o->task);
			wr8(&w, o->ref);
			wr16(&w, o->a - 1);
			wr16(&w, o->b);
			break;
		case OP_GIVE:
			wr8(&w, o->flag);
			wr8(&w, o->ref);
			break;
		case OP_YIELD_FREE:
			wr16(&w, o->a - 1);
			break;
		default:
			break;
		}
	}
	wr8(&w, (unsigned)p->nr_answers);
	for (int i = 0; i < p->nr_answers; i++)
		wr8(&w, p->answers[i]);
	wr8(&w, (unsigned)p->nr_named);
	for (int i = 0; i < p->nr_named; i++) {
		wr8(&w, named_choice_byte(p->named[i].id) | (p->named[i].forever ? 0x80u : 0));
		wr8(&w, p->named[i].value);
	}
	for (int i = 0; i < p->nr_expect; i++) {
		size_t n = strlen(p->expect[i].sig), first = n < PROG_RECORD_MAX ? n : PROG_RECORD_MAX;

		/* a record holds PROG_RECORD_MAX characters (prog_decode); a 0xfc record the rest */
		wr8(&w, (unsigned)(p->expect[i].verdict << 1));
		wr8(&w, (unsigned)first);
		for (size_t k = 0; k < first; k++)
			wr8(&w, (uint8_t)p->expect[i].sig[k]);
		if (n > first) {
			wr8(&w, 0xfc);
			wr8(&w, (unsigned)(n - first));
			for (size_t k = first; k < n; k++)
				wr8(&w, (uint8_t)p->expect[i].sig[k]);
		}
	}
	if (p->has_trace_pin) {
		wr8(&w, 0xfe);
		wr8(&w, 8);
		for (int i = 0; i < 8; i++)
			wr8(&w, (unsigned)(p->trace_pin >> (8 * i)) & 0xff);
	}
	if (p->patches) {
		wr8(&w, 0xfd);
		wr8(&w, 1);
		wr8(&w, p->patches & 0xff);
	}
	if (p->config_set) {
		char cs[160] = "config:";
		size_t n = 7 + config_format(p, ',', cs + 7, sizeof(cs) - 7);

		wr8(&w, 3);
		wr8(&w, (unsigned)n);
		for (size_t k = 0; k < n; k++)
			wr8(&w, (uint8_t)cs[k]);
	}
	for (int i = 0; i < p->nr_faults; i++) {
		size_t n = strlen(p->faults[i]);

		wr8(&w, 1);
		wr8(&w, (unsigned)n);
		for (size_t k = 0; k < n; k++)
			wr8(&w, (uint8_t)p->faults[i][k]);
	}
	return w.pos;
}

bool prog_fits_binary(const struct prog *p, char *why, size_t len)
{
	if (p->nr_ops > PROG_BIN_MAX_OPS) {
		snprintf(why, len, "%d operations: the binary form holds at most %d (the text form "
			 "%d)", p->nr_ops, PROG_BIN_MAX_OPS, PROG_MAX_OPS);
		return false;
	}
	for (int i = 0; i < p->nr_ops; i++)
		if (p->ops[i].ref > 255 || p->ops[i].ref2 > 255) {
			snprintf(why, len, "operation %d names object %u: the binary form names 0..255",
				 i + 1, p->ops[i].ref > 255 ? p->ops[i].ref : p->ops[i].ref2);
			return false;
		}
	return true;
}

bool prog_equal(const struct prog *a, const struct prog *b)
{
	if (a->layout != b->layout || a->nr_cpus != b->nr_cpus ||
	    a->warnings_fatal != b->warnings_fatal || a->loop_budget != b->loop_budget ||
	    a->swap_pages != b->swap_pages || a->nr_tasks != b->nr_tasks ||
	    a->nr_ops != b->nr_ops || a->nr_answers != b->nr_answers || a->repeat != b->repeat ||
	    a->nr_expect != b->nr_expect || a->nr_faults != b->nr_faults)
		return false;
	for (int i = 0; i < a->nr_ops; i++) {
		const struct prog_op *x = &a->ops[i], *y = &b->ops[i];

		if (x->kind != y->kind || x->task != y->task || x->order != y->order ||
		    x->flag != y->flag || x->on != y->on || x->node != y->node ||
		    x->gfp != y->gfp || x->ref != y->ref || x->ref2 != y->ref2 || x->a != y->a ||
		    x->b != y->b || x->zone != y->zone)
			return false;
	}
	if (memcmp(a->answers, b->answers, (size_t)a->nr_answers) || a->nr_named != b->nr_named)
		return false;
	for (int i = 0; i < a->nr_named; i++)
		if (a->named[i].id != b->named[i].id || a->named[i].value != b->named[i].value ||
		    a->named[i].forever != b->named[i].forever)
			return false;
	for (int i = 0; i < a->nr_expect; i++)
		if (a->expect[i].verdict != b->expect[i].verdict ||
		    strcmp(a->expect[i].sig, b->expect[i].sig))
			return false;
	for (int i = 0; i < a->nr_faults; i++)
		if (strcmp(a->faults[i], b->faults[i]))
			return false;
	return a->has_trace_pin == b->has_trace_pin && a->trace_pin == b->trace_pin &&
	       a->patches == b->patches && a->config_set == b->config_set &&
	       (a->config_val & a->config_set) == (b->config_val & b->config_set);
}

void prog_model_config(const struct prog *p, struct model_config *c)
{
	prog_layouts[p->layout % nr_prog_layouts].setup(c);
	c->nr_cpus = p->nr_cpus;
	c->warnings_fatal = p->warnings_fatal;
	c->loop_budget = p->loop_budget;
	c->swap_pages = p->swap_pages;
	c->patches = p->patches;
	c->patch_oracles = p->patches != 0;
	if (p->config_set & (1u << PROG_CONFIG_NUMA))
		c->numa = (p->config_val >> PROG_CONFIG_NUMA) & 1;
	if (p->config_set & (1u << PROG_CONFIG_COMPACTION))
		c->compaction = (p->config_val >> PROG_CONFIG_COMPACTION) & 1;
	if (p->config_set & (1u << PROG_CONFIG_CMA))
		c->cma = (p->config_val >> PROG_CONFIG_CMA) & 1;
}

/* ---- text: printing ---------------------------------------------------------- */

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf ? o->buf + (o->pos < o->len ? o->pos : o->len) : NULL,
		      o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *tname(const struct prog *p, int t)
{
	return t == 0 ? "init" : p->task_name[t - 1];
}

size_t prog_print(const struct prog *p, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char g[640];
	int nh = 0, nv = 0, nf = 0, ng = 0;

	if (buf && len)
		buf[0] = 0;
	put(&o, "pafuzz 1\n");
	put(&o, "layout %s\n", prog_layouts[p->layout % nr_prog_layouts].name);
	put(&o, "cpus %d\n", p->nr_cpus);
	if (p->config_set) {
		char cs[160];

		config_format(p, ' ', cs, sizeof(cs));
		put(&o, "config %s\n", cs);
	}
	if (p->swap_pages)
		put(&o, "swap %u\n", p->swap_pages);
	if (p->loop_budget)
		put(&o, "budget %u\n", p->loop_budget);
	if (p->warnings_fatal)
		put(&o, "warnings_fatal\n");
	if (p->patches) {
		put(&o, "patch ");
		for (int i = 0, n = 0; i < NR_PATCHES; i++)
			if ((p->patches >> i) & 1u)
				put(&o, "%s%s", n++ ? "," : "", patch_table[i].name);
		put(&o, "\n");
	}
	for (int t = 0; t < p->nr_tasks; t++)
		put(&o, "task %s\n", p->task_name[t]);
	for (int i = 0; i < p->nr_faults; i++)
		put(&o, "fault %s\n", p->faults[i]);
	for (int i = 0; i < p->nr_ops; i++) {
		const struct prog_op *op = &p->ops[i];
		const char *n = prog_op_name[op->kind];

		switch (op->kind) {
		case OP_ALLOC:
			put(&o, "alloc %s %s order=%u", tname(p, op->task),
			    gfp_format(op->gfp, g, sizeof(g)), op->order);
			if (op->node >= 0)
				put(&o, " node=%d", op->node);
			put(&o, " -> h%d\n", nh++);
			break;
		case OP_FREE:
			put(&o, "free h%u\n", op->ref);
			break;
		case OP_SYNC: case OP_DROP:
			put(&o, "%s f%u\n", n, op->ref);
			break;
		case OP_FILL:
			ng++;	/* its group, numbered without an arrow */
			put(&o, "%s %s\n", n, tname(p, op->task));
			break;
		case OP_KILL: case OP_EXIT:
			put(&o, "%s %s\n", n, tname(p, op->task));
			break;
		case OP_SET_FLAG:
			put(&o, "flag %s %c%s\n", tname(p, op->task), op->on ? '+' : '-',
			    prog_flag_name[op->flag % nr_prog_flags]);
			break;
		case OP_SET_CTX:
			put(&o, "ctx %s %s\n", tname(p, op->task), ctx_name[op->flag % 3]);
			break;
		case OP_LOCK: case OP_UNLOCK: case OP_WAIT_LOCK:
			put(&o, "%s %s %u\n", n, tname(p, op->task), op->flag);
			break;
		case OP_CPUSET:
			put(&o, "cpuset %s %d\n", tname(p, op->task), op->node);
			break;
		case OP_KSWAPD:
			put(&o, "kswapd %d\n", op->node);
			break;
		case OP_MMAP_ANON:
			put(&o, "mmap_anon %s %u -> v%d\n", tname(p, op->task), op->a, nv++);
			break;
		case OP_TOUCH:
			put(&o, "touch %s v%u %u %u%s\n", tname(p, op->task), op->ref, op->a, op->b,
			    op->flag ? " write" : "");
			break;
		case OP_FILE:
			put(&o, "file %u -> f%d\n", op->a, nf++);
			break;
		case OP_READ: case OP_WRITE:
			put(&o, "%s %s f%u %u %u\n", n, tname(p, op->task), op->ref, op->a, op->b);
			break;
		case OP_OOM_ADJ:
			put(&o, "oom_score_adj %s %d\n", tname(p, op->task), (int)op->a - 1000);
			break;
		case OP_MMAP_FILE:
			put(&o, "mmap_file %s f%u %u %u -> v%d\n", tname(p, op->task), op->ref2, op->a,
			    op->b, nv++);
			break;
		case OP_PIN: case OP_UNPIN:
			put(&o, "%s %s v%u %u\n", n, tname(p, op->task), op->ref, op->a);
			break;
		case OP_MUNMAP:
			put(&o, "munmap %s v%u\n", tname(p, op->task), op->ref);
			break;
		case OP_FRAGMENT: {
			int kind = op->flag % NR_SHAPE_KINDS;

			put(&o, "fragment %s ", tname(p, op->task));
			if (op->order)
				put(&o, "pfn=%#x-%#x", op->a, op->b);
			else
				put(&o, "zone=%s%s", zone_name(op->zone % MAX_NR_ZONES),
				    op->node > 0 ? " node=1" : "");
			put(&o, " every=%u keep=%u %s", op->ref, op->ref2, shape_kind_name[kind]);
			if (kind < SHAPE_FILE)
				put(&o, " -> g%d\n", ng++);
			else if (kind == SHAPE_FILE)
				put(&o, " -> f%d\n", nf++);
			else
				put(&o, " -> v%d\n", nv++);
			break;
		}
		case OP_RELEASE:
			put(&o, "release g%u every=%u keep=%u\n", op->ref, op->a, op->b);
			break;
		case OP_PIN_PATTERN:
			put(&o, "pin %s v%u every=%u keep=%u\n", tname(p, op->task), op->ref, op->a, op->b);
			break;
		case OP_GIVE:
			put(&o, "give %c%u\n", op->flag ? 'h' : 'g', op->ref);
			break;
		case OP_YIELD_FREE:
			put(&o, "yield_free %u\n", op->a);
			break;
		default:
			put(&o, "%s\n", n);
		}
	}
	for (int i = 0; i < p->nr_named; i++) {
		const struct prog_named *na = &p->named[i];
		const char *on = choice_outcome_name((enum choice_id)na->id, na->value);

		if (choice_table[na->id].outcomes && na->value < choice_table[na->id].nr)
			put(&o, "answer %s=%s%s\n", choice_table[na->id].name, on,
			    na->forever ? " forever" : "");
		else
			put(&o, "answer %s=%u%s\n", choice_table[na->id].name, na->value,
			    na->forever ? " forever" : "");
	}
	for (int i = 0; i < p->nr_answers; i++)
		put(&o, "answer %u\n", p->answers[i]);
	if (p->repeat)
		put(&o, "repeat %u\n", p->repeat);
	if (p->has_trace_pin)
		put(&o, "trace %016llx\n", (unsigned long long)p->trace_pin);
	for (int i = 0; i < p->nr_expect; i++)
		put(&o, "expect %s%s%s\n", verdict_name[p->expect[i].verdict % NR_VERDICTS],
		    p->expect[i].sig[0] ? " " : "", p->expect[i].sig);
	return o.pos;
}

/* ---- text: parsing ------------------------------------------------------------ */

struct parser {
	const char *file;
	int line;
	const char *start;	/* of the line */
	const char *s;		/* cursor */
	char *err;
	size_t errlen;
	int nh, nv, nf, ng;	/* handles, vmas, files, groups declared so far */
	int repeat_line;	/* of the repeat line, checked once every answer is read */
	/*
	 * Per handle and per group: the line that ended it for the program, or
	 * 0, and how (enum gone).  Run, a later free, give or release of it finds
	 * nothing to act on (the runner forgets a handle it freed or gave, and
	 * empties a group it gave or released whole), so the text form refuses it.
	 */
	int h_gone[PROG_MAX_OPS], g_gone[PROG_MAX_OPS];
	uint8_t h_how[PROG_MAX_OPS], g_how[PROG_MAX_OPS];
};

enum gone { GONE_FREED, GONE_GIVEN, GONE_RELEASED };
/* "h0 is <done> twice (line 4 <did>)", "h0 is <done> after line 4 <did>" */
static const char *const gone_done[] = { "freed", "given", "released" };
static const char *const gone_did[] = { "freed it", "gave it away", "released all of it" };

static int fail(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "%s:%d:%d: %s", ps->file, ps->line,
		 (int)(at - ps->start) + 1, msg);
	return -1;
}

/*
 * Object ref of kind 'h' or 'g' (parsed at at) is about to be freed, given or
 * released (how): -1 with the error if an earlier line already ended it.
 * ends: whether this line ends it in turn.
 */
static int use_once(struct parser *ps, const char *at, char kind, unsigned ref, enum gone how,
		    bool ends)
{
	int *line = kind == 'h' ? &ps->h_gone[ref] : &ps->g_gone[ref];
	uint8_t *was = kind == 'h' ? &ps->h_how[ref] : &ps->g_how[ref];

	if (*line && *was == how)
		return fail(ps, at, "%c%u is %s twice (line %d %s)", kind, ref, gone_done[how], *line,
			    gone_did[*was]);
	if (*line)
		return fail(ps, at, "%c%u is %s after line %d %s", kind, ref, gone_done[how], *line,
			    gone_did[*was]);
	if (ends) {
		*line = ps->line;
		*was = (uint8_t)how;
	}
	return 0;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->s == ' ' || *ps->s == '\t')
		ps->s++;
}

/* Copies the next word (up to whitespace) into w; returns its start. */
static const char *word(struct parser *ps, char *w, size_t n)
{
	const char *at;
	size_t k = 0;

	skip_ws(ps);
	at = ps->s;
	while (*ps->s && *ps->s != ' ' && *ps->s != '\t' && *ps->s != '\n' && *ps->s != '#') {
		if (k + 1 < n)
			w[k++] = *ps->s;
		ps->s++;
	}
	w[k] = 0;
	return at;
}

static int number(struct parser *ps, const char *what, long lo, long hi, long *v)
{
	char w[64], *end;
	const char *at = word(ps, w, sizeof(w));

	if (!w[0])
		return fail(ps, at, "expected %s (a number %ld..%ld)", what, lo, hi);
	errno = 0;
	*v = strtol(w, &end, 0);
	if (*end || errno || *v < lo || *v > hi)
		return fail(ps, at, "expected %s (a number %ld..%ld), got '%s'", what, lo, hi, w);
	return 0;
}

static int task_ref(struct parser *ps, const struct prog *p, uint8_t *t)
{
	char w[32];
	const char *at = word(ps, w, sizeof(w));

	if (!strcmp(w, "init")) {
		*t = 0;
		return 0;
	}
	for (int i = 0; i < p->nr_tasks; i++)
		if (!strcmp(w, p->task_name[i])) {
			*t = (uint8_t)(i + 1);
			return 0;
		}
	return fail(ps, at, "expected a task declared with 'task NAME' (or init), got '%s'", w);
}

static int obj_ref(struct parser *ps, char kind, int nr, uint16_t *ref)
{
	char w[32], *end;
	const char *at = word(ps, w, sizeof(w));
	const char *what = kind == 'h' ? "handle" : kind == 'v' ? "mapping" : kind == 'g' ?
			   "group" : "file";
	long v;

	if (w[0] != kind)
		return fail(ps, at, "expected %c<N> (a %s made by an earlier line%s), got '%s'", kind,
			    what, kind == 'g' ? ": fill, fragment" : "", w);
	v = strtol(w + 1, &end, 10);
	if (!w[1] || *end || v < 0 || v >= PROG_MAX_OPS)
		return fail(ps, at, "expected %c<N> with N 0..%d, got '%s'", kind, PROG_MAX_OPS - 1, w);
	/* run, a reference to nothing would do nothing: a typo must not pass silently */
	if (v >= nr && !nr)
		return fail(ps, at, "no %s %s: no earlier line made a %s", what, w, what);
	if (v >= nr)
		return fail(ps, at, "no %s %s: the lines so far made %c0..%c%d", what, w, kind, kind,
			    nr - 1);
	*ref = (uint16_t)v;
	return 0;
}

/* Optional "-> xN": must name the next object of its kind. */
static int arrow(struct parser *ps, char kind, int *next)
{
	char w[32], *end;
	const char *at;

	skip_ws(ps);
	if (ps->s[0] != '-' || ps->s[1] != '>') {
		(*next)++;
		return 0;
	}
	ps->s += 2;
	at = word(ps, w, sizeof(w));
	if (w[0] != kind || strtol(w + 1, &end, 10) != *next || *end)
		return fail(ps, at, "expected -> %c%d (objects are numbered in order), got '%s'",
			    kind, *next, w);
	(*next)++;
	return 0;
}

static int parse_answer(struct parser *ps, struct prog *p)
{
	char w[64], *eq, *end;
	const char *at = word(ps, w, sizeof(w));
	long v;

	if (p->nr_answers >= PROG_MAX_ANSWERS)
		return fail(ps, at, "at most %d answers", PROG_MAX_ANSWERS);
	eq = strchr(w, '=');
	if (!eq) {
		v = strtol(w, &end, 0);
		if (!w[0] || *end || v < 0 || v > 255)
			return fail(ps, at, "expected CHOICE=OUTCOME or a number 0..255, got '%s'", w);
		p->answers[p->nr_answers++] = (uint8_t)v;
		return 0;
	}
	*eq = 0;
	{
		int id = choice_id_by_name(w), value = -1;
		char fw[32];
		const char *fat;

		if (id < 0)
			return fail(ps, at, "unknown choice '%s' (see `pafuzz choices`)", w);
		if (p->nr_named >= 64)
			return fail(ps, at, "at most 64 named answers");
		for (unsigned k = 0; k < choice_table[id].nr && k < 256 && choice_table[id].outcomes; k++)
			if (!strcmp(choice_outcome_name((enum choice_id)id, k), eq + 1))
				value = (int)k;
		if (value < 0) {
			v = strtol(eq + 1, &end, 0);
			if (eq[1] && !*end && v >= 0 && v < 256)
				value = (int)v;
		}
		if (value < 0)
			return fail(ps, at + (eq - w) + 1, "unknown outcome '%s' of choice %s", eq + 1, w);
		p->named[p->nr_named].id = (uint8_t)id;
		p->named[p->nr_named].value = (uint8_t)value;
		fat = word(ps, fw, sizeof(fw));
		if (fw[0] && strcmp(fw, "forever"))
			return fail(ps, fat, "expected 'forever' or the end of the line, got '%s'", fw);
		p->named[p->nr_named++].forever = fw[0] != 0;
		return 0;
	}
}

/* "every=N [keep=K]": N 1..4096, K 0..N (default 1) */
static int pattern(struct parser *ps, uint32_t *every, uint32_t *keep)
{
	long v;

	skip_ws(ps);
	if (strncmp(ps->s, "every=", 6)) {
		char w[64];
		const char *at = word(ps, w, sizeof(w));

		return fail(ps, at, "expected every=N (1..%d), got '%s'", PROG_MAX_EVERY, w);
	}
	ps->s += 6;
	if (number(ps, "every", 1, PROG_MAX_EVERY, &v))
		return -1;
	*every = (uint32_t)v;
	*keep = 1;
	skip_ws(ps);
	if (!strncmp(ps->s, "keep=", 5)) {
		ps->s += 5;
		if (number(ps, "keep (0..every)", 0, *every, &v))
			return -1;
		*keep = (uint32_t)v;
	}
	return 0;
}

/*
 * fragment TASK (zone=NAME [node=N] | pfn=START-END) every=N [keep=K] KIND [-> xN]:
 * the range, the pattern and the kind, in any order.
 */
static int parse_fragment(struct parser *ps, const struct prog *p, struct prog_op *o)
{
	bool have_range = false, have_kind = false, have_every = false;
	char w[96];

	if (task_ref(ps, p, &o->task))
		return -1;
	o->node = 0;
	o->ref2 = 1;
	for (;;) {
		const char *at;
		long v;

		skip_ws(ps);
		if (!*ps->s || *ps->s == '#' || *ps->s == '-')
			break;
		if (!strncmp(ps->s, "every=", 6)) {
			ps->s += 6;
			if (number(ps, "every", 1, PROG_MAX_EVERY, &v))
				return -1;
			o->ref = (uint16_t)v;
			have_every = true;
			continue;
		}
		if (!strncmp(ps->s, "node=", 5)) {
			ps->s += 5;
			if (number(ps, "a node 0..1", 0, 1, &v))
				return -1;
			o->node = (int8_t)v;
			continue;
		}
		if (!strncmp(ps->s, "keep=", 5)) {
			ps->s += 5;
			if (number(ps, "keep", 0, PROG_MAX_EVERY, &v))
				return -1;
			o->ref2 = (uint16_t)v;
			continue;
		}
		at = word(ps, w, sizeof(w));
		if (!strncmp(w, "zone=", 5)) {
			int z = -1;

			for (int k = 0; k < MAX_NR_ZONES; k++)
				if (!strcasecmp(w + 5, zone_name(k)))
					z = k;
			if (z < 0)
				return fail(ps, at + 5, "expected DMA, DMA32, Normal, HighMem or Movable, "
					    "got '%s'", w + 5);
			o->order = 0;
			o->zone = (uint8_t)z;
			have_range = true;
		} else if (!strncmp(w, "pfn=", 4)) {
			char *end;
			unsigned long lo, hi;

			errno = 0;
			lo = strtoul(w + 4, &end, 0);
			hi = *end == '-' ? strtoul(end + 1, &end, 0) : lo;
			if (w[4] == '-' || *end || errno || hi < lo || hi > 0xffffff)
				return fail(ps, at, "expected pfn=START-END (inclusive, END <= 0xffffff), "
					    "got '%s'", w);
			o->order = 1;
			o->a = (uint32_t)lo;
			o->b = (uint32_t)hi;
			have_range = true;
		} else {
			int k = -1;

			for (int i = 0; i < NR_SHAPE_KINDS; i++)
				if (!strcmp(w, shape_kind_name[i]))
					k = i;
			if (k < 0)
				return fail(ps, at, "expected zone=NAME, pfn=START-END, every=N, keep=K or "
					    "a kind (unmovable, reclaimable, movable, file, anon), got '%s'",
					    w);
			o->flag = (uint8_t)k;
			have_kind = true;
		}
	}
	if (!have_range || !have_every || !have_kind)
		return fail(ps, ps->s, "fragment needs a range (zone= or pfn=), every=N and a kind");
	if (o->ref2 > o->ref)
		return fail(ps, ps->s, "keep=%u is more than every=%u", o->ref2, o->ref);
	if (o->flag < SHAPE_FILE)
		return arrow(ps, 'g', &ps->ng);
	return arrow(ps, o->flag == SHAPE_FILE ? 'f' : 'v', o->flag == SHAPE_FILE ? &ps->nf : &ps->nv);
}

static int parse_op(struct parser *ps, struct prog *p, const char *kw, const char *at)
{
	struct prog_op *o;
	char w[512];
	long v;
	int kind = -1;

	for (int k = 0; k < NR_PROG_OPS && kind < 0; k++)
		if (!strcmp(kw, prog_op_name[k]))
			kind = k;	/* the first: "pin" is OP_PIN until a pattern follows */
	if (kind < 0)
		return fail(ps, at, "expected an operation or a header line, got '%s'", kw);
	if (p->nr_ops >= PROG_MAX_OPS)
		return fail(ps, at, "at most %d operations", PROG_MAX_OPS);
	o = &p->ops[p->nr_ops];
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)kind;
	o->node = -1;
	switch (kind) {
	case OP_ALLOC: {
		const char *bad, *gat;

		if (task_ref(ps, p, &o->task))
			return -1;
		gat = word(ps, w, sizeof(w));
		if (gfp_parse(w, &o->gfp, &bad) || *bad)
			return fail(ps, gat + (bad - w), "expected a gfp mask like GFP_NOFS|__GFP_NOFAIL");
		o->order = 0;
		for (;;) {
			const char *kat;

			skip_ws(ps);
			if (!strncmp(ps->s, "order=", 6)) {
				ps->s += 6;
				if (number(ps, "order", 0, 12, &v))
					return -1;
				o->order = (uint8_t)v;
			} else if (!strncmp(ps->s, "node=", 5)) {
				ps->s += 5;
				if (number(ps, "node", 0, 1, &v))
					return -1;
				o->node = (int8_t)v;
			} else if (*ps->s && *ps->s != '\n' && *ps->s != '#' && *ps->s != '-') {
				kat = word(ps, w, sizeof(w));
				return fail(ps, kat, "expected order=N, node=N or -> hN, got '%s'", w);
			} else {
				break;
			}
		}
		if (arrow(ps, 'h', &ps->nh))
			return -1;
		break;
	}
	case OP_FREE: {
		const char *fat;

		skip_ws(ps);
		fat = ps->s;
		if (obj_ref(ps, 'h', ps->nh, &o->ref) || use_once(ps, fat, 'h', o->ref, GONE_FREED, true))
			return -1;
		break;
	}
	case OP_SYNC: case OP_DROP:
		if (obj_ref(ps, 'f', ps->nf, &o->ref))
			return -1;
		break;
	case OP_FILL:
		if (task_ref(ps, p, &o->task) || arrow(ps, 'g', &ps->ng))
			return -1;
		break;
	case OP_KILL: case OP_EXIT:
		if (task_ref(ps, p, &o->task))
			return -1;
		break;
	case OP_SET_FLAG: {
		const char *fat;
		int f = -1;

		if (task_ref(ps, p, &o->task))
			return -1;
		fat = word(ps, w, sizeof(w));
		if (w[0] == '+' || w[0] == '-')
			for (int k = 0; k < nr_prog_flags; k++)
				if (!strcmp(w + 1, prog_flag_name[k]))
					f = k;
		if (f < 0)
			return fail(ps, fat, "expected +FLAG or -FLAG with FLAG one of PF_MEMALLOC, "
				    "PF_DUMPCORE, PF_KTHREAD, PF_EXITING, PF_MEMALLOC_NOIO, TIF_MEMDIE, RT");
		o->flag = (uint8_t)f;
		o->on = w[0] == '+';
		break;
	}
	case OP_SET_CTX: {
		const char *cat;

		if (task_ref(ps, p, &o->task))
			return -1;
		cat = word(ps, w, sizeof(w));
		o->flag = 255;
		for (int k = 0; k < 3; k++)
			if (!strcmp(w, ctx_name[k]))
				o->flag = (uint8_t)k;
		if (o->flag == 255)
			return fail(ps, cat, "expected process, softirq or irq, got '%s'", w);
		break;
	}
	case OP_LOCK: case OP_UNLOCK: case OP_WAIT_LOCK:
		if (task_ref(ps, p, &o->task) || number(ps, "a lock 0..7", 0, MODEL_MAX_LOCKS - 1, &v))
			return -1;
		o->flag = (uint8_t)v;
		break;
	case OP_CPUSET:
		if (task_ref(ps, p, &o->task) || number(ps, "a node mask 1..3", 1, 3, &v))
			return -1;
		o->node = (int8_t)v;
		break;
	case OP_KSWAPD:
		if (number(ps, "a node 0..1", 0, 1, &v))
			return -1;
		o->node = (int8_t)v;
		break;
	case OP_MMAP_ANON:
		if (task_ref(ps, p, &o->task) || number(ps, "pages", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		if (arrow(ps, 'v', &ps->nv))
			return -1;
		break;
	case OP_TOUCH:
		if (task_ref(ps, p, &o->task) || obj_ref(ps, 'v', ps->nv, &o->ref) ||
		    number(ps, "the first page", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		if (number(ps, "pages", 0, 8191, &v))
			return -1;
		o->b = (uint32_t)v;
		skip_ws(ps);
		if (!strncmp(ps->s, "write", 5)) {
			ps->s += 5;
			o->flag = 1;
		}
		break;
	case OP_FILE:
		if (number(ps, "pages", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		if (arrow(ps, 'f', &ps->nf))
			return -1;
		break;
	case OP_READ: case OP_WRITE:
		if (task_ref(ps, p, &o->task) || obj_ref(ps, 'f', ps->nf, &o->ref) ||
		    number(ps, "the first page", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		if (number(ps, "pages", 0, 8191, &v))
			return -1;
		o->b = (uint32_t)v;
		break;
	case OP_OOM_ADJ:
		if (task_ref(ps, p, &o->task) || number(ps, "oom_score_adj", -1000, 1000, &v))
			return -1;
		o->a = (uint32_t)(v + 1000);
		break;
	case OP_MMAP_FILE:
		if (task_ref(ps, p, &o->task) || obj_ref(ps, 'f', ps->nf, &o->ref2) ||
		    number(ps, "the first file page", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		if (number(ps, "pages", 0, 8191, &v))
			return -1;
		o->b = (uint32_t)v;
		if (arrow(ps, 'v', &ps->nv))
			return -1;
		break;
	case OP_PIN: case OP_UNPIN:
		if (task_ref(ps, p, &o->task) || obj_ref(ps, 'v', ps->nv, &o->ref))
			return -1;
		skip_ws(ps);
		if (kind == OP_PIN && !strncmp(ps->s, "every=", 6)) {
			/* pin A v0 every=N keep=K: a pattern of the vma's pages */
			o->kind = OP_PIN_PATTERN;
			if (pattern(ps, &o->a, &o->b))
				return -1;
			break;
		}
		if (number(ps, "a page of the vma (or every=N)", 0, 8191, &v))
			return -1;
		o->a = (uint32_t)v;
		break;
	case OP_FRAGMENT:
		if (parse_fragment(ps, p, o))
			return -1;
		break;
	case OP_RELEASE: {
		const char *rat;

		skip_ws(ps);
		rat = ps->s;
		/* keep=0 frees the whole group: nothing of it is left for a later line */
		if (obj_ref(ps, 'g', ps->ng, &o->ref) || pattern(ps, &o->a, &o->b) ||
		    use_once(ps, rat, 'g', o->ref, GONE_RELEASED, !o->b))
			return -1;
		break;
	}
	case OP_GIVE: {
		const char *gat;

		skip_ws(ps);
		gat = ps->s;
		if (*ps->s == 'h') {
			o->flag = 1;
			if (obj_ref(ps, 'h', ps->nh, &o->ref))
				return -1;
		} else if (*ps->s == 'g') {
			if (obj_ref(ps, 'g', ps->ng, &o->ref))
				return -1;
		} else {
			return fail(ps, gat, "expected g<N> (a group) or h<N> (a handle)");
		}
		/* given, it is the other CPUs': the program frees, gives or releases it no more */
		if (use_once(ps, gat, o->flag ? 'h' : 'g', o->ref, GONE_GIVEN, true))
			return -1;
		break;
	}
	case OP_YIELD_FREE:
		if (number(ps, "pages another CPU frees at a yield (1..4096)", 1, PROG_MAX_EVERY, &v))
			return -1;
		o->a = (uint32_t)v;
		break;
	case OP_MUNMAP:
		if (task_ref(ps, p, &o->task) || obj_ref(ps, 'v', ps->nv, &o->ref))
			return -1;
		break;
	default:
		break;
	}
	p->nr_ops++;
	return 0;
}

int prog_parse(const char *text, size_t len, const char *file, struct prog *p, char *err,
	       size_t errlen)
{
	struct parser ps = { .file = file ? file : "<input>", .err = err, .errlen = errlen };
	char *copy, *line, *next;
	bool seen_header = false;
	int rc = 0;

	/* a UTF-8 byte order mark (some editors write one) is not part of the first line */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	copy = malloc(len + 1);
	if (!copy)
		return snprintf(err, errlen, "%s: out of memory", ps.file), -1;
	memcpy(copy, text, len);
	copy[len] = 0;
	memset(p, 0, sizeof(*p));
	p->nr_cpus = 2;
	/* a program is text: no NUL or other control bytes (they would cut lines short) */
	{
		int ln = 1, col = 1;

		for (size_t i = 0; i < len; i++, col++) {
			unsigned char c = (unsigned char)text[i];

			if (c == '\n') {
				ln++;
				col = 0;
			} else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				snprintf(err, errlen, "%s:%d:%d: unexpected control byte 0x%02x (a text "
					 "program has none)", ps.file, ln,
					 col, c);
				free(copy);
				return -1;
			}
		}
	}
	for (line = copy; line && !rc; line = next) {
		char kw[64], w[64];
		const char *at;
		long v;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		ps.line++;
		ps.start = ps.s = line;
		if (strlen(line) != strcspn(line, "\r") && line[strcspn(line, "\r")] == '\r')
			line[strcspn(line, "\r")] = 0;
		at = word(&ps, kw, sizeof(kw));
		if (!kw[0])
			continue;
		if (!strcmp(kw, "pafuzz")) {
			if (number(&ps, "the format version 1", 1, 1, &v)) {
				rc = -1;
				break;
			}
			seen_header = true;
		} else if (!seen_header) {
			rc = fail(&ps, at, "expected the version line 'pafuzz 1' first");
		} else if (!strcmp(kw, "layout")) {
			int found = -1;
			const char *lat = word(&ps, w, sizeof(w));

			for (int k = 0; k < nr_prog_layouts; k++)
				if (!strcmp(w, prog_layouts[k].name))
					found = k;
			if (found < 0)
				rc = fail(&ps, lat, "unknown layout '%s' (see `pafuzz layouts`)", w);
			else
				p->layout = (uint8_t)found;
		} else if (!strcmp(kw, "cpus")) {
			rc = number(&ps, "cpus", 1, 4, &v);
			p->nr_cpus = (uint8_t)v;
		} else if (!strcmp(kw, "swap")) {
			rc = number(&ps, "swap pages (a multiple of 256, up to 3840)", 0, 3840, &v);
			if (!rc && v % 256)
				rc = fail(&ps, at, "swap pages must be a multiple of 256");
			p->swap_pages = (uint32_t)v;
		} else if (!strcmp(kw, "budget")) {
			rc = number(&ps, "a loop budget 17..271", 17, 271, &v);
			p->loop_budget = (uint16_t)v;
		} else if (!strcmp(kw, "warnings_fatal")) {
			p->warnings_fatal = true;
		} else if (!strcmp(kw, "patch")) {
			/* patch NAME[,NAME...]: the variant of v4.2 to run (pafuzz patches) */
			char list[256], *save = NULL, perr[160];
			const char *pat = word(&ps, list, sizeof(list));

			if (!list[0])
				rc = fail(&ps, pat, "expected patch names (see `pafuzz patches`)");
			for (char *t = strtok_r(list, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
				int id = patch_by_name(t);
				const struct patch_unmodelled *u = id < 0 ? patch_unmodelled_by_name(t) : NULL;

				if (u)
					rc = fail(&ps, pat, "patch '%s' (reverts %s, %s) cannot be expressed "
						  "on the v4.2 model (`pafuzz patches` says why)", t,
						  u->commit, u->version);
				else if (id < 0)
					rc = fail(&ps, pat, "unknown patch '%s' (see `pafuzz patches`)", t);
				else
					p->patches |= 1u << id;
			}
			if (!rc && !patches_valid(p->patches, perr, sizeof(perr)))
				rc = fail(&ps, pat, "%s", perr);
		} else if (!strcmp(kw, "config")) {
			const char *cat = word(&ps, w, sizeof(w));

			if (!w[0])
				rc = fail(&ps, cat, "expected CONFIG_NUMA=y|n, CONFIG_COMPACTION=y|n or "
					  "CONFIG_CMA=y|n");
			while (!rc && w[0]) {
				if (config_word(p, w))
					rc = fail(&ps, cat, "expected CONFIG_NUMA=y|n, CONFIG_COMPACTION=y|n "
						  "or CONFIG_CMA=y|n, got '%s'", w);
				skip_ws(&ps);
				if (*ps.s == '#')
					break;
				cat = word(&ps, w, sizeof(w));
			}
		} else if (!strcmp(kw, "task")) {
			const char *tat = word(&ps, w, sizeof(w));
			bool okname = isalpha((unsigned char)w[0]) && strlen(w) < 16;

			for (size_t k = 0; w[k]; k++)
				okname = okname && (isalnum((unsigned char)w[k]) || w[k] == '_');
			if (p->nr_tasks >= PROG_MAX_TASKS)
				rc = fail(&ps, tat, "at most %d tasks", PROG_MAX_TASKS);
			else if (!okname || !strcmp(w, "init"))
				rc = fail(&ps, tat, "expected a task name (letters, digits, _; not "
					  "init; under 16 characters), got '%s'", w);
			else
				snprintf(p->task_name[p->nr_tasks++], 16, "%s", w);
		} else if (!strcmp(kw, "answer")) {
			rc = parse_answer(&ps, p);
		} else if (!strcmp(kw, "repeat")) {
			rc = number(&ps, "how many of the last answers repeat (0..15)", 0, 15, &v);
			p->repeat = (uint8_t)v;
			ps.repeat_line = ps.line;
		} else if (!strcmp(kw, "fault")) {
			skip_ws(&ps);
			if (p->nr_faults >= PROG_MAX_FAULTS)
				rc = fail(&ps, at, "at most %d fault lines", PROG_MAX_FAULTS);
			else {
				char fw[160];
				const char *fat = word(&ps, fw, sizeof(fw));

				struct fault_sched fs;
				char ferr[256];

				if (!fw[0])
					rc = fail(&ps, fat, "expected a fault spec like "
						  "compact.migrate:probability=30");
				else if (strlen(fw) >= sizeof(p->faults[0]))
					rc = fail(&ps, fat, "a fault spec of at most %zu characters",
						  sizeof(p->faults[0]) - 1);
				else if (fault_parse(fw, &fs, ferr, sizeof(ferr)))
					rc = fail(&ps, fat, "%s", ferr);
				else
					snprintf(p->faults[p->nr_faults++], 128, "%s", fw);
			}
		} else if (!strcmp(kw, "trace")) {
			char hw[32], *end;
			const char *hat = word(&ps, hw, sizeof(hw));
			unsigned long long hv = strtoull(hw, &end, 16);

			if (!hw[0] || *end || strlen(hw) > 16)
				rc = fail(&ps, hat, "expected a trace hash (16 hex digits, as pafuzz run "
					  "prints after trace=), got '%s'", hw);
			p->has_trace_pin = true;
			p->trace_pin = (uint64_t)hv;
		} else if (!strcmp(kw, "expect")) {
			const char *vat = word(&ps, w, sizeof(w));
			int vk = -1;

			for (int k = 0; k < NR_VERDICTS; k++)
				if (!strcmp(w, verdict_name[k]))
					vk = k;
			if (vk < 0)
				rc = fail(&ps, vat, "expected a verdict (ok, livelock, retry-storm, "
					  "gfp-contract, leak, buddy-corrupt, oom-overkill, premature-oom, "
					  "warning), got '%s'", w);
			else if (p->nr_expect >= PROG_MAX_EXPECT)
				rc = fail(&ps, vat, "at most %d expect lines", PROG_MAX_EXPECT);
			else {
				struct prog_expect *e = &p->expect[p->nr_expect++];
				char sig[PROG_SIG_MAX + 2];	/* one more: a word too long shows */
				const char *sat;

				e->verdict = (uint8_t)vk;
				sat = word(&ps, sig, sizeof(sig));
				for (const char *c = sig; *c && !rc; c++)
					if (*c < 0x21 || *c > 0x7e)
						rc = fail(&ps, sat + (c - sig), "expected a signature of "
							  "printable ASCII characters (as pafuzz run prints)");
				/* cut short, the line would ask less than it says */
				if (!rc && strlen(sig) > PROG_SIG_MAX)
					rc = fail(&ps, sat, "expected a signature of at most %d characters "
						  "(no run gives a longer one)", PROG_SIG_MAX);
				snprintf(e->sig, sizeof(e->sig), "%s", sig);
			}
		} else {
			rc = parse_op(&ps, p, kw, at);
		}
		if (!rc) {
			skip_ws(&ps);
			if (*ps.s && *ps.s != '#')
				rc = fail(&ps, ps.s, "unexpected '%s' at the end of the line", ps.s);
		}
	}
	if (!rc && !seen_header)
		rc = snprintf(err, errlen, "%s:1:1: expected the version line 'pafuzz 1'", ps.file) ? -1 : -1;
	if (!rc && p->repeat > p->nr_answers)
		rc = snprintf(err, errlen, "%s:%d:1: repeat %u but only %d answers", ps.file,
			      ps.repeat_line, p->repeat, p->nr_answers) ? -1 : -1;
	if (!rc && (p->config_set & ~p->config_val & (1u << PROG_CONFIG_NUMA))) {
		struct model_config c;

		prog_layouts[p->layout % nr_prog_layouts].setup(&c);
		if (c.nr_nodes > 1)
			rc = snprintf(err, errlen, "%s: CONFIG_NUMA=n needs a one-node layout, not %s",
				      ps.file, prog_layouts[p->layout % nr_prog_layouts].name) ? -1 : -1;
	}
	if (!rc && p->nr_tasks == 0) {
		p->nr_tasks = 1;
		snprintf(p->task_name[0], 16, "A");
	}
	for (int i = 0; !rc && i < p->nr_ops; i++)
		p->ops[i].task = (uint8_t)(p->ops[i].task % (p->nr_tasks + 1));
	free(copy);
	return rc;
}

/* ---- the input contract: one rule for every command and fuzz target ------ */

/* Length of the well-formed UTF-8 sequence at d (a byte >= 0x80), or 0. */
static size_t utf8_seq(const uint8_t *d, size_t n)
{
	size_t k;
	uint8_t lo = 0x80, hi = 0xbf;

	if (d[0] >= 0xc2 && d[0] <= 0xdf)
		k = 2;
	else if (d[0] >= 0xe0 && d[0] <= 0xef)
		k = 3;
	else if (d[0] >= 0xf0 && d[0] <= 0xf4)
		k = 4;
	else
		return 0;
	/* no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF */
	if (d[0] == 0xe0)
		lo = 0xa0;
	else if (d[0] == 0xed)
		hi = 0x9f;
	else if (d[0] == 0xf0)
		lo = 0x90;
	else if (d[0] == 0xf4)
		hi = 0x8f;
	if (n < k || d[1] < lo || d[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (d[i] < 0x80 || d[i] > 0xbf)
			return 0;
	return k;
}

/* Every byte printable ASCII, tab, CR or LF, or part of a well-formed UTF-8 character. */
static bool all_text(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; ) {
		if ((d[i] >= 0x20 && d[i] < 0x7f) || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
			i++;
			continue;
		}
		if (d[i] < 0x80)
			return false;
		{
			size_t k = utf8_seq(d + i, n - i);

			if (!k)
				return false;
			i += k;
		}
	}
	return true;
}

bool prog_is_text(const uint8_t *d, size_t n)
{
	size_t i = 0;

	if (n >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		return true;
	/* blank and comment lines, then the first other line: the version line? */
	while (i < n) {
		while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r'))
			i++;
		if (i < n && d[i] == '#')
			while (i < n && d[i] != '\n')
				i++;
		if (i < n && d[i] == '\n') {
			i++;
			continue;
		}
		if (i < n && n - i >= 6 && !memcmp(d + i, "pafuzz", 6) &&
		    (n - i == 6 || strchr(" \t\r\n#", d[i + 6])))
			return true;
		break;
	}
	/* no version line: text all the same if every byte is (refused below, not run as bytes) */
	return all_text(d, n);
}

int prog_from_bytes(const uint8_t *d, size_t n, const char *name, struct prog *p, char *err,
		    size_t errlen)
{
	if (!name)
		name = "<input>";
	if (n > PROG_MAX_BYTES)
		return snprintf(err, errlen, "%s: too large: %zu bytes; a program is at most %u bytes "
				"(4 MiB)", name, n, PROG_MAX_BYTES), -1;
	if (!n)
		return snprintf(err, errlen, "%s: empty; expected a program (text starting with the "
				"line 'pafuzz 1', or the binary form)", name), -1;
	if (prog_is_text(d, n))
		return prog_parse((const char *)d, n, name, p, err, errlen);
	prog_decode(d, n, p);
	return 0;
}

int prog_read_file(const char *path, uint8_t **data, size_t *len, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused right after */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	uint8_t *buf;
	size_t n = 0, cap;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno)), -1;
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s; expected a program file", path,
			 S_ISDIR(st.st_mode) ? "is a directory" :
			 "not a regular file (a device, FIFO or socket)");
		close(fd);
		return -1;
	}
	if (st.st_size > (off_t)PROG_MAX_BYTES) {
		snprintf(err, errlen, "%s: too large: %lld bytes; a program is at most %u bytes "
			 "(4 MiB)", path, (long long)st.st_size, PROG_MAX_BYTES);
		close(fd);
		return -1;
	}
	/* the size fstat saw plus one byte: reading then ends on EOF, not on a full buffer */
	cap = (size_t)st.st_size + 1;
	buf = malloc(cap);
	while (buf) {
		ssize_t got;

		if (n == cap) {		/* the file grew since fstat */
			uint8_t *more;

			if (cap > PROG_MAX_BYTES)
				break;
			cap = cap * 2 > PROG_MAX_BYTES + 1u ? PROG_MAX_BYTES + 1u : cap * 2;
			more = realloc(buf, cap);
			if (!more) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = more;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (!got)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (!buf)
		return snprintf(err, errlen, "%s: out of memory", path), -1;
	if (n > PROG_MAX_BYTES) {
		snprintf(err, errlen, "%s: too large: more than %u bytes; a program is at most %u "
			 "bytes (4 MiB)", path, PROG_MAX_BYTES, PROG_MAX_BYTES);
		free(buf);
		return -1;
	}
	*data = buf;
	*len = n;
	return 0;
}

int prog_load_file(const char *path, struct prog *p, bool *is_text, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t n;
	int rc;

	if (prog_read_file(path, &buf, &n, err, errlen))
		return -1;
	if (is_text)
		*is_text = n && prog_is_text(buf, n);
	rc = prog_from_bytes(buf, n, path, p, err, errlen);
	free(buf);
	return rc;
}

int prog_load(const char *path, struct prog *p, char *err, size_t errlen)
{
	return prog_load_file(path, p, NULL, err, errlen);
}

void prog_buddy_view(struct prog *p)
{
	int n = 0;

	p->layout = (uint8_t)(p->layout % 3);	/* default, tiny, small */
	for (int i = 0; i < p->nr_ops; i++) {
		struct prog_op o = p->ops[i];

		if (o.kind != OP_ALLOC && o.kind != OP_FREE && o.kind != OP_DRAIN && o.kind != OP_FILL)
			continue;
		if (o.kind == OP_ALLOC)
			o.gfp = (o.gfp & ~(__GFP_WAIT | __GFP_NOFAIL)) | __GFP_NOWARN;
		p->ops[n++] = o;
	}
	p->nr_ops = n;
	p->nr_expect = 0;
	p->nr_faults = 0;
}
