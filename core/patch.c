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

const struct patch_info patch_table[NR_PATCHES] = {
	[PATCH_OOM_REAPER] = {
		"oom-reaper", "aac453635549", "v4.6",
		"mm, oom: introduce oom reaper", 0,
		"a reaper frees an OOM victim's private anonymous memory; a reaped mm is "
		"MMF_OOM_SKIP and no longer blocks selection (as of v4.9)",
	},
	[PATCH_OOM_DETECTION_REWORK] = {
		"oom-detection-rework", "0a0337e0d1d1", "v4.7",
		"mm, oom: rework oom detection", 0,
		"should_reclaim_retry/should_compact_retry replace the zone_reclaimable "
		"progress and __GFP_REPEAT counting; compaction results as in v4.7",
	},
	[PATCH_PREMATURE_OOM_WORKAROUND] = {
		"premature-oom-workaround", "6b4e3181d7bd", "v4.8-rc",
		"mm, oom: prevent premature OOM killer invocation for high order request",
		1u << PATCH_OOM_DETECTION_REWORK,
		"should_compact_retry ignores the compaction result for orders 1..3 while "
		"some zone meets its order-0 min mark; compaction stays async in the loop",
	},
};

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
