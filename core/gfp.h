/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gfp.h - the v4.2 gfp bits, composite masks and alloc flags, with the
 * kernel's values (include/linux/gfp.h, mm/internal.h of that era), and the
 * helpers that map a mask to a zone and a migrate type.
 */
#ifndef PAFUZZ_GFP_H
#define PAFUZZ_GFP_H

#include <stdint.h>

typedef uint32_t gfp_t;

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_WAIT		0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_COLD		0x100u
#define __GFP_NOWARN		0x200u
#define __GFP_REPEAT		0x400u
#define __GFP_NOFAIL		0x800u
#define __GFP_NORETRY		0x1000u
#define __GFP_MEMALLOC		0x2000u
#define __GFP_COMP		0x4000u
#define __GFP_ZERO		0x8000u
#define __GFP_NOMEMALLOC	0x10000u
#define __GFP_HARDWALL		0x20000u
#define __GFP_THISNODE		0x40000u
#define __GFP_RECLAIMABLE	0x80000u
#define __GFP_NOTRACK		0x200000u
#define __GFP_NO_KSWAPD		0x400000u
#define __GFP_OTHER_NODE	0x800000u
#define __GFP_WRITE		0x1000000u
#define __GFP_BITS_SHIFT	25
#define __GFP_BITS_MASK		((1u << __GFP_BITS_SHIFT) - 1)

#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

#define GFP_NOWAIT	0u
#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_NOIO	(__GFP_WAIT)
#define GFP_NOFS	(__GFP_WAIT | __GFP_IO)
#define GFP_KERNEL	(__GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_TEMPORARY	(__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_RECLAIMABLE)
#define GFP_USER	(__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_IOFS	(__GFP_IO | __GFP_FS)
#define GFP_TRANSHUGE	(GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
			 __GFP_NORETRY | __GFP_NOWARN | __GFP_NO_KSWAPD)
#define GFP_THISNODE	(__GFP_THISNODE | __GFP_NOWARN | __GFP_NORETRY)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32

/* gfp_allowed_mask as the era set it: all bits, minus IO|FS while suspended */
#define GFP_BOOT_MASK	(__GFP_BITS_MASK & ~(__GFP_WAIT | __GFP_IO | __GFP_FS))

/* alloc flags (mm/internal.h of v4.2) */
#define ALLOC_WMARK_MIN		0
#define ALLOC_WMARK_LOW		1
#define ALLOC_WMARK_HIGH	2
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER		0x10
#define ALLOC_HIGH		0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_FAIR		0x100

#define PAGE_ALLOC_COSTLY_ORDER	3

/*
 * Name table used by the trace, the text program form and reports.
 * gfp_format() writes the composite names the kernel would print first
 * (GFP_KERNEL|__GFP_NORETRY), then the remaining single bits.
 */
struct gfp_name {
	const char *name;
	gfp_t mask;
};
extern const struct gfp_name gfp_composite_names[];
extern const struct gfp_name gfp_bit_names[];
/* Writes at most len bytes (NUL included); returns buf. */
char *gfp_format(gfp_t gfp, char *buf, unsigned len);
/* Parses "GFP_KERNEL|__GFP_NORETRY|0x10"; returns 0 or -1 with *bad at the word. */
int gfp_parse(const char *s, gfp_t *out, const char **bad);

#endif
