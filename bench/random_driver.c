// SPDX-License-Identifier: GPL-2.0
/*
 * random_driver.c - the bug benchmark's random baseline: feeds uniformly
 * random byte strings (length 0..511, xorshift seeded by argv[1]) to a
 * libFuzzer-style target, with no coverage guidance, for argv[2] seconds at
 * most.  A run that ends in a finding (abort) still says how many inputs it
 * took: the SIGABRT handler prints "execs N".
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long nr_execs;

static void on_abort(int sig)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "execs %lu\n", nr_execs);

	if (write(2, line, (size_t)n) < 0)
		_exit(3);
	signal(sig, SIG_DFL);
	raise(sig);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	uint64_t x = 0x9e3779b97f4a7c15ull ^ (argc > 1 ? strtoull(argv[1], NULL, 10) : 1);
	double limit = argc > 2 ? atof(argv[2]) : 60;
	struct timespec t0, t;
	static uint8_t buf[512];
	unsigned long n = 0;

	signal(SIGABRT, on_abort);
	LLVMFuzzerInitialize(&argc, &argv);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		size_t len;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (size_t)(x % sizeof(buf));
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (uint8_t)(x >> 32);
		}
		nr_execs = n + 1;
		LLVMFuzzerTestOneInput(buf, len);
		n++;
		if (!(n % 256)) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 > limit)
				break;
		}
	}
	printf("execs %lu, nothing found\n", n);
	return 0;
}
