/* SPDX-License-Identifier: MIT */
/* Compiler helpers shared by every kernel: what stops the compiler cheating. */
#ifndef BENCH_COMPILER_H
#define BENCH_COMPILER_H

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define noinline    __attribute__((noinline))
#define bench_always_inline inline __attribute__((always_inline))
#define barrier()   __asm__ __volatile__("" ::: "memory")
#define HIDDEN      __attribute__((visibility("hidden")))

#define BENCH_STR2(x) #x
#define BENCH_STR(x) BENCH_STR2(x)
#define BENCH_CAT2(a, b) a##b
#define BENCH_CAT(a, b) BENCH_CAT2(a, b)

/*
 * The injected regression: BENCH_INJECT_K extra dependent ALU operations
 * per element: on every alloc path (pool_kernels.c: the page the cache pop
 * or the ring refill returns, the pool pointer before the provider or
 * page-allocator slow path, so each page_pool case runs exactly k more
 * instructions per element) and on the loop counter of the baselines (k + 1:
 * the compiler copies the counter around the asm). Each is one more instruction on a fast path; what it costs in
 * time depends on the core: where a loop is latency-bound (for_loop) each op
 * is one core cycle; where it is bound by branch throughput (the page_pool
 * loops on the EPYC this was built on) the ops hide in the slack and cost
 * about nothing, which is why `bench selftest` measures the effect of each k
 * instead of assuming it, and why a cycle is hard to see. `bench count` sees
 * exactly k more instructions per element. With K = 0 it expands to nothing
 * and the real build's instructions are unchanged (checked with objdump);
 * the injected variants are separately built libraries, never a runtime flag.
 */
#ifndef BENCH_INJECT_K
#define BENCH_INJECT_K 0
#endif

#if BENCH_INJECT_K == 0
#define BENCH_INJECT_OPS(v) do { } while (0)
#elif defined(__x86_64__)
#define BENCH_INJECT_OPS(v) __asm__ __volatile__(".rept " BENCH_STR(BENCH_INJECT_K) "\n\tadd $0, %0\n\t.endr" : "+r"(v))
#elif defined(__aarch64__)
#define BENCH_INJECT_OPS(v) __asm__ __volatile__(".rept " BENCH_STR(BENCH_INJECT_K) "\n\tadd %0, %0, #0\n\t.endr" : "+r"(v))
#else
#define BENCH_INJECT_OPS(v) do { for (int bench_i_ = 0; bench_i_ < BENCH_INJECT_K; bench_i_++) __asm__ __volatile__("" : "+r"(v)); } while (0)
#endif

/*
 * The second kind of injected regression: BENCH_INJECT_CALLS extra calls per
 * element, at the same places, to an empty noinline function (a call, a
 * return, the stack traffic): what "an extra call on the fast path" costs,
 * which the dependent ops above do not (they hide in the core's slack). The
 * callee is in another object so the compiler cannot drop the call.
 */
#ifndef BENCH_INJECT_CALLS
#define BENCH_INJECT_CALLS 0
#endif
/*
 * BENCH_INJECT_EVERY n (a power of two): the calls at every n-th pass of an
 * injection point only, counted in a global of the library, so that the
 * injected cost comes in steps between none and a call per element (what it
 * costs, counter included, is measured, never taken as 1/n of a call).
 */
#ifndef BENCH_INJECT_EVERY
#define BENCH_INJECT_EVERY 1
#endif
#if BENCH_INJECT_EVERY < 1 || (BENCH_INJECT_EVERY & (BENCH_INJECT_EVERY - 1)) != 0
#error "BENCH_INJECT_EVERY must be a power of two"
#endif
void bench_injected_call(void) __attribute__((visibility("hidden")));
extern unsigned bench_inject_tick __attribute__((visibility("hidden")));
#if BENCH_INJECT_CALLS == 0
#define BENCH_INJECT_CALL() do { } while (0)
#elif BENCH_INJECT_EVERY == 1
#define BENCH_INJECT_CALL() do { for (int bench_c_ = 0; bench_c_ < BENCH_INJECT_CALLS; bench_c_++) bench_injected_call(); } while (0)
#else
#define BENCH_INJECT_CALL()                                                                      \
	do {                                                                                     \
		if ((++bench_inject_tick & (BENCH_INJECT_EVERY - 1)) == 0)                       \
			for (int bench_c_ = 0; bench_c_ < BENCH_INJECT_CALLS; bench_c_++)        \
				bench_injected_call();                                           \
	} while (0)
#endif

#define BENCH_INJECT(v) do { BENCH_INJECT_OPS(v); BENCH_INJECT_CALL(); } while (0)

#endif
