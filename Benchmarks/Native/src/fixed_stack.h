/* SPDX-License-Identifier: MIT */
/* The call of a timed loop, with the stack at a fixed offset within a page, and the sample it makes: every library's samples run through it. */
#ifndef BENCH_FIXED_STACK_H
#define BENCH_FIXED_STACK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bench_native.h"
#include "compiler.h"
#include "timer.h"

/* A whole timed loop: it takes its own stamps around its elements, returns how many ran. */
typedef uint64_t (*bench_timed_loop_fn)(void *ctx, uint64_t loops, struct bench_stamps *st);

/*
 * Calls the timed loop with the stack pointer at the same offset within a page
 * in every process (the .NET worker and the C driver have different stack
 * depths and ASLR picks the stack's page offset), so the loop's pushes and
 * spills alias the kernel's data (4K aliasing) the same way everywhere.
 * With a frame pointer (forced by __builtin_frame_address) the frame address is
 * 16-aligned, so the pad is a multiple of 16 and alloca moves the stack by it
 * exactly: the callee's stack pointer is BENCH_STACK_PAGE_OFFSET minus a
 * constant, modulo a page.
 */
#define BENCH_STACK_PAGE_OFFSET 0x800u
static noinline uint64_t run_at_fixed_stack_offset(bench_timed_loop_fn run, void *ctx, uint64_t loops, struct bench_stamps *st)
{
	uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
	size_t pad = (frame - BENCH_STACK_PAGE_OFFSET) & (4096u - 1);
	volatile char *p = __builtin_alloca(pad + 1);
	p[0] = 0;
	return run(ctx, loops, st);
}

/* The checks before any sample: a session and a sample to fill, and at least BENCH_MIN_INVOCATIONS elements. */
static inline int bench_sample_begin(const void *session, uint64_t loops, bench_sample_t *out)
{
	if (!session || !out)
		return BENCH_E_INVAL;
	memset(out, 0, sizeof(*out));
	return loops < BENCH_MIN_INVOCATIONS ? BENCH_E_TOO_FEW : BENCH_OK;
}

/*
 * One sample of the ABI: the timed loop run once at the fixed stack offset, its stamps turned into
 * the sample, and the sample refused when the loop ran short or the timer did not move.
 */
static inline int bench_sample_loop(bench_timed_loop_fn run, void *ctx, uint64_t loops, bench_sample_t *out)
{
	struct bench_stamps st;
	uint64_t ran = run_at_fixed_stack_offset(run, ctx, loops, &st);
	out->invocations = ran;
	out->ticks = st.ticks_stop - st.ticks_start;
	out->ns = st.ns_stop - st.ns_start;
	if (ran != loops)
		return BENCH_E_SHORT;
	if ((out->ticks == 0 || out->ns == 0) && bench_timer_mode != BENCH_TIMER_NONE)
		return BENCH_E_ZERO_INTERVAL;
	return BENCH_OK;
}

#endif
