/* SPDX-License-Identifier: MIT */
/* The exports every kernel library shares (bench_native.h): status texts and the crash hook. */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include "bench_native.h"
#include "compiler.h"

/* What a failed close means in the library (registry.c: page accounting; suite_registry.c: the suite's teardown check). */
extern const char *const bench_check_failed_text HIDDEN;

BENCH_API const char *bench_strerror(int32_t status)
{
	switch (status) {
	case BENCH_OK: return "ok";
	case BENCH_E_INVAL: return "invalid argument";
	case BENCH_E_UNAVAILABLE: return "kernel not available in this build";
	case BENCH_E_NOMEM: return "out of memory";
	case BENCH_E_ACCOUNTING: return bench_check_failed_text;
	case BENCH_E_TOO_FEW: return "fewer than 1000 invocations requested";
	case BENCH_E_ZERO_INTERVAL: return "the timer did not advance over the loop";
	case BENCH_E_SHORT: return "the kernel ran fewer elements than requested (its pool or input ran out)";
	case BENCH_E_STATIC_KEY: return "patching the static key failed";
	default: return "unknown status";
	}
}

/* Test hook for the harness's crash isolation: 1 = SIGSEGV, 2 = abort(). */
BENCH_API void bench_crash(int32_t how)
{
	if (how == 2)
		abort();
	*(volatile int *)(uintptr_t)how = 0; /* a real fault: a store to an unmapped page */
	raise(SIGSEGV);
}
