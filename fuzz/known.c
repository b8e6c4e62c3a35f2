// SPDX-License-Identifier: GPL-2.0
/*
 * known.c - the suppression list of a fuzz job (see known.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "known.h"

#define MAX_KNOWN 64

static char patterns[MAX_KNOWN][160];
static int nr_patterns;
static bool keep_going;		/* PAFUZZ_KEEP_GOING: a new finding is kept, not crashed on */
static uint64_t kept;		/* bit i: pattern i's input was written */

bool sig_match(const char *pattern, const char *sig)
{
	const char *h = pattern;

	while (*h) {
		char piece[160];
		size_t n = strcspn(h, "*");
		const char *at;

		if (n >= sizeof(piece))
			n = sizeof(piece) - 1;
		memcpy(piece, h, n);
		piece[n] = 0;
		if (!h[n] && n) {
			/* the last piece, with no '*' after it, ends the signature */
			size_t len = strlen(sig);

			return len >= n && !strcmp(sig + len - n, piece);
		}
		at = strstr(sig, piece);
		if (!at)
			return false;
		sig = at + n;
		h += n;
		if (*h == '*')
			h++;
	}
	return true;
}

int known_init(void)
{
	const char *path = getenv("PAFUZZ_SUPPRESS");
	char line[512];
	int lineno = 0;
	FILE *f;

	nr_patterns = 0;
	keep_going = getenv("PAFUZZ_KEEP_GOING") && strcmp(getenv("PAFUZZ_KEEP_GOING"), "0");
	if (!path || !path[0])
		return 0;
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "PAFUZZ_SUPPRESS: cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) && nr_patterns < MAX_KNOWN) {
		char *p = line;
		size_t n;

		lineno++;
		line[strcspn(line, "#\n")] = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t");
		p[n] = 0;
		if (!*p)
			continue;
		if (n >= sizeof(patterns[0])) {
			/* cut short, a pattern would suppress more than it says */
			fprintf(stderr, "PAFUZZ_SUPPRESS: %s:%d: expected a signature pattern of at most "
				"%zu characters, got %zu\n", path, lineno, sizeof(patterns[0]) - 1, n);
			fclose(f);
			return -1;
		}
		memcpy(patterns[nr_patterns++], p, n + 1);
	}
	fclose(f);
	return 0;
}

static uint64_t fnv(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ull;
	return h;
}

/*
 * Writes data to dir/name atomically: a temporary file linked into place, and
 * link() never replaces, so the first input written under a name stays.
 * 1: written, 0: the name exists, -1: an error.
 */
static int write_once(const char *dir, const char *name, const uint8_t *data, size_t size)
{
	char tmp[4096], dst[4096];
	FILE *f;
	int rc;

	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if (access(dst, F_OK) == 0)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%ld-%016llx", dir, (long)getpid(),
		 (unsigned long long)fnv(data, size));
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, size, f) != size || fflush(f) || fsync(fileno(f))) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	rc = link(tmp, dst) ? (errno == EEXIST ? 0 : -1) : 1;
	unlink(tmp);
	return rc;
}

static void keep(int k, const uint8_t *data, size_t size)
{
	const char *dir = getenv("PAFUZZ_KNOWN_DIR");
	char name[32];

	if (!dir || !dir[0] || (kept >> k) & 1)
		return;
	kept |= 1ull << k;
	/* one file per pattern in the directory, whatever the number of processes: disk stays bounded */
	snprintf(name, sizeof(name), "known-%02d", k);
	if (write_once(dir, name, data, size) < 0)
		perror("PAFUZZ_KNOWN_DIR");
}

bool known_finding(const char *sig, const uint8_t *data, size_t size)
{
	for (int k = 0; k < nr_patterns; k++)
		if (sig_match(patterns[k], sig)) {
			keep(k, data, size);
			return true;
		}
	return false;
}

bool seen_finding(const char *sig, const uint8_t *data, size_t size)
{
	const char *dir = getenv("PAFUZZ_SEEN_DIR");
	char name[64];
	int rc;

	if (!dir || !dir[0])
		return false;
	snprintf(name, sizeof(name), "seen-%016llx",
		 (unsigned long long)fnv((const uint8_t *)sig, strlen(sig)));
	/* the first meeting keeps the input and crashes; any later one is a duplicate */
	rc = write_once(dir, name, data, size);
	if (!keep_going)
		return rc == 0;
	/*
	 * Keep going: the first input of the signature is on disk (or, if it
	 * could not be written, the caller crashes after all, so that nothing
	 * is lost); every input then takes the same way back to the fuzzer,
	 * met before or not.
	 */
	if (rc == 1)
		fprintf(stderr, "pafuzz: new finding kept as %s/%s: %s\n", dir, name, sig);
	return rc >= 0;
}
