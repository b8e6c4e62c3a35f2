// SPDX-License-Identifier: GPL-2.0
/*
 * vmscan.c - page reclaim (mm/vmscan.c of v4.2).  This first version has no
 * LRU pages to reclaim: zone_reclaim finds nothing to scan.
 */
#include "internal.h"

int zone_reclaim(struct model *m, struct zone *zone, gfp_t gfp, unsigned order)
{
	(void)m;
	(void)zone;
	(void)gfp;
	(void)order;
	return ZONE_RECLAIM_NOSCAN;
}
