// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c - executes a pafuzz program on the model (see runner.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../core/internal.h"
#include "../fault/fault.h"
#include "runner.h"

#define MAX_LAYOUT_MODELS 40

struct answers {
	const uint8_t *a;
	int nr, repeat;
	unsigned long pos;
	const struct prog *p;
	struct model *settle;	/* ids whose answers ran out are settled here ... */
	uint32_t layer_ids;	/* ... unless a fault schedule of this run asks them */
	uint8_t named_used[64];		/* named answers already given */
	/*
	 * Per choice id, its named answers in program order, and the first of
	 * them still to give: those before it are one-shot answers already
	 * given; it is the next one-shot answer or a forever answer.
	 */
	uint8_t by_id[NR_CHOICE_IDS][64];
	uint8_t nr_by_id[NR_CHOICE_IDS], next[NR_CHOICE_IDS];
};

struct runner {
	bool zones;		/* print the zones table instead of the trace */
	bool no_trace_hash;	/* fuzz targets: no trace hash, no steps (see runner.h) */
	struct model *models[MAX_LAYOUT_MODELS];
	struct model_config cfgs[MAX_LAYOUT_MODELS];
	struct model *last;
	struct answers ans;
	int handle[PROG_MAX_OPS];	/* model handle per alloc op, or -1 */
	int vma[PROG_MAX_OPS];
	int vma_task[PROG_MAX_OPS];
	int file[PROG_MAX_OPS];
	/* object N of each kind (hN, vN, fN, gN): the operation that makes it */
	int h_op[PROG_MAX_OPS], v_op[PROG_MAX_OPS], f_op[PROG_MAX_OPS], g_op[PROG_MAX_OPS];
	int nr_h, nr_v, nr_f, nr_g;
	/* a group's model handles (fill, fragment of a kernel kind), by operation */
	struct group {
		int *h;
		int n, cap;
	} group[PROG_MAX_OPS];
	int task[PROG_MAX_TASKS + 1];	/* model task id per program task */
	struct fault_layer faults;	/* this run's schedules: global ones, then the program's */
	int nr_global_faults;
	char global_faults[FAULT_MAX_SCHEDS][128];
	int skip_point;
	unsigned long skip_hit;
	bool force_oracles;	/* the oracles of spec/patches.md in every run (a diff's two) */
	bool no_settle;		/* runner_settle(r, false) */
};

void runner_force_oracles(struct runner *r, bool on)
{
	r->force_oracles = on;
}

static unsigned answer(void *priv, const struct choice_query *q)
{
	struct answers *an = priv;
	unsigned long i;

	/* a named answer for this choice comes first: one-shot in order, then forever */
	if ((unsigned)q->id < NR_CHOICE_IDS && an->next[q->id] < an->nr_by_id[q->id]) {
		int k = an->by_id[q->id][an->next[q->id]];
		const struct prog_named *na = &an->p->named[k];

		if (!na->forever) {
			an->named_used[k] = 1;
			an->next[q->id]++;
		}
		return na->value;
	}
	/* questions only patch variants ask take no positional answer (spec/patches.md) */
	if (q->id < CHOICE_FIRST_PATCH_ONLY) {
		i = an->pos++;
		if (i < (unsigned long)an->nr)
			return an->a[i];
		if (an->repeat)
			return an->a[an->nr - an->repeat +
				     (int)((i - (unsigned long)an->nr) % (unsigned long)an->repeat)];
	}
	/*
	 * Defaults from here on for this id: no named answer is left for it and
	 * the positional ones are spent with no repeating tail (or it takes
	 * none).  Past the stream's end its position only moves, and phase()
	 * reads every such position as the end, so the model may answer it
	 * alone.  Not an id a fault schedule asks: the layer counts each of its
	 * questions (an id no schedule asks passes through the layer unchanged).
	 */
	if (an->settle && (unsigned)q->id < NR_CHOICE_IDS && !(an->layer_ids >> q->id & 1))
		choice_settle(an->settle, 1u << q->id);
	return q->dflt;
}

/*
 * The answerer's whole state, as far as any later answer can tell: where the
 * positional stream is (past its explicit answers: where in the repeating
 * tail, or nowhere for the defaults) and which one-shot named answers are
 * still to give.  A loop whose rounds consume no answer, or consume them
 * round after round from the repeating tail, comes back to the same value:
 * with the model state, that proves the loop.  (A one-shot answer that can
 * never be given, say one shadowed by an earlier forever answer of its
 * choice, simply stays pending.)
 */
static bool phase(void *priv, uint64_t *ph)
{
	struct answers *an = priv;
	unsigned long pos = an->pos, nr = (unsigned long)an->nr;
	uint64_t pending = 0;

	if (pos >= nr)
		pos = nr + (an->repeat ? (pos - nr) % (unsigned long)an->repeat : 0);
	for (int k = 0; k < an->p->nr_named; k++)
		if (!an->p->named[k].forever && !an->named_used[k])
			pending |= 1ull << (k & 63);
	*ph = (uint64_t)pos * 0x9e3779b97f4a7c15ull ^ pending;
	return true;
}

struct runner *runner_new(void)
{
	struct runner *r = calloc(1, sizeof(struct runner));
	const char *env = getenv("PAFUZZ_FAULTS");

	if (!r)
		return NULL;
	r->skip_point = -1;
	/* fuzz jobs take their schedules from the environment: "spec;spec" */
	if (env && *env) {
		char buf[1024], *save = NULL, err[256];

		snprintf(buf, sizeof(buf), "%s", env);
		for (char *t = strtok_r(buf, "; ", &save); t; t = strtok_r(NULL, "; ", &save))
			if (runner_add_fault(r, t, err, sizeof(err)))
				fprintf(stderr, "PAFUZZ_FAULTS: %s\n", err);
	}
	return r;
}

int runner_check_env(char *err, size_t len)
{
	const char *env = getenv("PAFUZZ_FAULTS");
	char buf[1024], *save = NULL, ferr[256];
	int n = 0;

	if (!env || !*env)
		return 0;
	if (strlen(env) >= sizeof(buf))
		return snprintf(err, len, "PAFUZZ_FAULTS: longer than %zu characters", sizeof(buf) - 1),
		       -1;
	/* the same split runner_new() makes, each spec checked as runner_add_fault() does */
	snprintf(buf, sizeof(buf), "%s", env);
	for (char *t = strtok_r(buf, "; ", &save); t; t = strtok_r(NULL, "; ", &save), n++) {
		struct fault_sched s;

		if (fault_parse(t, &s, ferr, sizeof(ferr)))
			return snprintf(err, len, "PAFUZZ_FAULTS: %s", ferr), -1;
		if (n >= FAULT_MAX_SCHEDS / 2)
			return snprintf(err, len, "PAFUZZ_FAULTS: at most %d global fault schedules",
					FAULT_MAX_SCHEDS / 2), -1;
	}
	return 0;
}

int runner_add_fault(struct runner *r, const char *spec, char *err, size_t len)
{
	struct fault_sched s;

	if (fault_parse(spec, &s, err, len))
		return -1;
	if (r->nr_global_faults >= FAULT_MAX_SCHEDS / 2)
		return snprintf(err, len, "at most %d global fault schedules", FAULT_MAX_SCHEDS / 2), -1;
	snprintf(r->global_faults[r->nr_global_faults++], 128, "%s", spec);
	return 0;
}

const char *runner_skip_fault(struct runner *r, const struct run_result *res, int k)
{
	(void)res;
	if (k < 0 || k >= r->faults.nr_fired) {
		r->skip_point = -1;
		return NULL;
	}
	r->skip_point = r->faults.fired[k].point;
	r->skip_hit = r->faults.fired[k].hit;
	return fault_points[r->skip_point].name;
}

void runner_free(struct runner *r)
{
	if (!r)
		return;
	for (int i = 0; i < PROG_MAX_OPS; i++)
		free(r->group[i].h);
	for (int i = 0; i < MAX_LAYOUT_MODELS; i++)
		model_destroy(r->models[i]);
	free(r);
}

/* Builds the model of every layout (up to max_layout) now, so that later runs
 * only reset: fuzzers then see the same code path for the same input. */
void runner_prepare(struct runner *r, int max_layout)
{
	static struct prog p;
	struct run_result res;

	memset(&p, 0, sizeof(p));
	p.nr_tasks = 1;
	p.nr_cpus = 1;
	snprintf(p.task_name[0], sizeof(p.task_name[0]), "A");
	/*
	 * The 1 GiB layout too (about 0.1 s under ASan, once per worker): a
	 * model built on first use would give that first input a path of its
	 * own through model creation, which later runs of it do not take.
	 */
	for (int l = 0; l < nr_prog_layouts && l <= max_layout; l++) {
		p.layout = (uint8_t)l;
		runner_run(r, &p, NULL, &res);
	}
}

struct model *runner_model(struct runner *r)
{
	return r->last;
}

/* One model per distinct configuration; created lazily, reset between runs. */
static struct model *get_model(struct runner *r, const struct prog *p, char *err, size_t len)
{
	struct model_config c;
	int slot = -1;

	memset(&c, 0, sizeof(c));
	prog_model_config(p, &c);
	c.patch_oracles |= r->force_oracles;
	/* PAFUZZ_DEBUG=0..3: the model's check level (3: conservation and the hash after every op) */
	{
		const char *d = getenv("PAFUZZ_DEBUG");

		if (d && d[0] >= '0' && d[0] <= '3' && !d[1])
			c.debug = d[0] - '0';
	}
	/* the layout shapes the model; the CPU count and run-time knobs are set at reset */
	for (int i = 0; i < MAX_LAYOUT_MODELS; i++) {
		struct model_config k;

		if (!r->models[i])
			continue;
		k = r->cfgs[i];
		k.nr_cpus = c.nr_cpus;
		k.warnings_fatal = c.warnings_fatal;
		k.loop_budget = c.loop_budget;
		k.swap_pages = c.swap_pages;
		k.patches = c.patches;
		k.patch_oracles = c.patch_oracles;
		if (!memcmp(&k, &c, sizeof(c))) {
			r->models[i]->cfg.nr_cpus = c.nr_cpus;
			r->models[i]->cfg.warnings_fatal = c.warnings_fatal;
			r->models[i]->cfg.loop_budget = c.loop_budget;
			r->models[i]->cfg.swap_pages = c.swap_pages;
			r->models[i]->cfg.patches = c.patches;
			r->models[i]->cfg.patch_oracles = c.patch_oracles;
			model_reset(r->models[i]);
			return r->models[i];
		}
	}
	for (int i = 0; i < MAX_LAYOUT_MODELS && slot < 0; i++)
		if (!r->models[i])
			slot = i;
	if (slot < 0) {
		slot = (int)(c.swap_pages / 256 + p->layout) % MAX_LAYOUT_MODELS;
		model_destroy(r->models[slot]);
		r->models[slot] = NULL;
	}
	r->cfgs[slot] = c;
	r->models[slot] = model_create(&c, err, len);
	return r->models[slot];
}

/*
 * The operation that made object ref of a kind, if an earlier operation
 * did: tab is h_op/v_op/f_op/g_op, n its length.  -1 otherwise.
 */
static int made_by(const int *tab, int n, unsigned ref, int i)
{
	return ref < (unsigned)n && tab[ref] < i ? tab[ref] : -1;
}

/*
 * Which operations make the program's objects, once per run: a lookup is
 * O(1).  Every group starts empty, with no buffer (groups_free()).
 */
static void index_objects(struct runner *r, const struct prog *p)
{
	r->nr_h = r->nr_v = r->nr_f = r->nr_g = 0;
	for (int i = 0; i < p->nr_ops; i++) {
		const struct prog_op *o = &p->ops[i];

		switch (o->kind) {
		case OP_ALLOC:
			r->h_op[r->nr_h++] = i;
			break;
		case OP_MMAP_ANON: case OP_MMAP_FILE:
			r->v_op[r->nr_v++] = i;
			break;
		case OP_FILE:
			r->f_op[r->nr_f++] = i;
			break;
		case OP_FILL:
			r->g_op[r->nr_g++] = i;
			break;
		case OP_FRAGMENT:
			if (o->flag % NR_SHAPE_KINDS < SHAPE_FILE)
				r->g_op[r->nr_g++] = i;
			else if (o->flag % NR_SHAPE_KINDS == SHAPE_FILE)
				r->f_op[r->nr_f++] = i;
			else
				r->v_op[r->nr_v++] = i;
			break;
		default:
			break;
		}
	}
}

/*
 * At the end of a run, its groups' buffers go: a buffer kept for a later run
 * would make that run's growth (group_reserve) depend on what ran before it,
 * one input two paths for a fuzzer.  The loop is over this run's groups.
 */
static void groups_free(struct runner *r)
{
	for (int k = 0; k < r->nr_g; k++) {
		struct group *g = &r->group[r->g_op[k]];

		free(g->h);
		*g = (struct group){ NULL, 0, 0 };
	}
}

/* Room for n handles in a group; false if there is no memory for it. */
static bool group_reserve(struct group *g, long n)
{
	int *h;

	if (n <= g->cap)
		return true;
	h = realloc(g->h, (size_t)n * sizeof(*h));
	if (!h)
		return false;
	g->h = h;
	g->cap = (int)n;
	return true;
}

static bool group_add(struct group *g, int handle)
{
	if (g->n == g->cap && !group_reserve(g, g->cap ? 2l * g->cap : 64))
		return false;
	g->h[g->n++] = handle;
	return true;
}

/* fragment: its range of frames, a pfn range or a zone's span; false if empty. */
static bool fragment_range(struct model *m, const struct prog_op *o, unsigned long *lo,
			   unsigned long *hi)
{
	if (o->order) {
		*lo = o->a;
		*hi = (unsigned long)o->b + 1;
	} else {
		const struct zone *z = model_zone(m, o->node % m->cfg.nr_nodes, o->zone % MAX_NR_ZONES);

		if (!z->present_pages)
			return false;
		*lo = z->zone_start_pfn;
		*hi = zone_end_pfn(z);
	}
	return *lo < *hi;
}

static const uint32_t flag_bits[] = {
	PF_MEMALLOC, PF_DUMPCORE, PF_KTHREAD, PF_EXITING, PF_MEMALLOC_NOIO, 0, 0,
};

static void run_op(struct runner *r, struct model *m, const struct prog *p, int i)
{
	const struct prog_op *o = &p->ops[i];
	int t = r->task[o->task % (p->nr_tasks + 1)];
	struct task *ts = model_task(m, t);

	r->handle[i] = r->vma[i] = r->file[i] = -1;
	switch (o->kind) {
	case OP_ALLOC:
		if (ts)
			r->handle[i] = o->node < 0 ? model_alloc(m, t, o->gfp, o->order) :
				       model_alloc_node(m, t, o->node % m->cfg.nr_nodes, o->gfp,
							o->order);
		break;
	case OP_FREE: {
		/* h<ref> is the ref-th alloc line; freeing twice or a failed one is a no-op */
		int k = made_by(r->h_op, r->nr_h, o->ref, i);

		if (k >= 0 && r->handle[k] >= 0) {
			model_free(m, r->handle[k]);
			r->handle[k] = -1;
		}
		break;
	}
	case OP_FILL:
		/* its handles form a group (gN), which release and give may name */
		if (ts)
			for (int order = (int)m->max_order - 1; order >= 0 && !m->stopped; order--) {
				int h;

				while (!m->stopped &&
				       (h = model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, (unsigned)order)) >= 0)
					group_add(&r->group[i], h);
			}
		break;
	case OP_SET_FLAG:
		if (!ts)
			break;
		if (o->flag == 5) {
			model_task_memdie(m, t, o->on);
		} else if (o->flag == 6) {
			ts->rt = o->on;
		} else {
			uint32_t bit = flag_bits[o->flag % 7];

			ts->flags = o->on ? ts->flags | bit : ts->flags & ~bit;
		}
		break;
	case OP_SET_CTX:
		if (ts)
			ts->ctx = (uint8_t)(o->flag % 3);
		break;
	case OP_KILL:
		if (ts && t != 0)
			ts->fatal_signal = true;
		break;
	case OP_EXIT:
		if (ts && t != 0) {
			model_task_exit(m, t);
			for (int l = 0; l < MODEL_MAX_LOCKS; l++)
				if (m->lock_holder[l] == t)
					m->lock_holder[l] = -1;
			ts->in_use = false;
		}
		break;
	case OP_LOCK:
		if (ts && m->lock_holder[o->flag % MODEL_MAX_LOCKS] < 0) {
			m->lock_holder[o->flag % MODEL_MAX_LOCKS] = t;
			ts->locks_held |= 1u << (o->flag % MODEL_MAX_LOCKS);
		}
		break;
	case OP_UNLOCK:
		if (ts && m->lock_holder[o->flag % MODEL_MAX_LOCKS] == t) {
			m->lock_holder[o->flag % MODEL_MAX_LOCKS] = -1;
			ts->locks_held &= ~(1u << (o->flag % MODEL_MAX_LOCKS));
		}
		break;
	case OP_WAIT_LOCK:
		if (ts)
			ts->waiting_for = o->flag % MODEL_MAX_LOCKS;
		break;
	case OP_CPUSET:
		if (ts) {
			nodemask_t all = (1u << m->cfg.nr_nodes) - 1;
			nodemask_t mask = (nodemask_t)o->node & all;

			ts->mems_allowed = mask ? mask : all;
			ts->mems_seq++;
		}
		break;
	case OP_SUSPEND:
		m->storage_suspended = true;
		m->gfp_allowed_mask &= ~(__GFP_IO | __GFP_FS);
		break;
	case OP_RESUME:
		m->storage_suspended = false;
		m->gfp_allowed_mask |= __GFP_IO | __GFP_FS;
		break;
	case OP_OOM_DISABLE:
		m->oom_killer_disabled = true;
		break;
	case OP_OOM_ENABLE:
		m->oom_killer_disabled = false;
		break;
	case OP_DRAIN:
		model_drain_all(m);
		break;
	case OP_KSWAPD:
		model_kswapd_run(m, o->node % m->cfg.nr_nodes);
		break;
	case OP_MMAP_ANON:
		if (ts) {
			r->vma[i] = model_mmap_anon(m, t, o->a);
			r->vma_task[i] = t;
		}
		break;
	case OP_MMAP_FILE: {
		int k = made_by(r->f_op, r->nr_f, o->ref2, i);

		if (ts && k >= 0 && r->file[k] >= 0) {
			r->vma[i] = model_mmap_file(m, t, r->file[k], o->a, o->b);
			r->vma_task[i] = t;
		}
		break;
	}
	case OP_TOUCH: case OP_PIN: case OP_UNPIN: case OP_MUNMAP: case OP_PIN_PATTERN: {
		/* v<ref> is the ref-th line that makes a vma; a vma belongs to its task */
		int k = made_by(r->v_op, r->nr_v, o->ref, i);

		if (!ts || k < 0 || r->vma[k] < 0)
			break;
		if (o->kind == OP_PIN_PATTERN) {
			const struct vma *v = vma_of(m, r->vma_task[k], r->vma[k]);

			/* pin the pattern's pages of the vma, until the pin table is full */
			for (unsigned long idx = 0; v && idx < v->npages && !m->stopped; idx++)
				if (idx % o->a < o->b &&
				    model_pin(m, r->vma_task[k], r->vma[k], idx) == -ENOSPC)
					break;
			break;
		}
		if (o->kind == OP_TOUCH)
			model_touch(m, r->vma_task[k], r->vma[k], o->a, o->b, o->flag & 1);
		else if (o->kind == OP_PIN)
			model_pin(m, r->vma_task[k], r->vma[k], o->a);
		else if (o->kind == OP_UNPIN)
			model_unpin(m, r->vma_task[k], r->vma[k], o->a);
		else
			model_munmap(m, r->vma_task[k], r->vma[k]);
		break;
	}
	case OP_FILE:
		r->file[i] = model_file_create(m, o->a);
		break;
	case OP_READ: case OP_WRITE: case OP_SYNC: case OP_DROP: {
		int k = made_by(r->f_op, r->nr_f, o->ref, i);

		if (k < 0 || r->file[k] < 0)
			break;
		if (o->kind == OP_READ && ts)
			model_file_read(m, t, r->file[k], o->a, o->b);
		else if (o->kind == OP_WRITE && ts)
			model_file_write(m, t, r->file[k], o->a, o->b);
		else if (o->kind == OP_SYNC)
			model_file_sync(m, r->file[k]);
		else if (o->kind == OP_DROP)
			model_file_drop(m, r->file[k]);
		break;
	}
	case OP_OOM_ADJ:
		if (ts)
			ts->oom_score_adj = (int)o->a - 1000;
		break;
	case OP_FRAGMENT: {
		unsigned long lo, hi;
		enum shape_kind kind = (enum shape_kind)(o->flag % NR_SHAPE_KINDS);
		struct group *g = &r->group[i];
		long room = 0, got;
		int obj = -1;

		if (!ts || !fragment_range(m, o, &lo, &hi) || !o->ref)
			break;
		if (kind < SHAPE_FILE) {
			room = (long)((hi - lo) / o->ref + 1) * o->ref2;
			if (room > MODEL_MAX_HANDLES)
				room = MODEL_MAX_HANDLES;
			if (!group_reserve(g, room))
				break;
		}
		got = model_fragment(m, t, lo, hi, o->ref, o->ref2, kind, g->h, (int)room, &obj);
		if (kind < SHAPE_FILE) {
			g->n = got > 0 ? (int)got : 0;
		} else if (kind == SHAPE_FILE) {
			r->file[i] = obj;
		} else {
			r->vma[i] = obj;
			r->vma_task[i] = t;
		}
		break;
	}
	case OP_RELEASE: {
		int k = made_by(r->g_op, r->nr_g, o->ref, i);
		struct group *g;
		long pages = 0;

		if (k < 0 || !o->a)
			break;
		g = &r->group[k];
		/* the kept frames may outnumber the blocks they came in */
		for (int j = 0; j < g->n; j++)
			if (g->h[j] >= 0 && g->h[j] < m->nr_handles && m->handles[g->h[j]].in_use)
				pages += 1l << m->handles[g->h[j]].order;
		if (pages > MODEL_MAX_HANDLES)
			pages = MODEL_MAX_HANDLES;
		if (pages < g->n)
			pages = g->n;
		if (group_reserve(g, pages))
			g->n = model_release(m, g->h, g->n, (int)pages, o->a, o->b);
		break;
	}
	case OP_GIVE:
		if (o->flag) {
			int k = made_by(r->h_op, r->nr_h, o->ref, i);

			if (k >= 0 && r->handle[k] >= 0) {
				model_give(m, &r->handle[k], 1);
				r->handle[k] = -1;	/* the program no longer frees it */
			}
		} else {
			int k = made_by(r->g_op, r->nr_g, o->ref, i);

			if (k >= 0) {
				model_give(m, r->group[k].h, r->group[k].n);
				r->group[k].n = 0;
			}
		}
		break;
	case OP_YIELD_FREE:
		m->other_free_batch = o->a;
		break;
	default:
		break;
	}
}

/*
 * Does every page_referenced question of this run answer young?  A forever
 * named answer of young, or an unfiltered reclaim.referenced schedule that
 * fires at every hit: then pages are "referenced at every scan", which the
 * premature-oom oracle does not count as reclaimable (spec/patches.md).
 */
static bool referenced_always(const struct runner *r, const struct prog *p)
{
	for (int k = 0; k < p->nr_named; k++)
		if (p->named[k].id == CHOICE_PAGE_REFERENCED && p->named[k].forever &&
		    p->named[k].value % 2 == 1)
			return true;
	for (int k = 0; k < r->faults.nr; k++) {
		const struct fault_sched *s = &r->faults.s[k];

		if (fault_points[s->point].id == CHOICE_PAGE_REFERENCED && s->probability >= 100 &&
		    s->times == -1 && s->interval <= 1 && !s->nth && !s->space && s->min_order < 0 &&
		    !s->gfp && s->task < 0 && !s->ignore_gfp_wait && !s->ignore_gfp_highmem)
			return true;
	}
	return false;
}

int runner_run(struct runner *r, const struct prog *p, FILE *trace, struct run_result *res)
{
	char err[256];
	struct model *m = get_model(r, p, err, sizeof(err));
	struct choice_answerer a = { answer, phase, &r->ans };

	memset(res, 0, sizeof(*res));
	r->last = m;
	if (!m) {
		res->verdict = V_MODEL_BUG;
		snprintf(res->detail, sizeof(res->detail), "cannot build the layout: %s", err);
		return -1;
	}
	m->trace.record = trace != NULL;
	m->trace.enabled = trace != NULL || !r->no_trace_hash;
	m->trace.nr_ev = 0;
	memset(&r->ans, 0, sizeof(r->ans));
	r->ans.a = p->answers;
	r->ans.nr = p->nr_answers;
	r->ans.repeat = p->repeat;
	r->ans.p = p;
	for (int k = 0; k < p->nr_named && k < 64; k++) {
		unsigned id = p->named[k].id;

		if (id < NR_CHOICE_IDS)
			r->ans.by_id[id][r->ans.nr_by_id[id]++] = (uint8_t)k;
	}
	/*
	 * Fault schedules layer over the answers: a schedule that fires decides;
	 * otherwise the program's answers (then the defaults) do.  Specs that do
	 * not parse (a fuzzer's garbage) are not faults.
	 */
	{
		char ferr[256];
		int skip_point = r->skip_point;
		unsigned long skip_hit = r->skip_hit;

		/*
		 * The layer's header only: fault_add writes each schedule whole and
		 * only fired[0..nr_fired) is read, so the 8 KiB of arrays need no
		 * clearing on every run.
		 */
		r->faults.nr = 0;
		r->faults.nr_fired = 0;
		r->faults.nr_fired_total = 0;
		memset(&r->faults.inner, 0, sizeof(r->faults.inner));
		for (int k = 0; k < r->nr_global_faults; k++)
			fault_add(&r->faults, r->global_faults[k], ferr, sizeof(ferr));
		for (int k = 0; k < p->nr_faults; k++)
			fault_add(&r->faults, p->faults[k], ferr, sizeof(ferr));
		r->faults.m = m;
		r->faults.skip_point = skip_point;
		r->faults.skip_hit = skip_hit;
		if (r->faults.nr) {
			a = fault_layer_answerer(&r->faults, &a);
		}
	}
	r->ans.settle = r->no_settle ? NULL : m;
	r->ans.layer_ids = 0;
	for (int k = 0; k < r->faults.nr; k++)
		r->ans.layer_ids |= 1u << (fault_points[r->faults.s[k].point].id & 31);
	choice_set_answerer(m, &a);
	index_objects(r, p);
	m->other_free_batch = 0;	/* one page per `free` yield unless the program says */
	m->referenced_always = referenced_always(r, p);
	r->task[0] = 0;
	for (int t = 0; t < p->nr_tasks; t++)
		r->task[t + 1] = model_task_create(m, p->task_name[t]);
	res->op = -1;
	for (int i = 0; i < p->nr_ops && !m->stopped; i++) {
		m->op = (uint32_t)i + 1;
		TRACE(m, EV_OP, i + 1, p->ops[i].kind);
		run_op(r, m, p, i);
		check_after_op(m);
		if (m->stopped)
			res->op = i;
	}
	m->op = (uint32_t)p->nr_ops + 1;
	model_teardown(m);
	groups_free(r);
	choice_set_answerer(m, NULL);
	res->verdict = m->verdict.kind;
	snprintf(res->sig, sizeof(res->sig), "%s", m->verdict.sig);
	snprintf(res->detail, sizeof(res->detail), "%s", m->verdict.detail);
	res->trace_hash = m->trace.hash;
	res->nr_choices = m->nr_choices;
	res->nr_events = m->trace.nr_events;
	res->nr_fired = r->faults.nr_fired_total > (unsigned long)INT32_MAX ? INT32_MAX :
			(int)r->faults.nr_fired_total;
	for (int k = 0, pos = 0; k < r->faults.nr_fired && pos < (int)sizeof(res->faults) - 64; k++) {
		if (k == 4) {
			/* every fault that fired is counted, also past the FAULT_MAX_FIRED kept */
			snprintf(res->faults + pos, sizeof(res->faults) - (size_t)pos, " +%lu more",
				 r->faults.nr_fired_total - 4);
			break;
		}
		pos += snprintf(res->faults + pos, sizeof(res->faults) - (size_t)pos, "%s%s#%lu@%s",
				k ? " " : "", fault_points[r->faults.fired[k].point].name,
				r->faults.fired[k].hit,
				(unsigned)r->faults.fired[k].label < NR_SEED_LABELS ?
				seed_label_name[r->faults.fired[k].label] : "?");
	}
	res->steps = m->trace.labels_seen;
	res->over_work = model_work_exceeded(m);
	if (trace) {
		if (r->zones)
			trace_print_zones(m, trace);
		else
			trace_print(m, trace);
		m->trace.record = false;
	}
	return 0;
}

void runner_trace_zones(struct runner *r, bool on)
{
	r->zones = on;
}

void runner_settle(struct runner *r, bool on)
{
	r->no_settle = !on;
}

void runner_trace_hash(struct runner *r, bool on)
{
	r->no_trace_hash = !on;
}

bool runner_expect_line_met(const struct prog_expect *e, const struct run_result *res)
{
	return e->verdict == res->verdict && !strncmp(res->sig, e->sig, strlen(e->sig));
}

bool runner_expect_met(const struct prog *p, const struct run_result *res, char *why, size_t len)
{
	if (p->has_trace_pin && p->trace_pin != res->trace_hash) {
		snprintf(why, len, "trace hash %016llx, the case pins %016llx (the run took other "
			 "decisions: replay both with --trace)", (unsigned long long)res->trace_hash,
			 (unsigned long long)p->trace_pin);
		return false;
	}
	for (int i = 0; i < p->nr_expect; i++)
		if (runner_expect_line_met(&p->expect[i], res))
			return true;
	if (!p->nr_expect)
		return true;
	snprintf(why, len, "got %s %s; expected %s %s", verdict_name[res->verdict], res->sig,
		 verdict_name[p->expect[0].verdict % NR_VERDICTS], p->expect[0].sig);
	return false;
}

bool run_is_finding(const struct run_result *res)
{
	return res->verdict != V_OK && res->verdict != V_WARNING && res->verdict != V_OOM_OVERKILL;
}
