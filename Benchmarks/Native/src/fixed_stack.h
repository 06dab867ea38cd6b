/* SPDX-License-Identifier: MIT */
/* The call of a timed loop, with the stack at a fixed offset within a page: every library's sample runs through it. */
#ifndef BENCH_FIXED_STACK_H
#define BENCH_FIXED_STACK_H

#include <stddef.h>
#include <stdint.h>

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

#endif
