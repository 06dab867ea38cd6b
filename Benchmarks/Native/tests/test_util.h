/* SPDX-License-Identifier: MIT */
/* A few lines of test scaffolding: CHECK keeps going, prints where it failed. */
#ifndef BENCH_TEST_UTIL_H
#define BENCH_TEST_UTIL_H

#include <stdio.h>

static int test_failures;
static int test_checks;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		test_checks++;                                                  \
		if (!(cond)) {                                                  \
			test_failures++;                                        \
			fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

/* A test that made no check checked nothing: it fails, rather than passing on a path that skipped them all. */
static inline int test_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
	if (test_checks == 0) {
		fprintf(stderr, "%s: no check ran: the test checked nothing\n", name);
		return 1;
	}
	return test_failures ? 1 : 0;
}

#endif
