/* SPDX-License-Identifier: GPL-2.0 */
/* tap.h - a few lines of TAP for the unit tests: ok(), is(), done_testing(). */
#ifndef PAFUZZ_TAP_H
#define PAFUZZ_TAP_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

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

/*
 * Runs fn(arg) in a child process, stderr silenced; true if the child was
 * killed by SIGABRT (a MODEL_BUG_ON fired).  The tests of the checks that
 * abort the run use it.
 */
static inline bool child_aborts(void (*fn)(void *), void *arg)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		fn(arg);
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGABRT;
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
