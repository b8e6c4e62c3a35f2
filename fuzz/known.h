/* SPDX-License-Identifier: GPL-2.0 */
/*
 * known.h - known findings: signature patterns a fuzz job records once and
 * keeps fuzzing past (corpus/known-findings.txt), instead of stopping on
 * them every time.
 */
#ifndef PAFUZZ_KNOWN_H
#define PAFUZZ_KNOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * "A*B": the signature contains A, then B, ... in order ('*' between pieces),
 * and the last piece ends it unless the pattern ends with '*': "x@*" for a
 * prefix.  A loop's pattern that names its reasons then does not also match
 * the same loop with another reason added after them.
 */
bool sig_match(const char *pattern, const char *sig);
/* Loads the patterns of PAFUZZ_SUPPRESS (a file; '#' starts a comment).  0, or -1. */
int known_init(void);
/*
 * For a finding: true if it is known.  The first input of each known pattern
 * is written to PAFUZZ_KNOWN_DIR as known-NN (atomically: a temporary file
 * linked into place, never replacing one already there), so known findings
 * are kept apart, not lost, and the directory holds one file per pattern.
 */
bool known_finding(const char *sig, const uint8_t *data, size_t size);
/*
 * For a new finding, with PAFUZZ_SEEN_DIR set (libFuzzer jobs): the first
 * input of each signature, in any process, is written there as seen-HASH
 * (atomically) and false returned, so the caller crashes and the engine keeps
 * it too; later inputs with that signature return true and the caller goes
 * on.  A -fork job then stops restarting its workers on the same finding
 * again and again, and still keeps every signature it met.  With
 * PAFUZZ_KEEP_GOING=1 as well (make fuzz's in-process workers), the first
 * input is written, a line says so on stderr, and true is returned: the
 * worker goes on fuzzing instead of stopping to be restarted on its corpus.
 */
bool seen_finding(const char *sig, const uint8_t *data, size_t size);

#endif
