/* SPDX-License-Identifier: MIT */
/*
 * Dispatch styles and the cases each style object provides.
 *
 * pool_kernels.c is compiled once per style of styles.def (BENCH_STYLE_<suffix>,
 * BENCH_STYLE_SUFFIX); this header brings that style's hooks, and declares every
 * style's table.
 */
#ifndef BENCH_STYLES_H
#define BENCH_STYLES_H

#include <stdint.h>
#include "timer.h"

/* The page_pool cases of cases.def, in its order. */
#define BENCH_CASE(id, name, loop, refill, prefill) PP_CASE_##id,
enum pp_case {
#include "cases.def"
	PP_CASE_COUNT
};
#undef BENCH_CASE

struct page_pool;

/* One timed loop: set-up already done, returns the elements it ran. */
typedef uint64_t (*bench_loop_fn)(void *ctx, uint64_t loops, struct bench_stamps *st);

struct pp_style {
	bench_loop_fn run[PP_CASE_COUNT];
	/* pp_fill_ptr_ring(): allocate n pages through the pool and put them into the ring */
	int (*fill_ring)(struct page_pool *pool, uint32_t n);
};

#define PP_STYLE_TABLE(suffix) BENCH_CAT(pp_style_, suffix)

/* Every style's table (a FLAG style has a second, of its flag-load build), and this object's hooks. */
#define BENCH_STYLE_EXTERN_PLAIN(s) extern const struct pp_style pp_style_##s HIDDEN;
#define BENCH_STYLE_EXTERN_FLAG(s) extern const struct pp_style pp_style_##s HIDDEN, pp_style_##s##_flag HIDDEN;
#define BENCH_STYLE_EXTERN_RETPOLINE(s) extern const struct pp_style pp_style_##s HIDDEN;
#define BENCH_STYLE_EXTERN_NULL_CONTROL(s) extern const struct pp_style pp_style_##s HIDDEN;
#define BENCH_STYLE_EXTERN_CALL_CONTROL(s) extern const struct pp_style pp_style_##s HIDDEN;
#define BENCH_STYLE(suffix, name, variant) BENCH_STYLE_EXTERN_##variant(suffix)
#include "styles.def"
#undef BENCH_STYLE

/* Baseline loops (baseline_kernels.c): ctx unused. */
uint64_t bench_for_loop(void *ctx, uint64_t loops, struct bench_stamps *st);
uint64_t bench_atomic_inc(void *ctx, uint64_t loops, struct bench_stamps *st);
uint64_t bench_lock(void *ctx, uint64_t loops, struct bench_stamps *st);

#endif
