/* SPDX-License-Identifier: GPL-2.0 */
/*
 * request.h - the alloc_context __alloc_pages_nodemask builds for a request
 * from node 0 with no nodemask, for tests that call the slowpath's helpers
 * (should_reclaim_retry, __alloc_pages_direct_compact, ...) directly.
 */
#ifndef PAFUZZ_TEST_REQUEST_H
#define PAFUZZ_TEST_REQUEST_H

#include <string.h>
#include "../internal.h"

static inline void ac_of(struct model *m, gfp_t gfp, struct alloc_context *ac)
{
	memset(ac, 0, sizeof(*ac));
	ac->zonelist = node_zonelist(m, 0, gfp);
	ac->high_zoneidx = gfp_zone(m, gfp);
	ac->migratetype = gfpflags_to_migratetype(gfp);
	ac->preferred_zone = first_zones_zonelist(m, ac->zonelist, ac->high_zoneidx, NULL,
						  &ac->classzone_idx);
}

#endif
