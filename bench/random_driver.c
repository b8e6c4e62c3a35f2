// SPDX-License-Identifier: GPL-2.0
/*
 * random_driver.c - the bug benchmark's random baseline: feeds uniformly
 * random byte strings (length 0..511, xorshift seeded by argv[1]) to a
 * libFuzzer-style target, with no coverage guidance, for argv[2] seconds at
 * most.  A run that ends in a finding (abort) still says how many inputs it
 * took: the SIGABRT handler prints "execs N".  An input that runs for more
 * than 20 s ends the run with "timeout"; scripts/bugbench.pl then checks that the
 * reference alone does not hang on it.  `random_diff --input SEED N` writes the
 * N-th input of seed SEED to stdout (the inputs are a function of the seed).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long nr_execs;

/* one input running past 20 s: the planted build hangs (the reference's loops are bounded) */
static void on_alarm(int sig)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "execs %lu\ntimeout\n", nr_execs);

	(void)sig;
	if (write(2, line, (size_t)n) < 0)
		_exit(3);
	_exit(4);
}

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

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* The next input of the sequence: its length, then its bytes. */
static size_t next_input(uint64_t *x, uint8_t *buf, size_t room)
{
	size_t len = (size_t)(xorshift(x) % room);

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(xorshift(x) >> 32);
	return len;
}

int main(int argc, char **argv)
{
	bool dump = argc > 3 && !strcmp(argv[1], "--input");
	uint64_t x = 0x9e3779b97f4a7c15ull ^ (argc > 1 ? strtoull(argv[dump ? 2 : 1], NULL, 10) : 1);
	double limit = argc > 2 ? atof(argv[2]) : 60;
	struct timespec t0, t;
	static uint8_t buf[512];
	unsigned long n = 0;

	if (dump) {
		unsigned long want = strtoul(argv[3], NULL, 10);
		size_t len = 0;

		for (unsigned long k = 1; k <= want; k++)
			len = next_input(&x, buf, sizeof(buf));
		return fwrite(buf, 1, len, stdout) == len ? 0 : 1;
	}
	signal(SIGABRT, on_abort);
	signal(SIGALRM, on_alarm);
	LLVMFuzzerInitialize(&argc, &argv);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		size_t len = next_input(&x, buf, sizeof(buf));

		nr_execs = n + 1;
		alarm(20);
		LLVMFuzzerTestOneInput(buf, len);
		alarm(0);
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
