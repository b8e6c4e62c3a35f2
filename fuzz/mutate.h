/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mutate.h - structure-aware mutation of a program (see mutate.c), for the
 * targets' LLVMFuzzerCustomMutator.
 */
#ifndef PAFUZZ_MUTATE_H
#define PAFUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>
#include "prog.h"

/*
 * Changes one field of one operation of the program in data (or drops or
 * repeats one operation) and writes its binary form back: the new size, or
 * 0 when nothing was done (no operation, or the result would not fit max).
 */
size_t prog_mutate_op(uint8_t *data, size_t size, size_t max, unsigned seed);

#endif
