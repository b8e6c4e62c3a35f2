// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_text.c - the input contract on arbitrary bytes (prog_from_bytes, the
 * rule every pafuzz command and fuzz target applies): it must never crash; a
 * refusal names the input (and, for text, the line); whatever it accepts,
 * text or binary, must print to text that parses back to the same program
 * (what `pafuzz convert` promises) and survive the binary form.  Each broken
 * promise aborts through a frame of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static __attribute__((noinline)) void fuzz_text_refusal_unnamed(const char *err)
{
	fprintf(stderr, "pafuzz: a refusal that does not name the input: %s\n", err);
	abort();
}

static __attribute__((noinline)) void fuzz_text_round_trip(const char *err, const char *text)
{
	fprintf(stderr, "pafuzz: text round trip failed: %s\n%s", err, text);
	abort();
}

static __attribute__((noinline)) void fuzz_binary_round_trip(const char *text)
{
	fprintf(stderr, "pafuzz: binary round trip failed\n%s", text);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p, q, r;
	static char text[65536];
	static uint8_t bin[16384];
	char err[512] = "";
	size_t n;

	if (prog_from_bytes(data, size, "input", &p, err, sizeof(err))) {
		if (strncmp(err, "input:", 6))
			fuzz_text_refusal_unnamed(err);
		return 0;
	}
	n = prog_print(&p, text, sizeof(text));
	if (n >= sizeof(text))
		return 0;
	if (prog_parse(text, n, "printed", &q, err, sizeof(err)) || !prog_equal(&p, &q))
		fuzz_text_round_trip(err, text);
	/* a program the binary form cannot hold (more than 64 ops) has no round trip there */
	if (!prog_fits_binary(&p, err, sizeof(err)))
		return 0;
	n = prog_encode(&p, bin, sizeof(bin));	/* the length it needs */
	if (n > sizeof(bin))
		return 0;
	prog_decode(bin, n, &r);
	if (!prog_equal(&p, &r))
		fuzz_binary_round_trip(text);
	return 0;
}
