// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_text.c - the text parser on arbitrary input: it must never crash, and
 * whatever it accepts must print and parse back to the same program, and
 * survive the binary form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prog p, q, r;
	static char text[65536];
	static uint8_t bin[16384];
	char err[512];
	size_t n;

	if (prog_parse((const char *)data, size, "input", &p, err, sizeof(err)))
		return 0;
	n = prog_print(&p, text, sizeof(text));
	if (n >= sizeof(text))
		return 0;
	if (prog_parse(text, n, "printed", &q, err, sizeof(err)) || !prog_equal(&p, &q)) {
		fprintf(stderr, "pafuzz: text round trip failed: %s\n%s", err, text);
		abort();
	}
	/* a program the binary form cannot hold (more than 64 ops) has no round trip there */
	if (!prog_fits_binary(&p, err, sizeof(err)))
		return 0;
	n = prog_encode(&p, bin, sizeof(bin));
	prog_decode(bin, n, &r);
	if (!prog_equal(&p, &r)) {
		fprintf(stderr, "pafuzz: binary round trip failed\n%s", text);
		abort();
	}
	return 0;
}
