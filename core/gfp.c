// SPDX-License-Identifier: GPL-2.0
/*
 * gfp.c - names for gfp masks, as the kernel's show_gfp_flags and people
 * write them: composites first (GFP_KERNEL|__GFP_NORETRY), then bits.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfp.h"

const struct gfp_name gfp_composite_names[] = {
	{ "GFP_TRANSHUGE", GFP_TRANSHUGE },
	{ "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE },
	{ "GFP_HIGHUSER", GFP_HIGHUSER },
	{ "GFP_USER", GFP_USER },
	{ "GFP_TEMPORARY", GFP_TEMPORARY },
	{ "GFP_KERNEL", GFP_KERNEL },
	{ "GFP_NOFS", GFP_NOFS },
	{ "GFP_ATOMIC", GFP_ATOMIC },
	{ "GFP_NOIO", GFP_NOIO },
	{ NULL, 0 }
};

const struct gfp_name gfp_bit_names[] = {
	{ "__GFP_DMA", __GFP_DMA },
	{ "__GFP_HIGHMEM", __GFP_HIGHMEM },
	{ "__GFP_DMA32", __GFP_DMA32 },
	{ "__GFP_MOVABLE", __GFP_MOVABLE },
	{ "__GFP_WAIT", __GFP_WAIT },
	{ "__GFP_HIGH", __GFP_HIGH },
	{ "__GFP_IO", __GFP_IO },
	{ "__GFP_FS", __GFP_FS },
	{ "__GFP_COLD", __GFP_COLD },
	{ "__GFP_NOWARN", __GFP_NOWARN },
	{ "__GFP_REPEAT", __GFP_REPEAT },
	{ "__GFP_NOFAIL", __GFP_NOFAIL },
	{ "__GFP_NORETRY", __GFP_NORETRY },
	{ "__GFP_MEMALLOC", __GFP_MEMALLOC },
	{ "__GFP_COMP", __GFP_COMP },
	{ "__GFP_ZERO", __GFP_ZERO },
	{ "__GFP_NOMEMALLOC", __GFP_NOMEMALLOC },
	{ "__GFP_HARDWALL", __GFP_HARDWALL },
	{ "__GFP_THISNODE", __GFP_THISNODE },
	{ "__GFP_RECLAIMABLE", __GFP_RECLAIMABLE },
	{ "__GFP_NOTRACK", __GFP_NOTRACK },
	{ "__GFP_NO_KSWAPD", __GFP_NO_KSWAPD },
	{ "__GFP_OTHER_NODE", __GFP_OTHER_NODE },
	{ "__GFP_WRITE", __GFP_WRITE },
	{ NULL, 0 }
};

static void append(char *buf, unsigned len, unsigned *pos, const char *s)
{
	int n = snprintf(buf + *pos, len > *pos ? len - *pos : 0, "%s%s", *pos ? "|" : "", s);

	if (n > 0)
		*pos += (unsigned)n;
	if (*pos >= len)
		*pos = len - 1;
}

char *gfp_format(gfp_t gfp, char *buf, unsigned len)
{
	unsigned pos = 0;
	gfp_t left = gfp;

	buf[0] = 0;
	for (const struct gfp_name *n = gfp_composite_names; n->name; n++)
		if (n->mask && (gfp & n->mask) == n->mask) {
			append(buf, len, &pos, n->name);
			left &= ~n->mask;
			break;
		}
	for (const struct gfp_name *n = gfp_bit_names; n->name; n++)
		if (left & n->mask) {
			append(buf, len, &pos, n->name);
			left &= ~n->mask;
		}
	if (left) {
		char hex[16];

		snprintf(hex, sizeof(hex), "%#x", left);
		append(buf, len, &pos, hex);
	}
	if (!pos)
		snprintf(buf, len, "GFP_NOWAIT");
	return buf;
}

static bool lookup(const struct gfp_name *t, const char *w, size_t n, gfp_t *out)
{
	for (; t->name; t++)
		if (strlen(t->name) == n && !strncmp(t->name, w, n)) {
			*out = t->mask;
			return true;
		}
	return false;
}

int gfp_parse(const char *s, gfp_t *out, const char **bad)
{
	gfp_t gfp = 0;

	while (*s == ' ')
		s++;
	for (;;) {
		const char *w = s;
		size_t n;
		gfp_t v;

		while (*s && *s != '|' && *s != ' ' && *s != '\t' && *s != ',')
			s++;
		n = (size_t)(s - w);
		if (!n) {
			*bad = w;
			return -1;
		}
		if (lookup(gfp_composite_names, w, n, &v) || lookup(gfp_bit_names, w, n, &v)) {
			gfp |= v;
		} else if (n == 10 && !strncmp(w, "GFP_NOWAIT", 10)) {
			/* nothing */
		} else if (n == 12 && !strncmp(w, "GFP_THISNODE", 12)) {
			gfp |= GFP_THISNODE;
		} else if (n == 7 && !strncmp(w, "GFP_DMA", 7)) {
			gfp |= GFP_DMA;
		} else if (n == 9 && !strncmp(w, "GFP_DMA32", 9)) {
			gfp |= GFP_DMA32;
		} else if (w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
			char *end;
			unsigned long x = strtoul(w, &end, 16);

			if (end != s || x > __GFP_BITS_MASK) {
				*bad = w;
				return -1;
			}
			gfp |= (gfp_t)x;
		} else {
			*bad = w;
			return -1;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '|')
			break;
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	*out = gfp;
	*bad = s;
	return 0;
}
