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

static inline int test_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
	return test_failures ? 1 : 0;
}

#endif
