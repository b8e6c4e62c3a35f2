// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - a model's lifetime (create, reset, destroy), tasks, the
 * program's allocation handles, findings and warnings, and page_owner-style
 * frame history for reports.
 */
#include <stdarg.h>
#include <string.h>
#include "internal.h"

const char *const verdict_name[NR_VERDICTS] = {
	[V_OK] = "ok",
	[V_WARNING] = "warning",
	[V_OOM_OVERKILL] = "oom-overkill",
	[V_RETRY_STORM] = "retry-storm",
	[V_LIVELOCK] = "livelock",
	[V_GFP_CONTRACT] = "gfp-contract",
	[V_LEAK] = "leak",
	[V_BUDDY_CORRUPT] = "buddy-corrupt",
	[V_MODEL_BUG] = "model-bug",
	[V_PREMATURE_OOM] = "premature-oom",
};

const char *const warn_name[NR_WARN_IDS] = {
	[WARN_ORDER_GE_MAX_ORDER] = "order-ge-max-order",
	[WARN_ATOMIC_NOFAIL] = "atomic-nofail",
	[WARN_NOFAIL_HIGH_ORDER] = "nofail-high-order",
	[WARN_BAD_PAGE] = "bad-page",
	[WARN_ALLOC_FAILED] = "page-allocation-failure",
	[WARN_BAD_GFP_ZONE] = "bad-gfp-zone",
	[WARN_OOM_NOFAIL] = "oom-nofail-progress",
	[WARN_OOM_OVERKILL] = "oom-overkill",
	[WARN_BAD_GFP_MIGRATETYPE] = "bad-gfp-migratetype",
	[WARN_SLEEP_IN_ATOMIC] = "sleep-in-atomic",
	[WARN_PREMATURE_OOM_WRITEBACK] = "premature-oom-writeback",
};

/* Messages that are not WARNs of the kernel: counted, but no warning verdict. */
static bool warn_is_message_only(enum warn_id id)
{
	return id == WARN_ALLOC_FAILED;
}

const char *const alloc_site_name[NR_ALLOC_SITES] = {
	[SITE_NONE] = "boot",
	[SITE_HANDLE] = "alloc op",
	[SITE_PCP_REFILL] = "rmqueue_bulk",
	[SITE_BUDDY] = "__rmqueue",
	[SITE_FREE_HANDLE] = "free op",
	[SITE_FREE_PCP_DRAIN] = "free_pcppages_bulk",
	[SITE_ANON_FAULT] = "do_anonymous_page",
	[SITE_PAGECACHE] = "add_to_page_cache_lru",
	[SITE_RECLAIM_FREE] = "shrink_page_list",
	[SITE_MIGRATE] = "migrate_pages",
	[SITE_OTHER_CPU] = "another CPU",
	[SITE_PAGETABLE] = "pte_alloc",
	[SITE_EXIT] = "exit_mmap",
	[SITE_PUT_PAGE] = "put_page",
};

void model_config_default(struct model_config *c)
{
	memset(c, 0, sizeof(*c));
	c->nr_nodes = 1;
	c->nr_cpus = 2;
	c->max_order = 11;
	c->pageblock_order = 9;
	/* DMA (16 MiB, first frame reserved as the BIOS keeps it) + 16 MiB Normal */
	c->zones[0][ZONE_DMA].pages = 4096;
	c->zones[0][ZONE_DMA].reserved = 1;
	c->zones[0][ZONE_NORMAL].pages = 4096;
	c->lowmem_reserve_ratio[ZONE_DMA] = 256;
	c->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	c->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	c->lowmem_reserve_ratio[ZONE_HIGHMEM] = 32;
	c->extfrag_threshold = 500;
	c->swap_pages = 0;
	c->compaction = true;
	c->numa = true;
	c->cma = true;
	c->debug = 1;
}

int model_config_check(const struct model_config *c, char *err, size_t len)
{
	unsigned long total = 0;

	if (c->nr_nodes < 1 || c->nr_nodes > MAX_NUMNODES)
		return snprintf(err, len, "nodes: expected 1 or 2, got %d", c->nr_nodes), -1;
	if (c->nr_cpus < 1 || c->nr_cpus > MODEL_MAX_CPUS)
		return snprintf(err, len, "cpus: expected 1..%d, got %d", MODEL_MAX_CPUS, c->nr_cpus), -1;
	if (c->max_order < 2 || c->max_order > MAX_ORDER_LIMIT)
		return snprintf(err, len, "max_order: expected 2..%d, got %d", MAX_ORDER_LIMIT,
				c->max_order), -1;
	if (c->pageblock_order < 1 || c->pageblock_order > c->max_order - 1)
		return snprintf(err, len, "pageblock_order: expected 1..%d (max_order-1), got %d",
				c->max_order - 1, c->pageblock_order), -1;
	for (int nid = 0; nid < c->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_config *zc = &c->zones[nid][zid];
			unsigned long pb = 1ul << c->pageblock_order;

			if (zc->pages && zc->pages % pb)
				return snprintf(err, len, "node %d zone %s: %lu frames is not a multiple "
						"of the pageblock (%lu frames)", nid, zone_name(zid),
						zc->pages, pb), -1;
			if (zc->reserved > zc->pages)
				return snprintf(err, len, "node %d zone %s: reserved %lu > frames %lu",
						nid, zone_name(zid), zc->reserved, zc->pages), -1;
			for (int h = 0; h < MODEL_MAX_HOLES; h++)
				if (zc->hole_pages[h] &&
				    zc->hole_start[h] + zc->hole_pages[h] > zc->pages)
					return snprintf(err, len, "node %d zone %s: hole %d ends past the "
							"zone", nid, zone_name(zid), h), -1;
			total += zc->pages;
		}
	if (total == 0)
		return snprintf(err, len, "no memory: every zone is empty"), -1;
	if (total > MODEL_MAX_FRAMES)
		return snprintf(err, len, "%lu frames: more than the model's %lu", total,
				MODEL_MAX_FRAMES), -1;
	if (c->extfrag_threshold < 0 || c->extfrag_threshold > 1000)
		return snprintf(err, len, "extfrag_threshold: expected 0..1000"), -1;
	if (c->debug < 0 || c->debug > 3)
		return snprintf(err, len, "debug: expected 0..3"), -1;
	if (!patches_valid(c->patches, err, len))
		return -1;
	return 0;
}

static void model_reset_state(struct model *m)
{
	memset(m->tasks, 0, sizeof(m->tasks));
	m->memdie_tasks = 0;
	for (int i = 0; i < MODEL_MAX_LOCKS; i++)
		m->lock_holder[i] = -1;
	m->gfp_allowed_mask = __GFP_BITS_MASK;
	m->storage_suspended = m->cfg.storage_suspended;
	if (m->storage_suspended)
		m->gfp_allowed_mask &= ~(__GFP_IO | __GFP_FS);
	m->oom_killer_disabled = m->cfg.oom_killer_disabled;
	m->oom_lock_holder = -1;
	m->current = 0;
	memset(m->handles, 0, sizeof(struct handle) * (size_t)m->nr_handles);
	memset(m->other_map, 0, sizeof(uint64_t) * (size_t)((m->nr_handles + 63) / 64));
	memset(m->used_map, 0, sizeof(uint64_t) * (size_t)((m->nr_handles + 63) / 64));
	m->other_hash = 0;
	memset(m->other_group, 0, sizeof(m->other_group));
	m->nr_handles = 0;
	m->handle_hint = 0;
	m->handle_pending = -1;
	memset(m->vm_events, 0, sizeof(m->vm_events));
	memset(&m->answerer, 0, sizeof(m->answerer));
	m->nr_choices = 0;
	m->nr_injected_bad = 0;
	trace_reset(&m->trace);
	memset(&m->verdict, 0, sizeof(m->verdict));
	strcpy(m->verdict.sig, "ok");
	m->stopped = false;
	memset(m->warn_count, 0, sizeof(m->warn_count));
	m->op = 0;
	m->alloc_depth = 0;
	m->alloc_gfp = 0;
	m->alloc_order = -1;
	m->alloc_path = 0;
	m->nr_yields = 0;
	m->work = 0;
	m->reclaim_progress_reason = 0;
	m->alloc_injected = 0;
	m->referenced_always = false;
	m->scratch_heads_used = 0;
	memset(&m->reaper, 0, sizeof(m->reaper));
	m->request_victims = 0;
	m->request_zonelist = NULL;
	/*
	 * The allocation plan is a cache that never changes a verdict, but a run
	 * that found it filled by the run before would skip computing it: the
	 * same program would take another path through the code (another edge
	 * set for a fuzzer).  Every run starts with it empty.
	 */
	m->plan.zonelist = NULL;
	if (m->wd)
		watchdog_reset(m);
	world_reset(m);
	/* task 0 is init: always there, never an OOM victim */
	model_task_create(m, "init");
}

struct model *model_create(const struct model_config *c, char *err, size_t len)
{
	struct model *m;

	if (model_config_check(c, err, len))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	m->cfg = *c;
	m->cfg.numa = c->numa || c->nr_nodes > 1;	/* two nodes need a NUMA kernel */
	m->max_order = (unsigned)c->max_order;
	m->pageblock_order = (unsigned)c->pageblock_order;
	m->pageblock_nr_pages = 1ul << c->pageblock_order;
	m->handles = calloc(MODEL_MAX_HANDLES, sizeof(struct handle));
	m->other_map = calloc(MODEL_MAX_HANDLES / 64, sizeof(uint64_t));
	m->used_map = calloc(MODEL_MAX_HANDLES / 64, sizeof(uint64_t));
	m->other_pfn = calloc(MODEL_MAX_HANDLES, sizeof(uint32_t));
	if (!m->handles || !m->other_map || !m->used_map || !m->other_pfn ||
	    model_setup_zones(m, err, len)) {
		model_destroy(m);
		return NULL;
	}
	m->check_seen = calloc(m->pm.nr_frames, 1);
	if (!m->check_seen || watchdog_init(m) || world_create(m)) {
		model_destroy(m);
		return NULL;
	}
	m->trace.enabled = true;
	model_reset_state(m);
	/* the pristine state: hash every frame once (the sum is physmem_full_hash), then snapshot */
	m->state_hash = physmem_pageblocks_hash(&m->pm);
	for (unsigned long pfn = 0; pfn < m->pm.nr_frames; pfn++) {
		m->pm.pages[pfn].hcontrib = page_hash_contrib(&m->pm, pfn, &m->pm.pages[pfn]);
		m->state_hash ^= m->pm.pages[pfn].hcontrib;
	}
	for (uint32_t h = 0; h < m->pm.nr_heads; h++) {
		m->pm.heads[h].hcontrib = head_hash_contrib(&m->pm, h, &m->pm.heads[h]);
		m->state_hash ^= m->pm.heads[h].hcontrib;
	}
	MODEL_BUG_ON(m, m->cfg.debug >= 3 && m->state_hash != physmem_full_hash(m));
	m->pristine_state_hash = m->state_hash;
	physmem_snapshot(&m->pm);
	memcpy(m->pristine_node, m->node, sizeof(m->node));
	return m;
}

void model_destroy(struct model *m)
{
	if (!m)
		return;
	physmem_free(&m->pm);
	free(m->handles);
	free(m->other_map);
	free(m->used_map);
	free(m->other_pfn);
	free(m->check_seen);
	watchdog_free(m);
	world_destroy(m);
	free(m->trace.ev);
	free(m->trace.zfree);
	free(m);
}

/* O(touched): frames, heads and pageblocks from their pristine copies, the rest is small. */
void model_reset(struct model *m)
{
	physmem_reset(&m->pm);
	memcpy(m->node, m->pristine_node, sizeof(m->node));
	m->state_hash = m->pristine_state_hash;
	model_reset_state(m);
}

/* ---- scratch list heads ------------------------------------------------------ */

uint32_t scratch_head_get(struct model *m)
{
	for (uint32_t i = 0; i < MODEL_SCRATCH_HEADS; i++) {
		uint32_t id = physmem_head_id(&m->pm, m->pm.nr_fixed_heads + i);

		if (m->scratch_heads_used & (1ull << i))
			continue;
		m->scratch_heads_used |= 1ull << i;
		INIT_LIST_HEAD(m, id);
		return id;
	}
	MODEL_BUG_ON(m, 1);
	return 0;
}

void scratch_head_put(struct model *m, uint32_t head)
{
	uint32_t i = head - physmem_head_id(&m->pm, m->pm.nr_fixed_heads);

	MODEL_BUG_ON(m, i >= MODEL_SCRATCH_HEADS || !list_empty(m, head));
	m->scratch_heads_used &= ~(1ull << i);
}

/* ---- tasks ---------------------------------------------------------------- */

int model_task_create(struct model *m, const char *name)
{
	for (int i = 0; i < MODEL_MAX_TASKS; i++) {
		struct task *t = &m->tasks[i];

		if (t->in_use)
			continue;
		memset(t, 0, sizeof(*t));
		t->in_use = true;
		snprintf(t->name, sizeof(t->name), "%s", name);
		t->mems_allowed = (1u << m->cfg.nr_nodes) - 1;
		t->waiting_for = -1;
		t->cpu = i % m->cfg.nr_cpus;
		t->nid = t->cpu * m->cfg.nr_nodes / m->cfg.nr_cpus;
		t->mm = -1;
		return i;
	}
	return -1;
}

/* Gives task id TIF_MEMDIE or takes it away; every writer of the flag comes here. */
void model_task_memdie(struct model *m, int id, bool on)
{
	struct task *t = &m->tasks[id];

	if (on) {
		t->tif |= TIF_MEMDIE;
		m->memdie_tasks |= 1u << id;
	} else {
		t->tif &= ~TIF_MEMDIE;
		m->memdie_tasks &= ~(1u << id);
	}
}

struct task *model_task(struct model *m, int id)
{
	if (id < 0 || id >= MODEL_MAX_TASKS || !m->tasks[id].in_use)
		return NULL;
	return &m->tasks[id];
}

/* ---- the program's allocations ---------------------------------------------- */

/*
 * The lowest free handle slot, for a program allocation or another CPU's
 * page, or -1 if none is left; handle_hint is a lower bound on it (O(1)
 * amortised).  The slot a program allocation in flight has taken
 * (handle_pending) is not free: another CPU allocating at one of its yield
 * points must not fill it.
 */
int handle_slot(struct model *m)
{
	int words = (m->nr_handles + 63) / 64;

	/* 64 slots a step (used_map), where slot by slot cost seconds in jobs'
	   inputs: a full table of thousands asked again and again by `release`
	   or by other CPUs allocating at every yield */
	for (int w = m->handle_hint >> 6; w < words; w++) {
		uint64_t avail = ~m->used_map[w];
		int h;

		if (w == m->handle_hint >> 6)
			avail &= ~0ull << (m->handle_hint & 63);
		if (w == words - 1 && (m->nr_handles & 63))
			avail &= (1ull << (m->nr_handles & 63)) - 1;
		if (m->handle_pending >= 0 && m->handle_pending >> 6 == w)
			avail &= ~(1ull << (m->handle_pending & 63));
		if (avail) {
			h = (w << 6) + __builtin_ctzll(avail);
			m->handle_hint = h + 1;
			return h;
		}
	}
	/*
	 * None free from the hint up: every slot below the end is taken (the
	 * pending one comes back through handle_release if its allocation
	 * fails), so the hint moves to the end and a full table fails the next
	 * call at once.
	 */
	m->handle_hint = m->nr_handles;
	if (m->nr_handles == MODEL_MAX_HANDLES)
		return -1;
	m->handle_hint = m->nr_handles + 1;
	return m->nr_handles++;
}

/* Gives slot h back: free again, and the lowest free one if it is below the hint. */
void handle_release(struct model *m, int h)
{
	m->handles[h].in_use = false;
	handle_note(m, h);
	if (h < m->handle_hint)
		m->handle_hint = h;
}

static int do_alloc(struct model *m, int task, int nid, gfp_t gfp, unsigned order)
{
	struct page *page;
	int h;

	if (m->stopped || !model_task(m, task))
		return -1;
	h = handle_slot(m);
	if (h < 0)
		return -1;
	m->current = task;
	/* the slot is ours while the allocation runs: another CPU's pages go elsewhere */
	m->handle_pending = h;
	if (nid < 0)
		page = alloc_pages_current(m, gfp, order);
	else
		page = __alloc_pages_nodemask(m, gfp, order, node_zonelist(m, nid, gfp), NULL);
	m->handle_pending = -1;
	if (!page) {
		handle_release(m, h);	/* the slot stays free: the next allocation takes it */
		return -1;
	}
	page_owner_alloc(m, page, order, SITE_HANDLE);
	m->handles[h] = (struct handle){ .pfn = (uint32_t)page_to_pfn(m, page),
					 .order = (uint8_t)order, .in_use = true,
					 .task = (int16_t)task, .gfp = gfp, .op = m->op };
	handle_note(m, h);
	return h;
}

int model_alloc(struct model *m, int task, gfp_t gfp, unsigned order)
{
	return do_alloc(m, task, -1, gfp, order);
}

int model_alloc_node(struct model *m, int task, int nid, gfp_t gfp, unsigned order)
{
	if (nid < 0 || nid >= m->cfg.nr_nodes)
		return -1;
	return do_alloc(m, task, nid, gfp, order);
}

int model_free(struct model *m, int handle)
{
	struct handle *h;
	struct page *page;

	if (handle < 0 || handle >= m->nr_handles || !m->handles[handle].in_use)
		return -22;	/* -EINVAL */
	h = &m->handles[handle];
	page = pfn_to_page(m, h->pfn);
	handle_release(m, handle);
	if (m->stopped)
		return 0;
	if (model_task(m, h->task))
		m->current = h->task;
	page_owner_free(m, page, h->order, SITE_FREE_HANDLE);
	__free_pages(m, page, h->order);
	return 0;
}

/* ---- findings and warnings ------------------------------------------------------ */

void model_finding(struct model *m, enum verdict_kind kind, const char *sig, const char *fmt, ...)
{
	va_list ap;

	if (m->stopped)
		return;
	m->stopped = true;
	m->verdict.kind = kind;
	m->verdict.op = m->op;
	snprintf(m->verdict.sig, sizeof(m->verdict.sig), "%s", sig);
	va_start(ap, fmt);
	vsnprintf(m->verdict.detail, sizeof(m->verdict.detail), fmt, ap);
	va_end(ap);
}

/*
 * Whether a warning of this id raised now would be described in the verdict
 * (the first one of a run, or any once warnings are fatal).  Callers that
 * build an expensive message first ask this, so a storm of repeated
 * warnings costs a counter each, not a formatted string.
 */
bool model_warn_describes(const struct model *m, enum warn_id id)
{
	if (warn_is_message_only(id) || m->stopped)
		return false;
	return m->cfg.warnings_fatal || m->verdict.kind == V_OK;
}

static void model_warn_v(struct model *m, enum warn_id id, const char *name, const char *fmt,
			 va_list ap)
{
	char sig[96];

	m->warn_count[id]++;
	TRACE(m, EV_WARN, id, m->warn_count[id]);
	if (warn_is_message_only(id))
		return;
	/* only the first warning (or a fatal one) is described: format nothing else */
	if (!model_warn_describes(m, id))
		return;
	if (id == WARN_OOM_OVERKILL)
		snprintf(sig, sizeof(sig), "oom-overkill@%s", seed_label_name[m->trace.label]);
	else
		snprintf(sig, sizeof(sig), "warning:%s@%s", name, seed_label_name[m->trace.label]);
	if (m->cfg.warnings_fatal && !m->stopped) {
		m->stopped = true;
		m->verdict.kind = id == WARN_OOM_OVERKILL ? V_OOM_OVERKILL : V_WARNING;
		m->verdict.op = m->op;
		snprintf(m->verdict.sig, sizeof(m->verdict.sig), "%s", sig);
		vsnprintf(m->verdict.detail, sizeof(m->verdict.detail), fmt, ap);
		return;
	}
	if (m->verdict.kind == V_OK && !m->stopped) {
		m->verdict.kind = id == WARN_OOM_OVERKILL ? V_OOM_OVERKILL : V_WARNING;
		m->verdict.op = m->op;
		snprintf(m->verdict.sig, sizeof(m->verdict.sig), "%s", sig);
		vsnprintf(m->verdict.detail, sizeof(m->verdict.detail), fmt, ap);
	}
}

void model_warn(struct model *m, enum warn_id id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	model_warn_v(m, id, warn_name[id], fmt, ap);
	va_end(ap);
}

void model_warn_named(struct model *m, enum warn_id id, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	model_warn_v(m, id, name, fmt, ap);
	va_end(ap);
}

void model_bug(struct model *m, const struct page *page, const char *file, int line,
	       const char *cond)
{
	char buf[256] = "";

	if (page)
		dump_page(m, page, buf, sizeof(buf));
	fprintf(stderr, "model-bug: %s:%d: MODEL_BUG_ON(%s) op %u %s\n", file, line, cond,
		m->op, buf);
	m->verdict.kind = V_MODEL_BUG;
	snprintf(m->verdict.sig, sizeof(m->verdict.sig), "model-bug:%s:%d", file, line);
	abort();
}

void page_owner_describe(struct model *m, unsigned long pfn, char *buf, size_t len)
{
	const struct page *p = pfn_to_page(m, pfn);
	unsigned long head = pfn;

	/* find the block the frame was last handed out in */
	for (unsigned o = 0; o < m->max_order && !(p->last_alloc_op || p->alloc_site); o++) {
		head = pfn & ~((1ul << o) - 1);
		p = pfn_to_page(m, head);
	}
	snprintf(buf, len, "pfn %#lx: last allocated by op %u via %s (order %u, block %#lx), "
		 "last freed by op %u via %s", pfn, p->last_alloc_op,
		 alloc_site_name[p->alloc_site & 0xff], p->alloc_site >> 8, head,
		 p->last_free_op, alloc_site_name[p->free_site & 0xff]);
}

unsigned long model_zone_free_pages(const struct zone *z)
{
	return (unsigned long)zone_page_state(z, NR_FREE_PAGES);
}

/* Frees what the program and the world still hold. */
void model_teardown(struct model *m)
{
	bool was_stopped = m->stopped;

	m->stopped = false;
	for (int i = 0; i < m->nr_handles; i++)
		if (m->handles[i].in_use)
			model_free(m, i);
	world_teardown(m);
	model_drain_all(m);
	m->stopped = was_stopped;
	if (!m->stopped)
		check_teardown(m);
}
