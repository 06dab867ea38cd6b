/* SPDX-License-Identifier: MIT */
/* The pool model's accounting: what the pool took must all come back, and a leak is caught. */
#include "bench_native.h"
#include "page_pool.h"
#include "styles.h"
#include "test_util.h"

static void check_owner_round_trip(enum mp_kind kind)
{
	struct page_pool *pool = page_pool_create(kind, PP_ALLOC_CACHE_REFILL);
	CHECK(pool != NULL, "create kind %d", kind);
	struct netmem_store *owner = kind == MP_NONE ? pool->allocator : pool->provider;
	netmem_t m = kind == MP_NONE ? pp_alloc_pages_slow(pool) : pool->mp_ops->alloc_netmems(pool);
	CHECK(m != NULL, "slow path returned nothing");
	CHECK(pool->alloc.count == PP_ALLOC_CACHE_REFILL - 1, "bulk refill left %u in the cache", pool->alloc.count);
	CHECK(owner->nfree == PP_STORE_PAGES - PP_ALLOC_CACHE_REFILL, "owner has %u free", owner->nfree);
	CHECK(m->pp == pool && m->pp_magic == PP_SIGNATURE && m->refcnt == 1, "page not owned by the pool");
	if (kind == MP_NONE)
		pp_release_page(pool, m);
	else
		pool->mp_ops->release_netmem(pool, m);
	CHECK(m->pp == NULL && m->refcnt == 0, "released page still marked");
	CHECK(page_pool_destroy(pool) == BENCH_OK, "balanced pool kind %d must destroy cleanly", kind);
}

int main(void)
{
	check_owner_round_trip(MP_NONE);
	check_owner_round_trip(MP_DMABUF);
	check_owner_round_trip(MP_IOURING);

	/* A page that never comes back is caught at destroy. */
	struct page_pool *pool = page_pool_create(MP_NONE, PP_ALLOC_CACHE_REFILL);
	netmem_t leaked = pp_alloc_pages_slow(pool);
	CHECK(leaked != NULL, "alloc");
	CHECK(page_pool_destroy(pool) == BENCH_E_ACCOUNTING, "a leaked page must fail accounting");

	/* A page returned to the wrong owner is caught too. */
	pool = page_pool_create(MP_DMABUF, PP_ALLOC_CACHE_REFILL);
	netmem_t wrong = mp_dmabuf_alloc_netmems(pool);
	pp_release_page(pool, wrong); /* to the allocator: not where it came from */
	CHECK(page_pool_destroy(pool) == BENCH_E_ACCOUNTING, "a misrouted page must fail accounting");

	/* The ring: the prefill puts 64 pages in the ring and none in the cache. */
	pool = page_pool_create(MP_NONE, PP_ALLOC_CACHE_REFILL);
	CHECK(pp_style_ops.fill_ring(pool, PP_RING_PREFILL) == BENCH_OK, "fill ring");
	uint32_t in_ring = 0;
	for (uint32_t i = 0; i < pool->ring.size; i++)
		in_ring += pool->ring.queue[i] != NULL;
	CHECK(in_ring == PP_RING_PREFILL, "%u pages in the ring, want %u", in_ring, PP_RING_PREFILL);
	CHECK(pool->alloc.count == 0, "%u pages left in the cache", pool->alloc.count);
	struct bench_stamps st;
	CHECK(pp_style_ops.run[PP_CASE_RING](pool, 100000, &st) == 100000, "ring loop ran short");
	CHECK(pool->allocator->allocs == PP_ALLOC_CACHE_REFILL, "ring case went to the allocator again (%llu allocs)",
	      (unsigned long long)pool->allocator->allocs);
	CHECK(page_pool_destroy(pool) == BENCH_OK, "ring pool accounting");
	return test_report("test_pool_accounting");
}
