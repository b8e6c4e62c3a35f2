/* SPDX-License-Identifier: GPL-2.0 */
/* tap.h - a few lines of TAP for the unit tests: ok(), is(), done_testing(). */
#ifndef PAFUZZ_TAP_H
#define PAFUZZ_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

static inline int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   Failed at %s line %d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) do {							\
	long long g_ = (long long)(got), w_ = (long long)(want);		\
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))			\
		printf("#          got: %lld\n#     expected: %lld\n", g_, w_);	\
} while (0)
#define diag(...) do { printf("# "); printf(__VA_ARGS__); printf("\n"); } while (0)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
