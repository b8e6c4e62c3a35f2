// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the fake MMU and the world reclaim works in: tasks' address
 * spaces, the page cache, swap.  This first version holds no memory of its
 * own yet: the frames the world owns are none.
 */
#include "internal.h"

bool world_mark_owned(struct model *m, void *seen)
{
	(void)m;
	(void)seen;
	return true;
}

void world_teardown(struct model *m)
{
	(void)m;
}

void world_reset(struct model *m)
{
	(void)m;
}
