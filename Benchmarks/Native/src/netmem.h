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

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"

struct page_pool;

enum netmem_owner { NETMEM_ALLOCATOR = 1, NETMEM_DMABUF = 2, NETMEM_IOURING = 3 };

#define PP_SIGNATURE 0x40u

/* flags: what the kernel reads off a netmem without a call */
#define NETMEM_F_NET_IOV 0x1u  /* a provider's net_iov, not a page (the kernel tags the netmem pointer's bit 0) */
#define NETMEM_LRU_PFMEMALLOC 0x2u /* page->lru.next bit 1: taken from the emergency reserves */

struct netmem {
	struct page_pool *pp;  /* owning pool while in page_pool hands */
	uintptr_t pp_magic;    /* PP_SIGNATURE while owned by a pool */
	uint32_t refcnt;
	uint32_t owner;        /* enum netmem_owner: who must get it back */
	uint32_t flags;        /* NETMEM_F_* */
	uint32_t pad0;
	uintptr_t lru_next;    /* page_is_pfmemalloc() reads bit 1 */
	uint8_t pad[24];
} __attribute__((aligned(64)));

typedef struct netmem *netmem_t;

/* netmem_is_net_iov(): the plain bit test. */
static bench_always_inline bool netmem_is_net_iov(netmem_t m)
{
	return m->flags & NETMEM_F_NET_IOV;
}

/* page_ref_count(page) == 1 && !page_is_pfmemalloc(page): a page only its pool holds, not from the reserves. */
static bench_always_inline bool netmem_page_recyclable(netmem_t m)
{
	return m->refcnt == 1 && !(m->lru_next & NETMEM_LRU_PFMEMALLOC);
}

/* A fixed set of descriptors and a free stack over them. */
struct netmem_store {
	struct netmem *descs;
	netmem_t *free;
	uint32_t nfree, total;
	uint64_t allocs, frees;
	uint64_t checks;       /* the provider's net_iov check, called through its ops (a provider store only) */
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
