/* SPDX-License-Identifier: MIT */
/*
 * bench_suite.h: how a kernel of your own goes through Bench.
 *
 * Register each kernel once, in any C file of your library:
 *
 *     struct table { int (*fn[4])(int); int x; };
 *     static void *table_setup(void) { ... return state or NULL on failure ... }
 *     static uint64_t table_loop(void *state, uint64_t loops) { ... run `loops` elements ... return how many ran; }
 *     static int table_teardown(void *state) { ... check the state, free it; 0 when all is well ... }
 *     BENCH_KERNEL(table, "lookup/table", "case=lookup style=table", "one lookup",
 *                  table_setup, table_loop, table_teardown);
 *
 * and build the library with the CMake function of BenchSuite.cmake:
 *
 *     include(<bench checkout>/Benchmarks/Native/cmake/BenchSuite.cmake)
 *     bench_add_suite(lookupbench SOURCES lookup.c)
 *
 * The result speaks the ABI of bench_native.h, so every verb of Bench that
 * takes a kernel library runs it: list, run, count, ab, gate, selftest.
 *
 * What Bench does around your loop, and what it does not:
 *   - One sample is one call of your loop of `loops` elements between two
 *     fenced timer stamps (time_bench's: CPUID;RDTSC ... RDTSCP;CPUID or its
 *     fenced fallback on x86-64). A sample divides by `loops`, so the call
 *     and the stamps cost a few cycles over at least 1000 elements.
 *   - Your loop runs with the stack at a fixed offset within a page in every
 *     process, so stack spills alias your data the same way in every run.
 *   - The loop must run every element it is asked for and return that count:
 *     a smaller count fails the sample (BENCH_E_SHORT), it is never averaged.
 *   - Keep the compiler honest: mark what you measure noinline, or put a
 *     barrier in the loop (BENCH_SUITE_BARRIER), as time_bench does.
 *
 * What is checked, and when:
 *   - At compile time: a BENCH_KERNEL with a missing argument does not
 *     compile; a loop, setup or teardown of the wrong type is an error under
 *     -Werror=incompatible-pointer-types (the CMake function sets it).
 *   - At load time (bench_suite_error): an empty or malformed ID, an ID used
 *     twice, a NULL loop, or a suite with no kernel. Bench refuses the
 *     library and prints the message; nothing is run.
 *   - At session open: setup returning NULL fails the open (BENCH_E_NOMEM).
 *   - At session close: teardown returning nonzero fails the close
 *     (BENCH_E_ACCOUNTING, "the kernel's teardown check failed").
 *
 * IDs: one to four segments of [a-z0-9._+-] joined by '/', for example
 * "lookup/table" (the first segment names the suite). Tags are
 * space-separated key=value pairs; "case" and "style" are shown as the
 * kernel's case and style in Bench's tables.
 */
#ifndef BENCH_SUITE_H
#define BENCH_SUITE_H

#include <stddef.h> /* NULL, for a kernel without setup or teardown */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One registered kernel. Fill it through BENCH_KERNEL, not by hand. */
struct bench_suite_kernel {
	const char *id;       /* permanent: results and baselines are keyed on it */
	const char *tags;     /* "case=lookup style=table" */
	const char *element;  /* what one element is, for people: "one lookup" */
	void *(*setup)(void);                          /* NULL: the kernel keeps no state */
	uint64_t (*loop)(void *state, uint64_t loops); /* runs loops elements, returns how many ran */
	int (*teardown)(void *state);                  /* NULL: nothing to check or free */
	uint64_t default_loops;                        /* the standalone driver's loop count */
};

/* Registered kernels live in their own section; the support code walks it. */
#define BENCH_SUITE_SECTION "bench_suite_kernels"

/*
 * BENCH_KERNEL(name, id, tags, element, setup, loop, teardown): registers a
 * kernel. `name` is a C identifier unique within the library; setup and
 * teardown may be NULL.
 */
#define BENCH_KERNEL(name, id_, tags_, element_, setup_, loop_, teardown_)                                   \
	static const struct bench_suite_kernel bench_suite_kernel_##name                                     \
		__attribute__((used, section(BENCH_SUITE_SECTION), aligned(sizeof(void *)))) = {              \
			.id = (id_), .tags = (tags_), .element = (element_), .setup = (setup_), .loop = (loop_), \
			.teardown = (teardown_), .default_loops = 10000000ull }

/* A compiler barrier: the loop body before it is not folded away or hoisted out. */
#define BENCH_SUITE_BARRIER() __asm__ __volatile__("" ::: "memory")

#ifdef __cplusplus
}
#endif

#endif
