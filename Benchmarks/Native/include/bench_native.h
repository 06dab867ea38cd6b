/* SPDX-License-Identifier: MIT */
/*
 * bench_native.h: the ABI the .NET harness and the standalone driver see.
 *
 * One library build holds the whole native matrix (baseline cases plus every
 * page_pool case x dispatch style x provider state). A caller enumerates it,
 * opens a session per kernel, and asks for samples: one call runs one whole
 * timed loop, so a P/Invoke transition is never inside the timed region.
 *
 * Every function returns BENCH_OK (0) or a negative BENCH_E_* code; strings
 * are static, UTF-8, owned by the library.
 */
#ifndef BENCH_NATIVE_H
#define BENCH_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BENCH_ABI_VERSION 4

#if defined(__GNUC__)
#define BENCH_API __attribute__((visibility("default")))
#else
#define BENCH_API
#endif

enum bench_status {
	BENCH_OK = 0,
	BENCH_E_INVAL = -1,        /* bad argument (index out of range, NULL) */
	BENCH_E_UNAVAILABLE = -2,  /* kernel not built here; see unavailable_reason */
	BENCH_E_NOMEM = -3,
	BENCH_E_ACCOUNTING = -4,   /* pages did not all come back to their owner */
	BENCH_E_TOO_FEW = -5,      /* fewer than BENCH_MIN_INVOCATIONS requested */
	BENCH_E_ZERO_INTERVAL = -6,/* the timer did not move: refuse the sample */
	BENCH_E_SHORT = -7,        /* the kernel ran fewer elements than asked */
	BENCH_E_STATIC_KEY = -8,   /* patching the static key failed mid-run */
};

/* time_bench refuses runs shorter than this; so do we. */
#define BENCH_MIN_INVOCATIONS 1000u

enum bench_provider {
	BENCH_PROVIDER_NA = -1,    /* baseline cases: no page_pool, no provider */
	BENCH_PROVIDER_OFF = 0,
	BENCH_PROVIDER_ON = 1,
};

typedef struct bench_kernel_desc {
	const char *id;                 /* permanent, e.g. native/pp03-slow/static-key+ops/provider-on */
	const char *case_name;          /* for_loop, atomic_inc, lock, pp01-fast, pp02-ptr-ring, pp03-slow, dispatch */
	const char *style;              /* dispatch style; NULL for baseline cases */
	int32_t provider;               /* enum bench_provider */
	int32_t available;              /* 0: cannot run in this build (see reason) */
	const char *unavailable_reason; /* NULL when available */
	uint64_t default_loops;         /* time_bench-style loop count (driver default) */
	const char *tags;               /* every tag, "case=pp01-fast style=ops provider=on" (ABI 4) */
} bench_kernel_desc_t;

typedef struct bench_sample {
	uint64_t invocations; /* elements the kernel actually ran */
	uint64_t ticks;       /* timer ticks around the whole loop (TSC on x86-64) */
	uint64_t ns;          /* CLOCK_MONOTONIC ns around the whole loop */
} bench_sample_t;

typedef struct bench_build_info {
	int32_t abi_version;
	int32_t inject_k;             /* extra dependent ALU ops per element (0 = the real build) */
	const char *arch;             /* x86-64, aarch64, ... */
	const char *compiler;         /* e.g. "GCC 12.2.0" */
	const char *flags;            /* C flags every kernel is built with */
	const char *retpoline_flags;  /* extra flags of the ops-retpoline objects, or NULL */
	const char *timer;            /* how ticks are read */
	double timer_hz;              /* ticks per second */
	const char *timer_hz_source;  /* how timer_hz was determined */
	const char *static_key_impl;  /* "patched-jump" or "flag-load" */
	const char *static_key_note;  /* detail: site encoding, or why patching is not used */
	const char *timer_stop;       /* the stop stamp in force: "RDTSCP;CPUID", "MFENCE;LFENCE;RDTSC;LFENCE", ..., or "none" */
	const char *timer_stop_note;  /* why: what CPUID advertises, or the BENCH_TIMER override */
	int32_t inject_calls;         /* extra calls per element (0 = the real build); at every n-th element only where flags name -DBENCH_INJECT_EVERY=n */
	int32_t pp_stats;             /* ABI 3: 1 in the CONFIG_PAGE_POOL_STATS build (the stats increments), else 0 */
} bench_build_info_t;

/* Accounting of one session: where pages came from and went back to. */
typedef struct bench_counters {
	uint64_t allocator_allocs;   /* pages handed out by the page-allocator model */
	uint64_t allocator_frees;
	uint64_t provider_allocs;    /* net_iovs handed out by the memory provider model */
	uint64_t provider_frees;
	uint64_t pool_hold;          /* pages the pool took (page_pool pages_state_hold_cnt) */
	uint64_t pool_release;       /* pages the pool gave back (pages_state_release_cnt) */
	uint64_t provider_checks;    /* ABI 3: the provider's net_iov check called through its ops (pp01-fast-niov) */
} bench_counters_t;

typedef struct bench_session bench_session_t;

BENCH_API int bench_build_info(bench_build_info_t *out);
BENCH_API int bench_kernel_count(void);
BENCH_API int bench_kernel_describe(int32_t index, bench_kernel_desc_t *out);
BENCH_API int bench_session_open(int32_t index, bench_session_t **out);
/* One whole timed loop of `loops` elements. Sets the static key to the
 * session's provider state first (outside the timed region). Under
 * BENCH_TIMER=none (instruction counting) the loop runs untimed: ticks and
 * ns are 0 and that is not an error. */
BENCH_API int bench_session_sample(bench_session_t *s, uint64_t loops, bench_sample_t *out);
BENCH_API int bench_session_counters(const bench_session_t *s, bench_counters_t *out);
/* Drains the pool and checks that every page came back: BENCH_E_ACCOUNTING if not. */
BENCH_API int bench_session_close(bench_session_t *s);
BENCH_API const char *bench_strerror(int32_t status);

/* Test hook for the harness's crash isolation: 1 = SIGSEGV, 2 = abort(). */
BENCH_API void bench_crash(int32_t how);

#ifdef __cplusplus
}
#endif
#endif
