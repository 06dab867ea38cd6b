/* SPDX-License-Identifier: MIT */
/* A test-and-test-and-set spinlock: what spin_lock()/spin_unlock() cost uncontended. */
#ifndef BENCH_SPINLOCK_H
#define BENCH_SPINLOCK_H

#include "compiler.h"

typedef struct {
	int locked;
} spinlock_t;

static bench_always_inline void cpu_relax(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__("pause" ::: "memory");
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	barrier();
#endif
}

static bench_always_inline void spin_lock(spinlock_t *l)
{
	while (unlikely(__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
}

static bench_always_inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
