/* SPDX-License-Identifier: MIT */
/*
 * The user-space page_pool model (after net/core/page_pool.c).
 *
 * alloc:   the per-pool alloc cache (128) first; when empty, refill it from the
 *          ptr_ring (up to 64, under the consumer lock, skipped when the ring
 *          is empty); when that finds nothing, the slow path: the memory
 *          provider (if one is bound and the dispatch style reaches it) or the
 *          page allocator, which refill the cache in bulk (refill_bulk).
 * put:     a page with refcnt 1 is recycled: into the cache when the caller
 *          may recycle directly and the cache has room, else into the ring;
 *          a shared page, or one the full ring refuses, is returned: the
 *          release dispatch hands it back to the provider or the allocator.
 * destroy: drains cache and ring and checks every page came back.
 *
 * The dispatch itself (alloc slow path and release) is compiled once per
 * style in pool_kernels.c; this header holds what all styles share.
 */
#ifndef BENCH_PAGE_POOL_H
#define BENCH_PAGE_POOL_H

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"
#include "netmem.h"
#include "ptr_ring.h"

#define PP_ALLOC_CACHE_SIZE 128
#define PP_ALLOC_CACHE_REFILL 64
#define PP_POOL_SIZE 1024        /* ring entries */
#define PP_RING_PREFILL 64
#define PP_STORE_PAGES 4096      /* descriptors each owner holds */

enum mp_kind { MP_NONE = 0, MP_DMABUF = 1, MP_IOURING = 2 };

struct memory_provider_ops {
	netmem_t (*alloc_netmems)(struct page_pool *pool);
	bool (*release_netmem)(struct page_pool *pool, netmem_t m);
	/* pp01-fast-niov's recycle test through the ops: is this netmem the provider's? */
	bool (*netmem_is_net_iov)(struct page_pool *pool, netmem_t m);
};

/* CONFIG_PAGE_POOL_STATS: counted only in the stats build (BENCH_PP_STATS), always laid out. */
struct pp_alloc_stats {
	uint64_t fast;        /* from the alloc cache */
	uint64_t slow;        /* from the slow path (provider or page allocator) */
	uint64_t refill;      /* the cache refilled from the ring */
};

struct pp_recycle_stats {
	uint64_t cached;      /* recycled into the alloc cache */
	uint64_t ring;        /* recycled into the ring */
	uint64_t ring_full;   /* the ring refused it */
	uint64_t released_refcnt; /* returned: not recyclable */
};

struct pp_alloc_cache {
	uint32_t count;
	netmem_t cache[PP_ALLOC_CACHE_SIZE];
};

struct page_pool {
	struct pp_alloc_cache alloc;  /* hot: first */
	uint32_t refill_bulk;         /* slow-path bulk: 64, or 1 for the dispatch case */
	uint32_t mp_kind;             /* enum mp_kind, for the if style */
	const struct memory_provider_ops *mp_ops; /* for the ops styles */
	void *mp_priv;                /* for the static-key style (6.12's pool->mp_priv) */
	struct netmem_store *allocator;
	struct netmem_store *provider;
	uint64_t hold_cnt;            /* pages_state_hold_cnt */
	uint64_t release_cnt;         /* pages_state_release_cnt */
	struct ptr_ring ring;
	/* last, so the fields above sit where they did before stats were modelled */
	struct pp_alloc_stats alloc_stats;         /* in the pool, as the kernel's */
	struct pp_recycle_stats *recycle_stats;    /* the kernel's is per CPU: a pointer to follow */
};

#ifndef BENCH_PP_STATS
#define BENCH_PP_STATS 0
#endif
#if BENCH_PP_STATS
#define PP_ALLOC_STAT_INC(pool, stat) ((pool)->alloc_stats.stat++)
#define PP_RECYCLE_STAT_INC(pool, stat) ((pool)->recycle_stats->stat++)
#else
#define PP_ALLOC_STAT_INC(pool, stat) ((void)0)
#define PP_RECYCLE_STAT_INC(pool, stat) ((void)0)
#endif

/* Providers: direct entry points (if / static-key styles) and ops tables. */
netmem_t mp_dmabuf_alloc_netmems(struct page_pool *pool);
bool mp_dmabuf_release_netmem(struct page_pool *pool, netmem_t m);
netmem_t mp_iouring_alloc_netmems(struct page_pool *pool);
bool mp_iouring_release_netmem(struct page_pool *pool, netmem_t m);
bool mp_dmabuf_netmem_is_net_iov(struct page_pool *pool, netmem_t m);
bool mp_iouring_netmem_is_net_iov(struct page_pool *pool, netmem_t m);
extern const struct memory_provider_ops dmabuf_ops HIDDEN;
extern const struct memory_provider_ops iouring_ops HIDDEN;

/* The page-allocator slow path (__page_pool_alloc_netmems_slow) and release. */
netmem_t pp_alloc_pages_slow(struct page_pool *pool);
bool pp_release_page(struct page_pool *pool, netmem_t m);

/* Fill the alloc cache from `store` in bulk; returns one netmem or NULL. */
netmem_t pp_fill_cache_from(struct page_pool *pool, struct netmem_store *store);
/* Hand a netmem back to `store` and count the release. */
void pp_return_to(struct page_pool *pool, struct netmem_store *store, netmem_t m);

/* Create with a provider bound (MP_DMABUF) or none; NULL on allocation failure. */
struct page_pool *page_pool_create(enum mp_kind provider, uint32_t refill_bulk);
/* Drain and free; returns BENCH_OK or BENCH_E_ACCOUNTING (pool freed either way). */
int page_pool_destroy(struct page_pool *pool);

static bench_always_inline bool netmem_is_recyclable(netmem_t m)
{
	return m->refcnt == 1;
}

/* get_page(): a second reference makes the page non-recyclable. */
static bench_always_inline void netmem_get(netmem_t m)
{
	m->refcnt++;
}

#endif
