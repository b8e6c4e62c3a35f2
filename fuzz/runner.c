// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c - executes a pafuzz program on the model (see runner.h).
 */
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
	uint8_t named_used[64];		/* named answers already given */
	int named_pending;		/* one-shot named answers not yet given */
};

struct runner {
	bool zones;		/* print the zones table instead of the trace */
	struct model *models[MAX_LAYOUT_MODELS];
	struct model_config cfgs[MAX_LAYOUT_MODELS];
	struct model *last;
	struct answers ans;
	int handle[PROG_MAX_OPS];	/* model handle per alloc op, or -1 */
	int vma[PROG_MAX_OPS];
	int vma_task[PROG_MAX_OPS];
	int file[PROG_MAX_OPS];
	int task[PROG_MAX_TASKS + 1];	/* model task id per program task */
	struct fault_layer faults;	/* this run's schedules: global ones, then the program's */
	int nr_global_faults;
	char global_faults[FAULT_MAX_SCHEDS][128];
	int skip_point;
	unsigned long skip_hit;
	bool force_oracles;	/* the oracles of spec/patches.md in every run (a diff's two) */
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
	for (int k = 0; k < an->p->nr_named; k++) {
		const struct prog_named *na = &an->p->named[k];

		if (na->id != q->id || an->named_used[k])
			continue;
		if (!na->forever) {
			an->named_used[k] = 1;
			an->named_pending--;
		}
		return na->value;
	}
	/* questions only patch variants ask take no positional answer (spec/patches.md) */
	if (q->id >= CHOICE_FIRST_PATCH_ONLY)
		return q->dflt;
	i = an->pos++;
	if (i < (unsigned long)an->nr)
		return an->a[i];
	if (an->repeat)
		return an->a[an->nr - an->repeat + (int)((i - (unsigned long)an->nr) % (unsigned long)an->repeat)];
	return q->dflt;
}

/* Periodic once the explicit answers are used up: defaults (phase 0) or the K-cycle. */
static bool phase(void *priv, uint64_t *ph)
{
	struct answers *an = priv;

	if (an->pos < (unsigned long)an->nr || an->named_pending)
		return false;
	*ph = an->repeat ? (an->pos - (unsigned long)an->nr) % (unsigned long)an->repeat : 0;
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
	for (int i = 0; i < MAX_LAYOUT_MODELS; i++)
		model_destroy(r->models[i]);
	free(r);
}

/* Builds the model of every layout (up to max_layout) and CPU count now, so that
 * later runs only reset: fuzzers then see the same code path for the same input. */
void runner_prepare(struct runner *r, int max_layout)
{
	static struct prog p;
	struct run_result res;

	memset(&p, 0, sizeof(p));
	p.nr_tasks = 1;
	snprintf(p.task_name[0], sizeof(p.task_name[0]), "A");
	for (int l = 0; l < nr_prog_layouts && l <= max_layout; l++)
		for (int cpus = 1; cpus <= 4; cpus++) {
			/*
			 * The 1 GiB layout is built when a program first asks for it:
			 * four of them cost a fuzz worker seconds at every start, and
			 * a -fork job starts a worker per new finding.
			 */
			if (!strcmp(prog_layouts[l].name, "1g"))
				continue;
			p.layout = (uint8_t)l;
			p.nr_cpus = (uint8_t)cpus;
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
	/* the layout and CPUs shape the model; the run-time knobs are set at reset */
	for (int i = 0; i < MAX_LAYOUT_MODELS; i++) {
		struct model_config k;

		if (!r->models[i])
			continue;
		k = r->cfgs[i];
		k.warnings_fatal = c.warnings_fatal;
		k.loop_budget = c.loop_budget;
		k.swap_pages = c.swap_pages;
		k.patches = c.patches;
		k.patch_oracles = c.patch_oracles;
		if (!memcmp(&k, &c, sizeof(c))) {
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
		slot = (int)(c.nr_cpus + c.swap_pages / 256 + p->layout) % MAX_LAYOUT_MODELS;
		model_destroy(r->models[slot]);
		r->models[slot] = NULL;
	}
	r->cfgs[slot] = c;
	r->models[slot] = model_create(&c, err, len);
	return r->models[slot];
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
		int k = -1;

		/* h<ref> is the ref-th alloc line; freeing twice or a failed one is a no-op */
		for (int j = 0, n = 0; j < i; j++)
			if (p->ops[j].kind == OP_ALLOC && n++ == o->ref)
				k = j;
		if (k >= 0 && r->handle[k] >= 0) {
			model_free(m, r->handle[k]);
			r->handle[k] = -1;
		}
		break;
	}
	case OP_FILL:
		if (ts)
			for (int order = (int)m->max_order - 1; order >= 0 && !m->stopped; order--)
				while (!m->stopped &&
				       model_alloc(m, t, GFP_ATOMIC | __GFP_NOWARN, (unsigned)order) >= 0)
					;
		break;
	case OP_SET_FLAG:
		if (!ts)
			break;
		if (o->flag == 5) {
			ts->tif = o->on ? ts->tif | TIF_MEMDIE : ts->tif & ~TIF_MEMDIE;
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
		int k = -1;

		for (int j = 0, n = 0; j < i; j++)
			if (p->ops[j].kind == OP_FILE && n++ == o->ref2)
				k = j;
		if (ts && k >= 0 && r->file[k] >= 0) {
			r->vma[i] = model_mmap_file(m, t, r->file[k], o->a, o->b);
			r->vma_task[i] = t;
		}
		break;
	}
	case OP_TOUCH: case OP_PIN: case OP_UNPIN: case OP_MUNMAP: {
		int k = -1;

		/* v<ref> is the ref-th mmap_anon/mmap_file line; a vma belongs to its task */
		for (int j = 0, n = 0; j < i; j++)
			if ((p->ops[j].kind == OP_MMAP_ANON || p->ops[j].kind == OP_MMAP_FILE) &&
			    n++ == o->ref)
				k = j;
		if (!ts || k < 0 || r->vma[k] < 0)
			break;
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
		int k = -1;

		for (int j = 0, n = 0; j < i; j++)
			if (p->ops[j].kind == OP_FILE && n++ == o->ref)
				k = j;
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
	m->trace.nr_ev = 0;
	r->ans = (struct answers){ p->answers, p->nr_answers, p->repeat, 0, p, { 0 }, 0 };
	for (int k = 0; k < p->nr_named; k++)
		r->ans.named_pending += !p->named[k].forever;
	/*
	 * Fault schedules layer over the answers: a schedule that fires decides;
	 * otherwise the program's answers (then the defaults) do.  Specs that do
	 * not parse (a fuzzer's garbage) are not faults.
	 */
	{
		char ferr[256];
		int skip_point = r->skip_point;
		unsigned long skip_hit = r->skip_hit;

		memset(&r->faults, 0, sizeof(r->faults));
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
	choice_set_answerer(m, &a);
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
	choice_set_answerer(m, NULL);
	res->verdict = m->verdict.kind;
	snprintf(res->sig, sizeof(res->sig), "%s", m->verdict.sig);
	snprintf(res->detail, sizeof(res->detail), "%s", m->verdict.detail);
	res->trace_hash = m->trace.hash;
	res->nr_choices = m->nr_choices;
	res->nr_events = m->trace.nr_events;
	res->nr_fired = r->faults.nr_fired;
	for (int k = 0, pos = 0; k < r->faults.nr_fired && pos < (int)sizeof(res->faults) - 64; k++) {
		if (k == 4) {
			snprintf(res->faults + pos, sizeof(res->faults) - (size_t)pos, " +%d more%s",
				 r->faults.nr_fired - 4, r->faults.nr_fired == FAULT_MAX_FIRED ? "+" : "");
			break;
		}
		pos += snprintf(res->faults + pos, sizeof(res->faults) - (size_t)pos, "%s%s#%lu@%s",
				k ? " " : "", fault_points[r->faults.fired[k].point].name,
				r->faults.fired[k].hit,
				(unsigned)r->faults.fired[k].label < NR_SEED_LABELS ?
				seed_label_name[r->faults.fired[k].label] : "?");
	}
	res->steps = m->trace.labels_seen;
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
