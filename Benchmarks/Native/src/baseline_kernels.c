/* SPDX-License-Identifier: MIT */
/* time_bench's reference loops: the loop itself, one atomic, one lock/unlock pair. */
#include "compiler.h"
#include "spinlock.h"
#include "styles.h"

static int atomic_counter;
static spinlock_t baseline_lock;

/* The cost of the loop: a compiler barrier keeps every iteration. */
noinline uint64_t bench_for_loop(void *ctx, uint64_t loops, struct bench_stamps *st)
{
	uint64_t i;
	(void)ctx;
	bench_timer_start(st);
	for (i = 0; i < loops; i++) {
		barrier();
		BENCH_INJECT(i);
	}
	bench_timer_stop(st);
	return i;
}

/* atomic_inc(): a locked add (on x86-64) per element. */
noinline uint64_t bench_atomic_inc(void *ctx, uint64_t loops, struct bench_stamps *st)
{
	uint64_t i;
	(void)ctx;
	bench_timer_start(st);
	for (i = 0; i < loops; i++) {
		BENCH_INJECT(i);
		__atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
	}
	bench_timer_stop(st);
	return i;
}

/* spin_lock() + spin_unlock(), uncontended: what the ptr_ring pays per produce. */
noinline uint64_t bench_lock(void *ctx, uint64_t loops, struct bench_stamps *st)
{
	uint64_t i;
	(void)ctx;
	bench_timer_start(st);
	for (i = 0; i < loops; i++) {
		BENCH_INJECT(i);
		spin_lock(&baseline_lock);
		spin_unlock(&baseline_lock);
	}
	bench_timer_stop(st);
	return i;
}
