/* SPDX-License-Identifier: MIT */
/* The timer: a sane frequency, ticks that agree with the clock, refusals as time_bench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_native.h"
#include "test_util.h"
#include "timer.h"

/* BENCH_TIMER=none: no stamps, zero ticks and ns, and the kernel still runs. */
static int untimed(void)
{
	const char *why;
	CHECK(strcmp(bench_timer_stop_desc(&why), "none") == 0, "stop %s under BENCH_TIMER=none", bench_timer_stop_desc(NULL));
	CHECK(bench_timer_hz(NULL) == 0, "no calibration may run untimed");
	bench_session_t *s;
	bench_sample_t sample;
	CHECK(bench_session_open(0, &s) == BENCH_OK, "open for_loop");
	CHECK(bench_session_sample(s, 100000, &sample) == BENCH_OK, "an untimed sample is not an error");
	CHECK(sample.invocations == 100000 && sample.ticks == 0 && sample.ns == 0, "untimed sample ran %llu, ticks %llu, ns %llu",
	      (unsigned long long)sample.invocations, (unsigned long long)sample.ticks, (unsigned long long)sample.ns);
	CHECK(bench_session_close(s) == BENCH_OK, "close for_loop");
	return test_report("test_timer (BENCH_TIMER=none)");
}

int main(void)
{
	const char *force = getenv("BENCH_TIMER");
	if (force && strcmp(force, "none") == 0)
		return untimed();
	const char *why = NULL;
	const char *stop = bench_timer_stop_desc(&why);
	printf("timer stop: %s (%s)\n", stop, why);
	CHECK(why && *why, "no reason for the stop stamp");
#if defined(__x86_64__)
	if (force && strcmp(force, "rdtsc") == 0)
		CHECK(strcmp(stop, "MFENCE;LFENCE;RDTSC;LFENCE") == 0 && strstr(why, "forced"), "forced fallback not in force: %s (%s)", stop, why);
	else
		CHECK(strcmp(stop, "RDTSCP;CPUID") == 0 || strcmp(stop, "MFENCE;LFENCE;RDTSC;LFENCE") == 0, "stop %s", stop);
	CHECK(strstr(why, "RDTSCP") != NULL, "the reason does not say what CPUID advertises: %s", why);
#endif
	const char *source = NULL;
	double hz = bench_timer_hz(&source);
	CHECK(hz > 1e6 && hz < 1e11, "timer_hz %.0f out of range", hz);
	CHECK(source && *source, "no timer_hz source");
#if defined(__x86_64__)
	/* BENCH_TIMER_HZ: a valid rate is taken as handed over and said so; anything else is calibrated as usual. */
	const char *given = getenv("BENCH_TIMER_HZ");
	if (given && strcmp(given, "1234567890") == 0) {
		CHECK(hz == 1234567890.0, "BENCH_TIMER_HZ=1234567890 gave timer_hz %.0f", hz);
		CHECK(strstr(source, "BENCH_TIMER_HZ") != NULL, "the source does not say the rate was handed over: %s", source);
		return test_report("test_timer (BENCH_TIMER_HZ given)");
	}
	if (given)
		CHECK(strstr(source, "calibrated against") != NULL, "BENCH_TIMER_HZ=%s is no rate, yet the source is: %s", given, source);
#endif

	/* 50 ms of sleep measured both ways: the two must agree within 1 %. */
	struct bench_stamps st;
	struct timespec req = { 0, 50 * 1000 * 1000 };
	bench_timer_start(&st);
	nanosleep(&req, NULL);
	bench_timer_stop(&st);
	double by_ticks = (double)(st.ticks_stop - st.ticks_start) / hz;
	double by_clock = (double)(st.ns_stop - st.ns_start) / 1e9;
	CHECK(by_clock >= 0.05, "slept %.6f s by the clock, asked 0.05", by_clock);
	CHECK(by_ticks > by_clock * 0.99 && by_ticks < by_clock * 1.01, "ticks say %.6f s, clock %.6f s", by_ticks, by_clock);

	/* Through the ABI: the for_loop kernel is index 0. */
	bench_kernel_desc_t d;
	CHECK(bench_kernel_describe(0, &d) == BENCH_OK && strcmp(d.id, "native/for_loop") == 0, "kernel 0 is not for_loop");
	bench_session_t *s;
	bench_sample_t sample;
	CHECK(bench_session_open(0, &s) == BENCH_OK, "open for_loop");
	CHECK(bench_session_sample(s, 999, &sample) == BENCH_E_TOO_FEW, "999 invocations must be refused");
	CHECK(bench_session_sample(s, 100000, &sample) == BENCH_OK, "sample for_loop");
	CHECK(sample.invocations == 100000, "ran %llu", (unsigned long long)sample.invocations);
	CHECK(sample.ticks > 0 && sample.ns > 0, "zero interval");
	/*
	 * In ns, not ticks: a generic timer ticks at 25 MHz to 1 GHz, so a loop element can be 0.02
	 * ticks. A loop of some milliseconds, so that the stamps' own cost (a CPUID traps to the host
	 * in a guest) is a small part of it; ticks and clock must then agree.
	 */
	CHECK(bench_session_sample(s, 10000000, &sample) == BENCH_OK, "sample for_loop x 10M");
	double ns = (double)sample.ns / (double)sample.invocations;
	CHECK(ns > 0.01 && ns < 100, "for_loop %.3f ns per element is not a loop", ns);
	double by_ticks_ns = (double)sample.ticks * 1e9 / hz / (double)sample.invocations;
	CHECK(by_ticks_ns > ns * 0.95 && by_ticks_ns < ns * 1.05, "for_loop: ticks say %.3f ns per element, the clock %.3f", by_ticks_ns, ns);
	CHECK(bench_session_close(s) == BENCH_OK, "close for_loop");

	bench_build_info_t bi;
	CHECK(bench_build_info(&bi) == BENCH_OK, "build info");
	CHECK(bi.abi_version == BENCH_ABI_VERSION && bi.inject_k == 0, "abi %d inject %d", bi.abi_version, bi.inject_k);
	CHECK(strstr(bi.flags, "-falign-functions=64") != NULL, "flags not recorded: %s", bi.flags);
	CHECK(bi.timer_stop && strcmp(bi.timer_stop, stop) == 0 && bi.timer_stop_note == why, "build info does not record the stop in force");
	return test_report("test_timer");
}
