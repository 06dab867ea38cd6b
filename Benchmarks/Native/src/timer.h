/* SPDX-License-Identifier: MIT */
/*
 * The timer, with time_bench semantics: a monotonic clock read and a fenced
 * tick stamp at the start, a fenced tick stamp and a clock read at the stop.
 * Only ever divide a whole loop: the stamps themselves cost tens of cycles.
 *
 * x86-64: CPUID;RDTSC to start, RDTSCP;CPUID to stop (as time_bench).
 * aarch64: ISB-fenced reads of the generic timer (CNTVCT_EL0).
 * elsewhere: the monotonic clock itself, in ns.
 */
#ifndef BENCH_TIMER_H
#define BENCH_TIMER_H

#include <stdint.h>
#include <time.h>
#include "compiler.h"

struct bench_stamps {
	uint64_t ticks_start, ticks_stop;
	uint64_t ns_start, ns_stop;
};

static bench_always_inline uint64_t bench_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#if defined(__x86_64__)
static bench_always_inline uint64_t bench_ticks_start(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("cpuid\n\t"
			     "rdtsc\n\t"
			     "mov %%edx, %0\n\t"
			     "mov %%eax, %1\n\t"
			     : "=r"(hi), "=r"(lo)
			     :
			     : "%rax", "%rbx", "%rcx", "%rdx", "memory");
	return ((uint64_t)hi << 32) | lo;
}

static bench_always_inline uint64_t bench_ticks_stop(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtscp\n\t"
			     "mov %%edx, %0\n\t"
			     "mov %%eax, %1\n\t"
			     "cpuid\n\t"
			     : "=r"(hi), "=r"(lo)
			     :
			     : "%rax", "%rbx", "%rcx", "%rdx", "memory");
	return ((uint64_t)hi << 32) | lo;
}
#define BENCH_TIMER_DESC "x86-64 TSC (start CPUID;RDTSC, stop RDTSCP;CPUID)"
#elif defined(__aarch64__)
static bench_always_inline uint64_t bench_ticks_read(void)
{
	uint64_t v;
	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r"(v) : : "memory");
	return v;
}
#define bench_ticks_start bench_ticks_read
#define bench_ticks_stop bench_ticks_read
#define BENCH_TIMER_DESC "aarch64 generic timer (ISB; CNTVCT_EL0; ISB)"
#else
#define bench_ticks_start bench_clock_ns
#define bench_ticks_stop bench_clock_ns
#define BENCH_TIMER_DESC "CLOCK_MONOTONIC (no cycle counter on this architecture)"
#endif

static bench_always_inline void bench_timer_start(struct bench_stamps *st)
{
	st->ns_start = bench_clock_ns();
	st->ticks_start = bench_ticks_start();
}

static bench_always_inline void bench_timer_stop(struct bench_stamps *st)
{
	st->ticks_stop = bench_ticks_stop();
	st->ns_stop = bench_clock_ns();
}

/* Ticks per second and how that was found; computed once, then cached. */
double bench_timer_hz(const char **source);

#endif
