/* SPDX-License-Identifier: MIT */
/*
 * The timer, with time_bench semantics: a monotonic clock read and a fenced
 * tick stamp at the start, a fenced tick stamp and a clock read at the stop.
 * Only ever divide a whole loop: the stamps themselves cost tens of cycles.
 *
 * x86-64: CPUID;RDTSC to start, RDTSCP;CPUID to stop (as time_bench), or a
 * fenced RDTSC stop where CPUID does not advertise RDTSCP (below).
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

/*
 * Which stop stamp runs (and whether any stamp runs at all), decided once when
 * the library loads (timer.c) from CPUID and BENCH_TIMER:
 *   rdtscp  RDTSCP;CPUID, time_bench's stop, where CPUID advertises RDTSCP;
 *   rdtsc   MFENCE;LFENCE;RDTSC;LFENCE where it does not (some KVM guests hide
 *           RDTSCP although it executes): MFENCE drains the loop's stores,
 *           LFENCE keeps RDTSC from reading before every earlier instruction
 *           has completed (Intel; AMD where LFENCE is dispatch-serializing, as
 *           Linux sets it), the trailing LFENCE keeps later work out of the
 *           interval. No CPUID at the stop: in a guest it traps to the host and
 *           its exit would be inside the interval;
 *   none    no timer instruction and no clock read at all: for counting
 *           instructions under valgrind, which cannot model an instruction the
 *           CPU hides (the samples then carry zero ticks and zero ns).
 * The branch on the mode sits outside the timed loop, once per stamp.
 */
enum bench_timer_mode {
	BENCH_TIMER_TICKS = 0,   /* the architecture's preferred stop (RDTSCP on x86-64) */
	BENCH_TIMER_FENCED = 1,  /* x86-64: the fenced RDTSC stop */
	BENCH_TIMER_NONE = 2,    /* no stamps at all */
};
extern int bench_timer_mode HIDDEN;

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
	if (likely(bench_timer_mode == BENCH_TIMER_TICKS)) {
		__asm__ __volatile__("rdtscp\n\t"
				     "mov %%edx, %0\n\t"
				     "mov %%eax, %1\n\t"
				     "cpuid\n\t"
				     : "=r"(hi), "=r"(lo)
				     :
				     : "%rax", "%rbx", "%rcx", "%rdx", "memory");
	} else {
		__asm__ __volatile__("mfence\n\t"
				     "lfence\n\t"
				     "rdtsc\n\t"
				     "lfence\n\t"
				     : "=d"(hi), "=a"(lo)
				     :
				     : "memory");
	}
	return ((uint64_t)hi << 32) | lo;
}
#define BENCH_TIMER_DESC "x86-64 TSC (start CPUID;RDTSC)"
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
	if (unlikely(bench_timer_mode == BENCH_TIMER_NONE)) {
		st->ns_start = st->ticks_start = 0;
		return;
	}
	st->ns_start = bench_clock_ns();
	st->ticks_start = bench_ticks_start();
}

static bench_always_inline void bench_timer_stop(struct bench_stamps *st)
{
	if (unlikely(bench_timer_mode == BENCH_TIMER_NONE)) {
		st->ns_stop = st->ticks_stop = 0;
		return;
	}
	st->ticks_stop = bench_ticks_stop();
	st->ns_stop = bench_clock_ns();
}

/*
 * The stop stamp in force, e.g. "RDTSCP;CPUID", and why (what CPUID
 * advertises, or the BENCH_TIMER override); "none" when stamps are off.
 */
const char *bench_timer_stop_desc(const char **why);

/* Ticks per second and how that was found; computed once, then cached. */
double bench_timer_hz(const char **source);

#endif
