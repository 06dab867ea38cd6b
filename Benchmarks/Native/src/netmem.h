/* SPDX-License-Identifier: MIT */
/*
 * netmem and the page-allocator model.
 *
 * A netmem is one 64-byte descriptor, like struct page / struct net_iov: the
 * benchmark never touches page data, only descriptors (as the kernel bench
 * does without DMA mapping). Two owners hand them out: the page-allocator
 * model (a LIFO free list, like the per-CPU page lists) and a memory provider
 * (see provider.h). Each owner counts what it handed out and got back.
 */
#ifndef BENCH_NETMEM_H
#define BENCH_NETMEM_H

#include <stdint.h>
#include "compiler.h"

struct page_pool;

enum netmem_owner { NETMEM_ALLOCATOR = 1, NETMEM_DMABUF = 2, NETMEM_IOURING = 3 };

#define PP_SIGNATURE 0x40u

struct netmem {
	struct page_pool *pp;  /* owning pool while in page_pool hands */
	uintptr_t pp_magic;    /* PP_SIGNATURE while owned by a pool */
	uint32_t refcnt;
	uint32_t owner;        /* enum netmem_owner: who must get it back */
	uint8_t pad[40];
} __attribute__((aligned(64)));

typedef struct netmem *netmem_t;

/* A fixed set of descriptors and a free stack over them. */
struct netmem_store {
	struct netmem *descs;
	netmem_t *free;
	uint32_t nfree, total;
	uint64_t allocs, frees;
};

struct bench_arena;
int netmem_store_init(struct netmem_store *s, uint32_t total, enum netmem_owner owner, struct bench_arena *a);

/* Pop up to n descriptors into out[]; returns how many. */
static bench_always_inline uint32_t netmem_store_take(struct netmem_store *s, netmem_t *out, uint32_t n)
{
	if (n > s->nfree)
		n = s->nfree;
	for (uint32_t i = 0; i < n; i++)
		out[i] = s->free[--s->nfree];
	s->allocs += n;
	return n;
}

static bench_always_inline void netmem_store_give(struct netmem_store *s, netmem_t m)
{
	s->free[s->nfree++] = m;
	s->frees++;
}

/* The page-allocator model: alloc_pages_bulk() and the final put_page(). */
uint32_t page_allocator_alloc_bulk(struct netmem_store *pa, netmem_t *out, uint32_t n);
void page_allocator_free(struct netmem_store *pa, netmem_t m);

#endif
