/* SPDX-License-Identifier: MIT */
/* The timer: a sane frequency, ticks that agree with the clock, refusals as time_bench. */
#include <string.h>
#include <time.h>

#include "bench_native.h"
#include "test_util.h"
#include "timer.h"

int main(void)
{
	const char *source = NULL;
	double hz = bench_timer_hz(&source);
	CHECK(hz > 1e6 && hz < 1e11, "timer_hz %.0f out of range", hz);
	CHECK(source && *source, "no timer_hz source");

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
	double cycles = (double)sample.ticks / (double)sample.invocations;
	CHECK(cycles > 0.05 && cycles < 100, "for_loop %.3f cycles per element is not a loop", cycles);
	CHECK(bench_session_close(s) == BENCH_OK, "close for_loop");

	bench_build_info_t bi;
	CHECK(bench_build_info(&bi) == BENCH_OK, "build info");
	CHECK(bi.abi_version == BENCH_ABI_VERSION && bi.inject_k == 0, "abi %d inject %d", bi.abi_version, bi.inject_k);
	CHECK(strstr(bi.flags, "-falign-functions=64") != NULL, "flags not recorded: %s", bi.flags);
	return test_report("test_timer");
}
