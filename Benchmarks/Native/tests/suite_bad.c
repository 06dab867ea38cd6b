/* SPDX-License-Identifier: MIT */
/* Suites registered wrongly, one library each (SUITE_BAD selects the mistake): Bench must refuse them at load. */
#include <stdint.h>

#include <bench_suite.h>

static __attribute__((unused)) uint64_t loop(void *state, uint64_t loops)
{
	(void)state;
	for (uint64_t i = 0; i < loops; i++)
		BENCH_SUITE_BARRIER();
	return loops;
}

#if SUITE_BAD == 1 /* a kernel without its loop */
BENCH_KERNEL(a, "bad/no-loop", "case=bad", "nothing", NULL, NULL, NULL);
#elif SUITE_BAD == 2 /* one ID twice */
BENCH_KERNEL(a, "bad/twice", "case=bad", "one pass", NULL, loop, NULL);
BENCH_KERNEL(b, "bad/twice", "case=bad", "one pass", NULL, loop, NULL);
#elif SUITE_BAD == 3 /* an ID outside the grammar */
BENCH_KERNEL(a, "Bad ID", "case=bad", "one pass", NULL, loop, NULL);
#elif SUITE_BAD == 5 /* tags that are not key=value pairs */
BENCH_KERNEL(a, "bad/tags", "case=bad style", "one pass", NULL, loop, NULL);
#elif SUITE_BAD == 4 /* nothing registered at all */
uint64_t suite_bad_unused(void) { return loop(0, 1000); }
#endif
