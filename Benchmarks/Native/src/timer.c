/* SPDX-License-Identifier: MIT */
#include "timer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

int bench_timer_mode HIDDEN = BENCH_TIMER_TICKS;
static const char *stop_desc = "";
static char stop_why[192];

#if defined(__x86_64__)
/* CPUID.80000001H:EDX[27] is RDTSCP; CPUID.80000007H:EDX[8] the invariant TSC. */
static void cpuid_tsc_features(int *rdtscp, int *invariant)
{
	unsigned a, b, c, d;
	unsigned max = __get_cpuid_max(0x80000000u, NULL);
	*rdtscp = max >= 0x80000001u && __get_cpuid(0x80000001u, &a, &b, &c, &d) && (d & (1u << 27));
	*invariant = max >= 0x80000007u && __get_cpuid(0x80000007u, &a, &b, &c, &d) && (d & (1u << 8));
}
#endif

/*
 * Decides the stop stamp before any kernel can run (a constructor: the
 * library, the driver and the static test binaries all get it at load).
 * BENCH_TIMER=auto (or unset) follows CPUID; rdtscp, rdtsc and none force a
 * mode; anything else is refused loudly in the description and auto is used.
 */
__attribute__((constructor)) static void timer_mode_init(void)
{
	const char *force = getenv("BENCH_TIMER");
	const char *ignored = NULL;
	if (force && !*force)
		force = NULL;
	if (force && strcmp(force, "none") == 0) {
		bench_timer_mode = BENCH_TIMER_NONE;
		stop_desc = "none";
		snprintf(stop_why, sizeof(stop_why), "no timer: BENCH_TIMER=none (instruction counting)");
		return;
	}
#if defined(__x86_64__)
	int rdtscp, invariant;
	cpuid_tsc_features(&rdtscp, &invariant);
	const char *tsc = invariant ? "invariant TSC" : "TSC not advertised invariant";
	if (force && strcmp(force, "rdtsc") == 0) {
		bench_timer_mode = BENCH_TIMER_FENCED;
		snprintf(stop_why, sizeof(stop_why), "forced by BENCH_TIMER=rdtsc (CPUID: RDTSCP %s; %s)", rdtscp ? "advertised" : "not advertised", tsc);
	} else if (force && strcmp(force, "rdtscp") == 0) {
		bench_timer_mode = BENCH_TIMER_TICKS;
		snprintf(stop_why, sizeof(stop_why), "forced by BENCH_TIMER=rdtscp (CPUID: RDTSCP %s; %s)", rdtscp ? "advertised" : "not advertised", tsc);
	} else {
		if (force && strcmp(force, "auto") != 0)
			ignored = force;
		bench_timer_mode = rdtscp ? BENCH_TIMER_TICKS : BENCH_TIMER_FENCED;
		snprintf(stop_why, sizeof(stop_why), "CPUID %s RDTSCP; %s%s%s%s", rdtscp ? "advertises" : "does not advertise", tsc,
			 ignored ? "; BENCH_TIMER=" : "", ignored ? ignored : "", ignored ? " not understood (auto, rdtscp, rdtsc or none): auto used" : "");
	}
	stop_desc = bench_timer_mode == BENCH_TIMER_TICKS ? "RDTSCP;CPUID" : "MFENCE;LFENCE;RDTSC;LFENCE";
#else
	if (force && strcmp(force, "auto") != 0)
		ignored = force;
	bench_timer_mode = BENCH_TIMER_TICKS;
#if defined(__aarch64__)
	stop_desc = "ISB;CNTVCT_EL0;ISB";
	snprintf(stop_why, sizeof(stop_why), "the generic timer: one stop on aarch64%s%s%s", ignored ? "; BENCH_TIMER=" : "", ignored ? ignored : "",
		 ignored ? " has no meaning here (only none does): ignored" : "");
#else
	stop_desc = "CLOCK_MONOTONIC";
	snprintf(stop_why, sizeof(stop_why), "no cycle counter on this architecture%s%s%s", ignored ? "; BENCH_TIMER=" : "", ignored ? ignored : "",
		 ignored ? " ignored" : "");
#endif
#endif
}

const char *bench_timer_stop_desc(const char **why)
{
	if (why)
		*why = stop_why;
	return stop_desc;
}

static double timer_hz;
static const char *timer_hz_source;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;

#if defined(__x86_64__)
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
#endif

static void timer_init(void)
{
	if (bench_timer_mode == BENCH_TIMER_NONE) {
		/* counting: no timer instruction may run, not even to calibrate */
		timer_hz = 0;
		timer_hz_source = "not timed (BENCH_TIMER=none)";
		return;
	}
#if defined(__aarch64__)
	uint64_t f;
	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	timer_hz = (double)f;
	timer_hz_source = "CNTFRQ_EL0";
#elif defined(__x86_64__)
	/*
	 * A worker process is one of many of a run on one machine, and 50 ms of
	 * calibration a library is most of what starting one costs: the process
	 * that started it may hand over the rate it calibrated. Nothing timed
	 * depends on the rate (samples are ticks and clock ns); it is reported.
	 */
	const char *given = getenv("BENCH_TIMER_HZ");
	char *end = NULL;
	double hz = given ? strtod(given, &end) : 0;
	if (given && end != given && *end == '\0' && hz >= 1e6 && hz <= 1e11) {
		timer_hz = hz;
		timer_hz_source = "calibrated by the process that started this one (BENCH_TIMER_HZ)";
		return;
	}
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
