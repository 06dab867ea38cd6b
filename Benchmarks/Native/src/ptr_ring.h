/* SPDX-License-Identifier: MIT */
/*
 * ptr_ring as page_pool uses it: a fixed array, a producer index under the
 * producer lock, a consumer index under the consumer lock; an entry is NULL
 * when free. Uncontended here, so each lock is one atomic exchange and a store.
 */
#ifndef BENCH_PTR_RING_H
#define BENCH_PTR_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "spinlock.h"

struct ptr_ring {
	spinlock_t producer_lock;
	uint32_t producer;
	uint32_t mask;
	uint8_t pad0[52];
	spinlock_t consumer_lock;
	uint32_t consumer;
	uint8_t pad1[56];
	void **queue;
	uint32_t size;
};

struct bench_arena;
int ptr_ring_init(struct ptr_ring *r, uint32_t size, struct bench_arena *a); /* size: power of two */

static bench_always_inline bool __ptr_ring_empty(const struct ptr_ring *r)
{
	return !__atomic_load_n(&r->queue[r->consumer], __ATOMIC_RELAXED);
}

/* Returns false when the ring is full. */
static bench_always_inline bool ptr_ring_produce(struct ptr_ring *r, void *ptr)
{
	bool ok = false;
	spin_lock(&r->producer_lock);
	if (likely(!r->queue[r->producer])) {
		r->queue[r->producer] = ptr;
		r->producer = (r->producer + 1) & r->mask;
		ok = true;
	}
	spin_unlock(&r->producer_lock);
	return ok;
}

/* Caller holds the consumer lock. */
static bench_always_inline void *__ptr_ring_consume(struct ptr_ring *r)
{
	void *ptr = r->queue[r->consumer];
	if (ptr) {
		r->queue[r->consumer] = NULL;
		r->consumer = (r->consumer + 1) & r->mask;
	}
	return ptr;
}

#endif
