// SPDX-License-Identifier: GPL-2.0
/*
 * mutate.c - a structure-aware mutation for fuzz targets over programs: decode
 * the input, change one field of one operation (an order, a gfp bit, a count,
 * a task) or drop (with what used an object it made, as minimize drops it)
 * or repeat one operation (half the time an allocation), encode it again.  Byte-level
 * mutators rarely make such a change alone: a chain of them usually moves
 * other bytes too, and a program one field away from a finding stays one
 * field away.  The choice is a pure function of the seed libFuzzer passes.
 */
#include <string.h>
#include "mutate.h"

static uint32_t next(uint32_t *s)
{
	/* xorshift32: the seed libFuzzer gives decides every choice */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

size_t prog_mutate_op(uint8_t *data, size_t size, size_t max, unsigned seed)
{
	static struct prog p;
	uint32_t s = seed * 2654435761u + 1;
	struct prog_op *o;
	size_t n;

	prog_decode(data, size, &p);
	if (!p.nr_ops)
		return 0;
	o = &p.ops[next(&s) % (uint32_t)p.nr_ops];
	/*
	 * Half the time an allocation: the requests are where a patch's decisions
	 * are made, and a program has few of them among many operations.
	 */
	if (next(&s) & 1) {
		int nr_alloc = 0, k;

		for (int i = 0; i < p.nr_ops; i++)
			nr_alloc += p.ops[i].kind == OP_ALLOC;
		k = nr_alloc ? (int)(next(&s) % (uint32_t)nr_alloc) : -1;
		for (int i = 0; i < p.nr_ops && k >= 0; i++)
			if (p.ops[i].kind == OP_ALLOC && !k--)
				o = &p.ops[i];
	}
	switch (next(&s) % 7) {
	case 0:		/* another order (0..10: what MAX_ORDER allows) */
		o->order = (uint8_t)(next(&s) % 11);
		break;
	case 1:		/* one order up or down */
		o->order = (uint8_t)(o->order + (next(&s) & 1 ? 1 : -1)) % 13;
		break;
	case 2:		/* one gfp bit */
		o->gfp ^= 1u << (next(&s) % 25);
		o->gfp &= __GFP_BITS_MASK;
		break;
	case 3:		/* a count or offset doubled, halved, or one off */
		switch (next(&s) % 4) {
		case 0: o->a = o->a * 2 < 8192 ? o->a * 2 : o->a; break;
		case 1: o->a /= 2; break;
		case 2: o->b = o->b ? o->b - 1 : 1; break;
		default: o->b = o->b + 1 < 8192 ? o->b + 1 : o->b; break;
		}
		break;
	case 4:		/* another task */
		o->task = (uint8_t)(next(&s) % (uint32_t)(p.nr_tasks + 1));
		break;
	case 5:		/* drop the operation, and what used an object it made */
		prog_remove_op(&p, (int)(o - p.ops));
		break;
	default:	/* repeat it (the binary form holds PROG_BIN_MAX_OPS) */
		if (p.nr_ops >= PROG_BIN_MAX_OPS)
			return 0;
		memmove(o + 1, o, sizeof(*o) * (size_t)(&p.ops[p.nr_ops] - o));
		p.nr_ops++;
		break;
	}
	n = prog_encode(&p, data, max);
	return n <= max ? n : 0;
}
