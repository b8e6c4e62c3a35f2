// SPDX-License-Identifier: GPL-2.0
/*
 * patch.c - the table of patch variants (spec/patches.md): historic kernel
 * changes the model can run on top of v4.2.  Each decision a patch changes
 * tests patch_on() in the file that models it, beside a comment naming the
 * commit; this table only names them for programs and `pafuzz patches`.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"

_Static_assert(NR_PATCHES <= 8, "the binary form's patch trailer holds one byte");

const struct patch_info patch_table[NR_PATCHES] = {
	[PATCH_OOM_REAPER] = {
		"oom-reaper", "aac453635549", "v4.6",
		"mm, oom: introduce oom reaper", 0,
		"a reaper frees an OOM victim's private anonymous memory; a reaped mm is "
		"MMF_OOM_SKIP and no longer blocks selection (as of v4.9)",
		false,
	},
	[PATCH_OOM_DETECTION_REWORK] = {
		"oom-detection-rework", "0a0337e0d1d1", "v4.7",
		"mm, oom: rework oom detection", 0,
		"should_reclaim_retry/should_compact_retry replace the zone_reclaimable "
		"progress and __GFP_REPEAT counting; compaction results as in v4.7",
		false,
	},
	[PATCH_PREMATURE_OOM_WORKAROUND] = {
		"premature-oom-workaround", "6b4e3181d7bd", "v4.8-rc",
		"mm, oom: prevent premature OOM killer invocation for high order request",
		1u << PATCH_OOM_DETECTION_REWORK,
		"should_compact_retry ignores the compaction result for orders 1..3 while "
		"some zone meets its order-0 min mark; compaction stays async in the loop",
		false,
	},
	/*
	 * Revert variants: each puts back one slowpath bug that v4.2 carries
	 * the fix of, as the kernel behaved before that fix; grep the commit
	 * in core/ for every decision it changes.
	 */
	[PATCH_REVERT_REBALANCE_LABEL] = {
		"revert-rebalance-label", "cfa54a0fcfc1", "v3.0",
		"mm/page_alloc.c: prevent unending loop in __alloc_pages_slowpath()", 0,
		"a retry after reclaim progress (or __GFP_REPEAT), or after the OOM path's "
		"no-__GFP_FS pretence, resumes past the kswapd wake-up and the min-mark "
		"freelist attempt with the old alloc_flags, as 2.6.39's rebalance label did "
		"(v4.2's __alloc_pages_may_oom still tries the high mark first) [hash unverified]",
		true,
	},
	[PATCH_REVERT_ALL_UNRECLAIMABLE] = {
		"revert-all-unreclaimable", "6e543d5780e3", "v3.12",
		"mm: vmscan: fix do_try_to_free_pages() livelock", 0,
		"a zone is unreclaimable only once kswapd has flagged it (after a pass with "
		"pages_scanned >= 6x its reclaimable pages); a free into the zone clears the "
		"flag; direct reclaim's skip and fake-progress tests, kswapd's and "
		"zone_reclaim's read the flag, not the scan counter",
		true,
	},
	[PATCH_REVERT_DEFER_PREFERRED] = {
		"revert-defer-preferred", "53853e2d2bfb", "v3.19",
		"mm, compaction: defer each zone individually instead of preferred zone", 0,
		"direct compaction is deferred, reset and re-deferred on the preferred zone "
		"only: a deferred preferred zone skips compaction of every zone, zones "
		"compacted without success are never deferred themselves [hash unverified]",
		true,
	},
	[PATCH_REVERT_GFP_THISNODE] = {
		"revert-gfp-thisnode", "4167e9b2cf10", "v4.0",
		"mm: remove GFP_THISNODE", 0,
		"a request with all of GFP_THISNODE (__GFP_THISNODE|__GFP_NORETRY|"
		"__GFP_NOWARN) fails at slowpath entry even with __GFP_WAIT (no kswapd, no "
		"reclaim), and a __GFP_THISNODE request without __GFP_WAIT no longer does",
		true,
	},
	[PATCH_REVERT_PFMEMALLOC_NODE] = {
		"revert-pfmemalloc-node", "unverified", "v4.2-rc1",
		"mm: vmscan: do not throttle based on pfmemalloc reserves if node has no "
		"reclaimable pages", 0,
		"pfmemalloc_watermark_ok counts the min reserves of lowmem zones without "
		"reclaimable pages, so direct reclaim throttles on a node kswapd cannot "
		"help; the model's throttle waits one yield, not until the reserves refill, "
		"so the kernel's hang shows as a throttle in every reclaim round",
		true,
	},
};

const struct patch_unmodelled patch_unmodelled_table[] = {
	{
		"revert-suspend-noio", "f90ac3982a78", "v3.3",
		"mm: avoid livelock on !__GFP_FS allocations",
		"v4.2 no longer has the fix's effect: Johannes Weiner's \"mm: page_alloc: inline "
		"should_alloc_retry()\" (v4.2, hash unverified) moved the pm_suspended_storage() test into "
		"__alloc_pages_may_oom behind the !__GFP_FS test, which every request "
		"during suspend meets first (gfp_allowed_mask has cleared __GFP_IO and "
		"__GFP_FS), so v4.2 already loops as 3.2 did (regress 0012); removing the "
		"test would change no run",
	},
};
const int nr_patch_unmodelled = (int)(sizeof(patch_unmodelled_table) /
				      sizeof(patch_unmodelled_table[0]));

const struct patch_unmodelled *patch_unmodelled_by_name(const char *name)
{
	for (int i = 0; i < nr_patch_unmodelled; i++)
		if (!strcmp(name, patch_unmodelled_table[i].name))
			return &patch_unmodelled_table[i];
	return NULL;
}

int patch_by_name(const char *name)
{
	for (int i = 0; i < NR_PATCHES; i++)
		if (!strcmp(name, patch_table[i].name))
			return i;
	return -1;
}

bool patches_valid(uint32_t patches, char *err, size_t len)
{
	if (patches >> NR_PATCHES) {
		snprintf(err, len, "patch bits %#x: no such patch", patches >> NR_PATCHES << NR_PATCHES);
		return false;
	}
	for (int i = 0; i < NR_PATCHES; i++) {
		uint32_t missing = (patches >> i) & 1u ? patch_table[i].needs & ~patches : 0;

		for (int j = 0; missing && j < NR_PATCHES; j++)
			if ((missing >> j) & 1u) {
				snprintf(err, len, "patch %s needs patch %s", patch_table[i].name,
					 patch_table[j].name);
				return false;
			}
	}
	return true;
}
