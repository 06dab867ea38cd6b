/* SPDX-License-Identifier: MIT */
/* The exports every kernel library shares (bench_native.h): its kernels' descriptions, status texts and the crash hook. */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench_native.h"
#include "bench_build_config.h"
#include "build_facts.h"
#include "compiler.h"
#include "timer.h"

/* What a failed close means in the library (registry.c: page accounting; suite_registry.c: the suite's teardown check). */
extern const char *const bench_check_failed_text HIDDEN;

/* What only the library knows of its build (registry.c: injection, retpolines, static key, stats; suite_registry.c: no static key). */
extern void bench_build_info_own(bench_build_info_t *out) HIDDEN;

BENCH_API int bench_build_info(bench_build_info_t *out)
{
	if (!out)
		return BENCH_E_INVAL;
	memset(out, 0, sizeof(*out));
	out->abi_version = BENCH_ABI_VERSION;
	out->arch = BENCH_ARCH;
	out->compiler = BENCH_COMPILER;
	out->flags = BENCH_CFLAGS;
	out->timer = BENCH_TIMER_DESC;
	out->timer_hz = bench_timer_hz(&out->timer_hz_source);
	out->timer_stop = bench_timer_stop_desc(&out->timer_stop_note);
	bench_build_info_own(out);
	return BENCH_OK;
}

/* The library's kernels (registry.c: the page_pool matrix; suite_registry.c: what the suite registered), read once. */
extern const bench_kernel_desc_t *bench_registry(int32_t *count) HIDDEN;

BENCH_API int bench_kernel_count(void)
{
	int32_t count;
	bench_registry(&count);
	return count;
}

BENCH_API int bench_kernel_describe(int32_t index, bench_kernel_desc_t *out)
{
	int32_t count;
	const bench_kernel_desc_t *all = bench_registry(&count);
	if (!out || index < 0 || index >= count)
		return BENCH_E_INVAL;
	*out = all[index];
	return BENCH_OK;
}

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
