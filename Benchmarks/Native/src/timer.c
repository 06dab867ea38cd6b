/* SPDX-License-Identifier: MIT */
#include "timer.h"

#include <pthread.h>
#include <stdlib.h>

static double timer_hz;
static const char *timer_hz_source;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * The TSC's rate is not exposed to user space on every machine (CPUID leaf
 * 0x15 is zero on AMD, and KVM guests vary), so measure it: ticks against
 * CLOCK_MONOTONIC_RAW over five 10 ms windows, median of the five. The
 * constant, invariant TSC this project targets makes that stable to ~1e-5.
 */
static double calibrate_ticks_against_clock(void)
{
	enum { windows = 5 };
	double rates[windows];
	for (int w = 0; w < windows; w++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC_RAW, &a);
		uint64_t t0 = bench_ticks_start();
		uint64_t ns;
		do {
			clock_gettime(CLOCK_MONOTONIC_RAW, &b);
			ns = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ull + (uint64_t)b.tv_nsec - (uint64_t)a.tv_nsec;
		} while (ns < 10000000ull);
		uint64_t t1 = bench_ticks_stop();
		rates[w] = (double)(t1 - t0) * 1e9 / (double)ns;
	}
	qsort(rates, windows, sizeof(rates[0]), cmp_double);
	return rates[windows / 2];
}

static void timer_init(void)
{
#if defined(__aarch64__)
	uint64_t f;
	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	timer_hz = (double)f;
	timer_hz_source = "CNTFRQ_EL0";
#elif defined(__x86_64__)
	timer_hz = calibrate_ticks_against_clock();
	timer_hz_source = "calibrated against CLOCK_MONOTONIC_RAW (median of 5 x 10 ms)";
#else
	timer_hz = 1e9;
	timer_hz_source = "nanosecond clock";
#endif
}

double bench_timer_hz(const char **source)
{
	pthread_once(&timer_once, timer_init);
	if (source)
		*source = timer_hz_source;
	return timer_hz;
}
