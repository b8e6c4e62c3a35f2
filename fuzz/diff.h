/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diff.h - differential runs (spec/patches.md): one program on v4.2 and on
 * a patch variant, both judged by the same oracles, with the same answers
 * for the same choice ids.  Used by `pafuzz diff`, its minimization and the
 * diff fuzz target.
 */
#ifndef PAFUZZ_DIFF_H
#define PAFUZZ_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include "runner.h"

/* Every forward patch (no revert variant), its prerequisites honoured. */
uint32_t diff_all_patches(void);
/* "a,b" -> bits (prerequisites added); 0, or -1 with a message naming the bad name. */
int diff_parse_patches(const char *list, uint32_t *out, char *err, size_t len);
/*
 * The patches a diff of p applies: the program's `patch` line, else
 * PAFUZZ_PATCHES, else all.  -1 with err when PAFUZZ_PATCHES is bad.
 */
int diff_patches_of(const struct prog *p, uint32_t *out, char *err, size_t len);
/* Prints "a,b" (or "none") into buf. */
void diff_patch_names(uint32_t patches, char *buf, size_t len);
/* Runs p without and with patches; 0, or -1 when a model cannot be built. */
int diff_run(struct runner *r, const struct prog *p, uint32_t patches, struct run_result *base,
	     struct run_result *patched);
/* The run whose signature names a difference: a finding, patched first; else not ok. */
const struct run_result *diff_side(const struct run_result *base, const struct run_result *patched);
/*
 * The signature of a verdict difference, "diff:V0>V1@S" (S: the signature of
 * the side with a finding, patched side first, else of the side that is not
 * ok, its verdict name dropped);
 * empty when the verdicts agree.  At most 191 bytes.
 */
void diff_signature(const struct run_result *base, const struct run_result *patched, char *sig,
		    size_t len);
/*
 * What `pafuzz diff FILE` prints for p: both runs' verdicts, signatures and
 * trace hashes, the difference's signature, the first event where the traces
 * part (with trace: both traces from there on).  1 when the verdicts differ,
 * 0 when they agree, -1 (err set) when a run cannot be made.
 */
int diff_report(struct runner *r, const struct prog *p, const char *file, uint32_t patches,
		bool trace, char *err, size_t len);

#endif
