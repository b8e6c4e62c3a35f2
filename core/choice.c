// SPDX-License-Identifier: GPL-2.0
/*
 * choice.c - the seam: every question core asks of the world goes through
 * choice_ask(), is answered by the installed answerer (or its fair default),
 * counted per id, and recorded in the trace.
 */
#include <string.h>
#include "internal.h"

static const char *const o_no_yes[] = { "no", "yes" };
static const char *const o_kswapd[] = { "runs", "stalls" };
static const char *const o_yield[NR_YIELD_ACTIONS] = {
	"nothing", "alloc", "free", "free-take-back", "dirty", "run-kswapd",
	"complete-writeback", "take-oom-lock", "release-oom-lock", "change-cpuset"
};
static const char *const o_writeback[] = { "completes", "fails", "pending" };
static const char *const o_ok_fail[] = { "ok", "fails" };
static const char *const o_referenced[] = { "as-ptes-say", "young" };
static const char *const o_oom_lock[] = { "free", "busy" };
static const char *const o_victim[] = { "exits", "blocked" };
static const char *const o_migrate[] = { "succeeds", "eagain", "ebusy" };
static const char *const o_contended[] = { "none", "lock", "sched" };
static const char *const o_defer[] = { "as-counters-say", "deferred" };
static const char *const o_drain[] = { "drained", "ipi-lost" };
static const char *const o_reaper[] = { "runs", "waits" };
static const char *const o_mmap_sem[] = { "taken", "write-locked" };

const struct choice_info choice_table[NR_CHOICE_IDS] = {
	[CHOICE_NONE] = { "none", 1, o_no_yes, "unused" },
	[CHOICE_FAIL_ALLOC_PAGE] = { "fail_alloc_page", 2, o_no_yes,
		"should_fail_alloc_page: fail this allocation at entry" },
	[CHOICE_PAGE_BAD] = { "page_bad", 2, o_no_yes,
		"check_new_page: the page was corrupted by a stray write" },
	[CHOICE_CPUSET_CHANGED] = { "cpuset_changed", 2, o_no_yes,
		"read_mems_allowed_retry: the cpuset changed during the allocation" },
	[CHOICE_KSWAPD_RUN] = { "kswapd_run", 2, o_kswapd,
		"a woken kswapd gets to run at this yield point" },
	[CHOICE_YIELD_ACTION] = { "yield", NR_YIELD_ACTIONS, o_yield,
		"what other CPUs do at this yield point" },
	[CHOICE_YIELD_ARG] = { "yield_arg", 256, NULL,
		"the argument of the other CPU's action" },
	[CHOICE_WRITEBACK] = { "writeback", 3, o_writeback,
		"writeback of this page completes now, fails, or stays pending" },
	[CHOICE_SWAP_WRITE] = { "swap_write", 2, o_ok_fail, "the swap write of this page" },
	[CHOICE_PAGE_REFERENCED] = { "referenced", 2, o_referenced,
		"page_referenced: another CPU touched the page" },
	[CHOICE_OOM_LOCK_BUSY] = { "oom_lock", 2, o_oom_lock,
		"mutex_trylock(&oom_lock) finds it held elsewhere" },
	[CHOICE_OOM_VICTIM_EXIT] = { "victim_exit", 2, o_victim,
		"the OOM victim runs and exits now, or stays blocked" },
	[CHOICE_MIGRATE_PAGE] = { "migrate", 3, o_migrate, "migration of this page" },
	[CHOICE_COMPACT_CONTENDED] = { "compact_contended", 3, o_contended,
		"async compaction meets lock contention or need_resched" },
	[CHOICE_COMPACT_DEFER] = { "compact_defer", 2, o_defer,
		"compaction_deferred answers deferred regardless of the counters" },
	[CHOICE_PCP_DRAIN] = { "pcp_drain", 2, o_drain,
		"drain_all_pages reaches the other CPUs" },
	[CHOICE_TOO_MANY_ISOLATED] = { "too_many_isolated", 2, o_no_yes,
		"other direct reclaimers hold isolated pages (throttle)" },
	[CHOICE_OOM_REAPER_RUN] = { "oom_reaper", 2, o_reaper,
		"patch oom-reaper: the oom_reaper thread runs at this yield point" },
	[CHOICE_MMAP_SEM] = { "mmap_sem", 2, o_mmap_sem,
		"patch oom-reaper: the victim's mmap_sem is free for the reaper's trylock" },
};

const char *choice_outcome_name(enum choice_id id, unsigned outcome)
{
	static const char *const digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	if ((unsigned)id < NR_CHOICE_IDS && choice_table[id].outcomes && outcome < choice_table[id].nr)
		return choice_table[id].outcomes[outcome];
	return outcome < 10 ? digits[outcome] : "n";
}

int choice_id_by_name(const char *name)
{
	for (int i = 1; i < NR_CHOICE_IDS; i++)
		if (!strcmp(choice_table[i].name, name))
			return i;
	return -1;
}

_Static_assert(NR_CHOICE_IDS <= 32, "choice_settled has a bit per choice id");

void choice_set_answerer(struct model *m, const struct choice_answerer *a)
{
	if (a)
		m->answerer = *a;
	else
		memset(&m->answerer, 0, sizeof(m->answerer));
	m->choice_settled = 0;
}

void choice_settle(struct model *m, uint32_t ids)
{
	m->choice_settled |= ids;
}

/*
 * choice_ask: returns an outcome < q->nr.  Without an answerer the fair
 * default is taken and nothing is traced; with one, every question and its
 * answer go into the trace.
 */
unsigned choice_ask(struct model *m, const struct choice_query *q)
{
	unsigned a;

	m->nr_choices++;
	if (!m->answerer.answer)
		return q->dflt;
	if ((unsigned)q->id < NR_CHOICE_IDS && (m->choice_settled >> q->id & 1))
		a = q->dflt;	/* what the answerer would say (choice_settle) */
	else
		a = m->answerer.answer(m->answerer.priv, q);
	/* most answers are in range (defaults, named ones): no division for them */
	if (q->nr && a >= q->nr)
		a %= q->nr;
	if (a != q->dflt) {
		watchdog_note_injected(m, q->id);
		m->alloc_injected |= 1u << (q->id & 31);
	}
	TRACE(m, EV_CHOICE, q->id, a, q->nr, q->dflt);
	return a;
}
