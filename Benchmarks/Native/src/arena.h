/* SPDX-License-Identifier: MIT */
/*
 * A session's private memory: one anonymous mapping, carved at fixed offsets.
 *
 * Where a kernel's data sits within a page decides 4K aliasing and cache-bank
 * conflicts, which move a fast path by a cycle or more. malloc's placement
 * depends on the heap history of the process around the kernel (the .NET
 * worker, the C driver), so the same kernel measured from two programs would
 * differ for no reason of its own. Every object here starts at a page boundary
 * plus a fixed stagger, so the layout modulo a page is the same in any process.
 */
#ifndef BENCH_ARENA_H
#define BENCH_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#define BENCH_PAGE 4096u
#define BENCH_ARENA_STAGGER 320u /* five cache lines between successive objects' page offsets */

struct bench_arena {
	uint8_t *base;
	size_t size, used;
	unsigned objects;
};

static inline int bench_arena_init(struct bench_arena *a, size_t size)
{
	a->size = (size + BENCH_PAGE - 1) & ~(size_t)(BENCH_PAGE - 1);
	a->used = 0;
	a->objects = 0;
	void *p = mmap(NULL, a->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	a->base = p == MAP_FAILED ? NULL : p;
	return a->base ? 0 : -1;
}

/* Zeroed memory at the next page boundary + (objects x stagger) mod page. */
static inline void *bench_arena_alloc(struct bench_arena *a, size_t size)
{
	size_t start = ((a->used + BENCH_PAGE - 1) & ~(size_t)(BENCH_PAGE - 1)) + (a->objects * BENCH_ARENA_STAGGER) % BENCH_PAGE;
	if (start + size > a->size)
		return NULL;
	a->used = start + size;
	a->objects++;
	return a->base + start;
}

static inline void bench_arena_fini(struct bench_arena *a)
{
	if (a->base)
		munmap(a->base, a->size);
	a->base = NULL;
}

#endif
