// SPDX-License-Identifier: GPL-2.0
/*
 * test_slowpath.c - scenarios through __alloc_pages_slowpath with their
 * verdicts, built in C, each with a near miss that must not produce it.
 * Layout variants: the default (DMA 4096 + Normal 4096) and a small Normal
 * zone (max_order 6, pageblock_order 3).
 */
#include <string.h>
#include "../internal.h"
#include "tap.h"

static struct model *make(int variant)
{
	struct model_config c;
	char err[256];
	struct model *m;

	model_config_default(&c);
	if (variant == 1) {
		memset(c.zones, 0, sizeof(c.zones));
		c.zones[0][ZONE_NORMAL].pages = 1024;
		c.max_order = 6;
		c.pageblock_order = 3;
	}
	c.loop_budget = 64;
	c.debug = 3;	/* whole-model walkers and the hash check after every op */
	m = model_create(&c, err, sizeof(err));
	if (!m)
		diag("model_create: %s", err);
	return m;
}

/* Allocates atomically, largest blocks first, until the allocator says no. */
static int fill(struct model *m, int task)
{
	int n = 0;

	for (int order = (int)m->max_order - 1; order >= 0; order--)
		while (model_alloc(m, task, GFP_ATOMIC | __GFP_NOWARN, (unsigned)order) >= 0)
			n++;
	return n;
}

/* The checks a runner makes after an operation; the verdict must not change. */
static int checked_alloc(struct model *m, int task, gfp_t gfp, unsigned order)
{
	uint32_t flags = model_task(m, task)->flags;
	int h = model_alloc(m, task, gfp, order);

	check_after_op(m);
	/* the allocator sets PF_MEMALLOC around reclaim and compaction, and must clear it */
	if ((model_task(m, task)->flags ^ flags) & PF_MEMALLOC)
		ok(0, "PF_MEMALLOC of task %d changed across an allocation (%#x -> %#x)", task,
		   flags, model_task(m, task)->flags);
	return h;
}
#define model_alloc checked_alloc

/* An answerer that keeps the OOM lock busy for the first `busy` questions about it. */
struct busy_lock {
	unsigned busy, asked;
};

static unsigned busy_answer(void *priv, const struct choice_query *q)
{
	struct busy_lock *b = priv;

	if (q->id == CHOICE_OOM_LOCK_BUSY)
		return b->asked++ < b->busy ? 1 : 0;
	return q->dflt;
}

/* Periodic once the lock answers no longer change (position 0 of a 1-cycle). */
static bool busy_phase(void *priv, uint64_t *phase)
{
	struct busy_lock *b = priv;

	*phase = 0;
	return b->busy == ~0u || b->asked >= b->busy;
}

static const char *vname(struct model *m)
{
	return verdict_name[m->verdict.kind];
}

int main(void)
{
	for (int v = 0; v < 2; v++) {
		struct model *m = make(v);
		int t, h;

		if (!ok(m != NULL, "variant %d: model created", v))
			continue;
		diag("variant %d", v);

		/* A test that allocates GFP_KERNEL order 0 with plenty of memory. Expect the
		 * fast path alone to serve it: no slowpath label, verdict ok. */
		t = model_task_create(m, "worker");
		h = model_alloc(m, t, GFP_KERNEL, 0);
		ok(h >= 0 && m->alloc_path == 0, "plenty of memory: served by the fast path");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "plenty of memory: verdict %s", vname(m));

		/* A test that starves the zones and asks GFP_NOFS order 0 with nothing
		 * reclaimable. Expect the seed's "no __GFP_FS: keep looping as per
		 * tradition" branch to loop forever: livelock, proven, with no injected
		 * answer, the cycle reporting oom_no_fs as its progress. */
		model_reset(m);
		t = model_task_create(m, "fs-writer");
		fill(m, t);
		h = model_alloc(m, t, GFP_NOFS, 0);
		ok(h < 0, "GFP_NOFS starved: no page");
		is(m->verdict.kind, V_LIVELOCK, "GFP_NOFS starved: verdict %s (%s)", vname(m),
		   m->verdict.sig);
		ok(strstr(m->verdict.sig, "livelock@retry:") == m->verdict.sig &&
		   strstr(m->verdict.sig, "oom_no_fs"), "livelock signature names the loop and "
		   "the reason: %s", m->verdict.sig);
		ok(strstr(m->verdict.detail, "needs no injected answer") != NULL,
		   "the cycle needs no injected answer");

		/* Near miss: the same with __GFP_NORETRY. Expect no loop at all: the request
		 * fails after one round and the verdict is ok. */
		model_reset(m);
		t = model_task_create(m, "fs-writer");
		fill(m, t);
		h = model_alloc(m, t, GFP_NOFS | __GFP_NORETRY, 0);
		ok(h < 0, "GFP_NOFS|__GFP_NORETRY starved: fails");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "GFP_NOFS|__GFP_NORETRY starved: verdict %s (%s)",
		   vname(m), m->verdict.sig);

		/* A test that asks GFP_KERNEL|__GFP_NOFAIL|__GFP_NORETRY in a starved zone.
		 * Expect a gfp-contract finding: NOFAIL returned NULL after noretry. */
		model_reset(m);
		t = model_task_create(m, "nofail");
		fill(m, t);
		h = model_alloc(m, t, GFP_KERNEL | __GFP_NOFAIL | __GFP_NORETRY, 0);
		is(m->verdict.kind, V_GFP_CONTRACT, "NOFAIL|NORETRY starved: verdict %s (%s)",
		   vname(m), m->verdict.sig);
		ok(strstr(m->verdict.sig, "nofail-null") != NULL, "signature %s", m->verdict.sig);

		/* Near miss: GFP_KERNEL|__GFP_NOFAIL|__GFP_NORETRY with memory free. Expect ok. */
		model_reset(m);
		t = model_task_create(m, "nofail");
		h = model_alloc(m, t, GFP_KERNEL | __GFP_NOFAIL | __GFP_NORETRY, 0);
		ok(h >= 0, "NOFAIL|NORETRY with memory: served");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "NOFAIL|NORETRY with memory: verdict %s", vname(m));

		/* A test that asks GFP_ATOMIC order 0 under pressure. Expect it to fail
		 * without reclaim, compaction or sleeping (the oracles would say
		 * gfp-contract) and the verdict ok. */
		model_reset(m);
		t = model_task_create(m, "irq");
		fill(m, t);
		{
			unsigned long yields = m->nr_yields;

			h = model_alloc(m, t, GFP_ATOMIC, 0);
			ok(h < 0 && m->nr_yields == yields && !(m->alloc_path & (1u << L_RECLAIM)),
			   "GFP_ATOMIC under pressure: fails without yielding");
		}
		ok(m->warn_count[WARN_ALLOC_FAILED] == 1, "GFP_ATOMIC failure printed "
		   "\"page allocation failure\" once");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "GFP_ATOMIC under pressure: verdict %s (%s)", vname(m),
		   m->verdict.sig);

		/* The same with GFP_NOWAIT (no __GFP_HIGH): fails without reclaim either. */
		model_reset(m);
		t = model_task_create(m, "nowait");
		fill(m, t);
		{
			unsigned long yields = m->nr_yields;

			h = model_alloc(m, t, GFP_NOWAIT | __GFP_NOWARN, 0);
			ok(h < 0 && m->nr_yields == yields && m->vm_events[ALLOCSTALL] == 0,
			   "GFP_NOWAIT under pressure: fails without reclaim or yielding");
			h = model_alloc(m, t, GFP_NOWAIT | __GFP_NOWARN, 2);
			ok(h < 0 && m->vm_events[COMPACTSTALL] == 0 && m->vm_events[ALLOCSTALL] == 0,
			   "GFP_NOWAIT order 2 under pressure: no compaction, no reclaim");
		}
		model_teardown(m);
		is(m->verdict.kind, V_OK, "GFP_NOWAIT under pressure: verdict %s (%s)", vname(m),
		   m->verdict.sig);

		/* A test that asks GFP_KERNEL|__GFP_NORETRY order 2 in a starved zone: it goes
		 * through direct compaction (PF_MEMALLOC set around it) and fails. Expect the
		 * task's PF_MEMALLOC cleared afterwards (checked_alloc) and ok. */
		model_reset(m);
		t = model_task_create(m, "compactor");
		fill(m, t);
		h = model_alloc(m, t, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 2);
		ok(h < 0 && !(model_task(m, t)->flags & PF_MEMALLOC),
		   "order 2 NORETRY starved: fails, PF_MEMALLOC clear again");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "order 2 NORETRY starved: verdict %s", vname(m));

		/* A test that asks GFP_TRANSHUGE at a high order with compaction deferred on
		 * every zone. Expect the THP checks to give up before reclaim: no page,
		 * ok, and no direct reclaim stall counted. */
		model_reset(m);
		t = model_task_create(m, "thp");
		fill(m, t);
		for (int nid = 0; nid < m->cfg.nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
				struct zone *z = model_zone(m, nid, zid);

				z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
				z->compact_considered = 0;
				z->compact_order_failed = 0;
			}
		h = model_alloc(m, t, GFP_TRANSHUGE, m->pageblock_order);
		ok(h < 0 && (m->alloc_path & (1u << L_THP_GIVEUP)) == 0,
		   "alloc_path is per round and cleared at exit");
		ok(m->vm_events[ALLOCSTALL] == 0, "THP with compaction deferred: no direct reclaim");
		model_teardown(m);
		is(m->verdict.kind, V_OK, "THP with compaction deferred: verdict %s (%s)", vname(m),
		   m->verdict.sig);

		/* A test that asks order MAX_ORDER with __GFP_NOWARN. Expect a clean failure:
		 * no page, no warning, ok. Near miss of the order >= MAX_ORDER contract. */
		model_reset(m);
		t = model_task_create(m, "big");
		h = model_alloc(m, t, GFP_KERNEL | __GFP_NOWARN, m->max_order);
		ok(h < 0 && m->verdict.kind == V_OK, "order MAX_ORDER fails cleanly (%s)",
		   m->verdict.sig);
		/* Without NOWARN the kernel WARNs once: verdict warning. */
		h = model_alloc(m, t, GFP_KERNEL, m->max_order);
		ok(h < 0 && m->verdict.kind == V_WARNING &&
		   strstr(m->verdict.sig, "order-ge-max-order"), "order MAX_ORDER without NOWARN: "
		   "%s", m->verdict.sig);

		/* A test that allocates with PF_MEMALLOC set (inside reclaim) when starved.
		 * Expect the no-watermark path to serve it from the reserves. */
		model_reset(m);
		t = model_task_create(m, "reclaimer");
		fill(m, t);
		model_task(m, t)->flags |= PF_MEMALLOC;
		h = model_alloc(m, t, GFP_KERNEL, 0);
		ok(h >= 0 && pfn_to_page(m, m->handles[h].pfn)->pfmemalloc,
		   "PF_MEMALLOC: served below min, page->pfmemalloc set");
		model_task(m, t)->flags &= ~PF_MEMALLOC;
		model_teardown(m);
		is(m->verdict.kind, V_OK, "PF_MEMALLOC: verdict %s (%s)", vname(m), m->verdict.sig);

		/* A test that asks GFP_KERNEL order 0 in a starved zone while the OOM lock
		 * is held elsewhere forever (an injected answer that repeats). Expect a
		 * livelock through the "somebody else is making progress" branch whose
		 * report says it depends on the injected oom_lock answers. */
		model_reset(m);
		{
			struct busy_lock b = { .busy = ~0u };
			struct choice_answerer a = { busy_answer, busy_phase, &b };

			t = model_task_create(m, "waiter");
			fill(m, t);
			choice_set_answerer(m, &a);
			h = model_alloc(m, t, GFP_KERNEL, 0);
			is(m->verdict.kind, V_LIVELOCK, "oom_lock busy forever: verdict %s (%s)",
			   vname(m), m->verdict.sig);
			ok(strstr(m->verdict.sig, "oom_lock_busy") != NULL &&
			   strstr(m->verdict.detail, "depends on injected answers: oom_lock"),
			   "the report names the injected oom_lock answers");
		}

		/* Near miss: the lock is busy for the first three rounds only. Expect the
		 * OOM killer to run (here it ends up choosing the allocating task itself,
		 * the only killable one), the victim to get the reserves through
		 * TIF_MEMDIE, the allocation to succeed: ok. */
		model_reset(m);
		{
			struct busy_lock b = { .busy = 3 };
			struct choice_answerer a = { busy_answer, busy_phase, &b };

			t = model_task_create(m, "waiter");
			fill(m, t);
			choice_set_answerer(m, &a);
			h = model_alloc(m, t, GFP_KERNEL, 0);
			ok(h >= 0, "oom_lock busy three times: the allocation succeeds");
			ok(m->vm_events[OOM_KILL_EVENTS] >= 1, "the OOM killer ran (%lu kills)",
			   m->vm_events[OOM_KILL_EVENTS]);
			ok((model_task(m, t)->tif & TIF_MEMDIE) != 0, "the allocating task became "
			   "the victim and used the reserves");
			choice_set_answerer(m, NULL);
			model_teardown(m);
			is(m->verdict.kind, V_OK, "verdict %s (%s)", vname(m), m->verdict.sig);
		}
		model_destroy(m);
	}
	return done_testing();
}
