/* SPDX-License-Identifier: MIT */
/*
 * Dispatch styles and the cases each style object provides.
 *
 * pool_kernels.c is compiled once per style (BENCH_STYLE, BENCH_STYLE_SUFFIX),
 * and ops-retpoline is the ops style compiled with retpoline thunks. The
 * static-key styles are also built a second time as flag loads, used when the
 * self-test finds that text cannot be patched here.
 */
#ifndef BENCH_STYLES_H
#define BENCH_STYLES_H

#include <stdint.h>
#include "timer.h"

#define STYLE_NONE 0
#define STYLE_OPS 1
#define STYLE_IF 2
#define STYLE_STATIC_KEY 3
#define STYLE_STATIC_KEY_OPS 4
#define STYLE_INDIRECT_CALL_WRAPPER 5

enum pp_case { PP_CASE_FAST, PP_CASE_RING, PP_CASE_SLOW, PP_CASE_DISPATCH, PP_CASE_FAST_NIOV, PP_CASE_COUNT };

struct page_pool;

/* One timed loop: set-up already done, returns the elements it ran. */
typedef uint64_t (*bench_loop_fn)(void *ctx, uint64_t loops, struct bench_stamps *st);

struct pp_style {
	bench_loop_fn run[PP_CASE_COUNT];
	/* pp_fill_ptr_ring(): allocate n pages through the pool and put them into the ring */
	int (*fill_ring)(struct page_pool *pool, uint32_t n);
};

#define PP_STYLE_TABLE(suffix) BENCH_CAT(pp_style_, suffix)

extern const struct pp_style pp_style_none HIDDEN, pp_style_ops HIDDEN, pp_style_if HIDDEN,
	pp_style_static_key HIDDEN, pp_style_static_key_ops HIDDEN, pp_style_icw HIDDEN,
	pp_style_static_key_flag HIDDEN, pp_style_static_key_ops_flag HIDDEN;
#if BENCH_HAVE_RETPOLINE
extern const struct pp_style pp_style_ops_retpoline HIDDEN;
#endif

/* Baseline loops (baseline_kernels.c): ctx unused. */
uint64_t bench_for_loop(void *ctx, uint64_t loops, struct bench_stamps *st);
uint64_t bench_atomic_inc(void *ctx, uint64_t loops, struct bench_stamps *st);
uint64_t bench_lock(void *ctx, uint64_t loops, struct bench_stamps *st);

#endif
