/* SPDX-License-Identifier: MIT */
/* What every dispatch style shares: owners of netmems, pool set-up and teardown. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bench_native.h"
#include "page_pool.h"

int netmem_store_init(struct netmem_store *s, uint32_t total, enum netmem_owner owner, struct bench_arena *a)
{
	memset(s, 0, sizeof(*s));
	s->descs = bench_arena_alloc(a, (size_t)total * sizeof(struct netmem));
	s->free = bench_arena_alloc(a, (size_t)total * sizeof(netmem_t));
	if (!s->descs || !s->free)
		return BENCH_E_NOMEM;
	for (uint32_t i = 0; i < total; i++) {
		s->descs[i].owner = owner;
		s->descs[i].flags = owner == NETMEM_ALLOCATOR ? 0 : NETMEM_F_NET_IOV;
		s->free[i] = &s->descs[total - 1 - i];
	}
	s->nfree = s->total = total;
	return BENCH_OK;
}

uint32_t page_allocator_alloc_bulk(struct netmem_store *pa, netmem_t *out, uint32_t n)
{
	return netmem_store_take(pa, out, n);
}

void page_allocator_free(struct netmem_store *pa, netmem_t m)
{
	netmem_store_give(pa, m);
}

int ptr_ring_init(struct ptr_ring *r, uint32_t size, struct bench_arena *a)
{
	memset(r, 0, sizeof(*r));
	r->queue = bench_arena_alloc(a, (size_t)size * sizeof(void *));
	if (!r->queue)
		return BENCH_E_NOMEM;
	r->size = size;
	r->mask = size - 1;
	return BENCH_OK;
}

noinline netmem_t pp_fill_cache_from(struct page_pool *pool, struct netmem_store *store)
{
	uint32_t n = netmem_store_take(store, pool->alloc.cache, pool->refill_bulk);
	if (unlikely(!n))
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		netmem_t m = pool->alloc.cache[i];
		m->pp = pool;
		m->pp_magic = PP_SIGNATURE;
		m->refcnt = 1;
	}
	pool->hold_cnt += n;
	pool->alloc.count = n - 1;
	return pool->alloc.cache[n - 1];
}

noinline void pp_return_to(struct page_pool *pool, struct netmem_store *store, netmem_t m)
{
	m->pp = NULL;
	m->pp_magic = 0;
	m->refcnt = 0; /* the pool's reference and any caller's are gone */
	pool->release_cnt++;
	netmem_store_give(store, m);
}

/* __page_pool_alloc_netmems_slow(): bulk from the page allocator. */
noinline netmem_t pp_alloc_pages_slow(struct page_pool *pool)
{
	return pp_fill_cache_from(pool, pool->allocator);
}

/* page_pool_return_page() without a provider: back to the page allocator. */
noinline bool pp_release_page(struct page_pool *pool, netmem_t m)
{
	pp_return_to(pool, pool->allocator, m);
	return true;
}

/* The memory providers: a dmabuf binding and an io_uring area, each a store of net_iovs. */
noinline netmem_t mp_dmabuf_alloc_netmems(struct page_pool *pool)
{
	return pp_fill_cache_from(pool, pool->provider);
}

noinline bool mp_dmabuf_release_netmem(struct page_pool *pool, netmem_t m)
{
	pp_return_to(pool, pool->provider, m);
	return true;
}

noinline netmem_t mp_iouring_alloc_netmems(struct page_pool *pool)
{
	return pp_fill_cache_from(pool, pool->provider);
}

noinline bool mp_iouring_release_netmem(struct page_pool *pool, netmem_t m)
{
	pp_return_to(pool, pool->provider, m);
	return true;
}

/* The recycle test through the ops: the provider's answer, counted so a test can see the call. */
noinline bool mp_dmabuf_netmem_is_net_iov(struct page_pool *pool, netmem_t m)
{
	pool->provider->checks++;
	return netmem_is_net_iov(m);
}

noinline bool mp_iouring_netmem_is_net_iov(struct page_pool *pool, netmem_t m)
{
	pool->provider->checks++;
	return netmem_is_net_iov(m);
}

const struct memory_provider_ops dmabuf_ops = {
	.alloc_netmems = mp_dmabuf_alloc_netmems,
	.release_netmem = mp_dmabuf_release_netmem,
	.netmem_is_net_iov = mp_dmabuf_netmem_is_net_iov,
};

const struct memory_provider_ops iouring_ops = {
	.alloc_netmems = mp_iouring_alloc_netmems,
	.release_netmem = mp_iouring_release_netmem,
	.netmem_is_net_iov = mp_iouring_netmem_is_net_iov,
};

struct pool_block {
	struct page_pool pool;
	struct pp_recycle_stats recycle_stats;
	struct netmem_store allocator;
	struct netmem_store provider;
	struct bench_arena arena; /* holds this block and everything the pool points to */
};

#define POOL_ARENA_SIZE (8 * BENCH_PAGE + 2 * (size_t)PP_STORE_PAGES * (sizeof(struct netmem) + sizeof(netmem_t)) + \
			 (size_t)PP_POOL_SIZE * sizeof(void *) + sizeof(struct pool_block))

struct page_pool *page_pool_create(enum mp_kind provider, uint32_t refill_bulk)
{
	struct bench_arena arena;
	if (bench_arena_init(&arena, POOL_ARENA_SIZE))
		return NULL;
	struct pool_block *b = bench_arena_alloc(&arena, sizeof(*b));
	b->arena = arena;
	struct page_pool *pool = &b->pool;
	pool->refill_bulk = refill_bulk;
	pool->recycle_stats = &b->recycle_stats;
	pool->allocator = &b->allocator;
	pool->provider = &b->provider;
	if (netmem_store_init(&b->allocator, PP_STORE_PAGES, NETMEM_ALLOCATOR, &b->arena) ||
	    netmem_store_init(&b->provider, PP_STORE_PAGES, provider == MP_IOURING ? NETMEM_IOURING : NETMEM_DMABUF, &b->arena) ||
	    ptr_ring_init(&pool->ring, PP_POOL_SIZE, &b->arena)) {
		page_pool_destroy(pool);
		return NULL;
	}
	if (provider != MP_NONE) {
		pool->mp_kind = provider;
		pool->mp_ops = provider == MP_DMABUF ? &dmabuf_ops : &iouring_ops;
		pool->mp_priv = &b->provider;
	}
	return pool;
}

/* Return a drained netmem to the owner written in it (not through any dispatch). */
static void drain_one(struct page_pool *pool, netmem_t m)
{
	pp_return_to(pool, m->owner == NETMEM_ALLOCATOR ? pool->allocator : pool->provider, m);
}

int page_pool_destroy(struct page_pool *pool)
{
	struct pool_block *b = (struct pool_block *)pool;
	int status = BENCH_OK;
	if (!b)
		return BENCH_E_INVAL;
	while (pool->alloc.count)
		drain_one(pool, pool->alloc.cache[--pool->alloc.count]);
	if (pool->ring.queue) {
		netmem_t m;
		while ((m = __ptr_ring_consume(&pool->ring)))
			drain_one(pool, m);
	}
	if (pool->hold_cnt != pool->release_cnt ||
	    b->allocator.nfree != b->allocator.total || b->provider.nfree != b->provider.total ||
	    b->allocator.allocs != b->allocator.frees || b->provider.allocs != b->provider.frees)
		status = BENCH_E_ACCOUNTING;
	struct bench_arena arena = b->arena;
	bench_arena_fini(&arena); /* b lives in it */
	return status;
}

/* The pass counter of the builds that inject a call at every n-th pass only (BENCH_INJECT_EVERY). */
unsigned bench_inject_tick;

/* The callee of the injected-call regression builds (compiler.h): empty, and never inlined. */
noinline void bench_injected_call(void)
{
	barrier();
}
