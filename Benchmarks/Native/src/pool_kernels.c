/* SPDX-License-Identifier: MIT */
/*
 * The page_pool alloc and put paths, and the timed loops of the cases of cases.def, for one
 * dispatch style (chosen at compile time: see styles.def).
 * Only the provider dispatch differs between styles; everything else is this
 * one text, so a difference between two styles' figures is the dispatch.
 */
#include "bench_native.h"
#include "page_pool.h"
#include "static_key.h"
#include "styles.h"

/* styles.h brought this object's hooks from styles.def: MP_DISPATCH and MP_RECYCLABLE */
#if !defined(MP_DISPATCH) || !defined(MP_RECYCLABLE) || !defined(BENCH_STYLE_SUFFIX)
#error "no style: build with -DBENCH_STYLE_<suffix> and -DBENCH_STYLE_SUFFIX=<suffix> of a style in styles.def"
#endif
#define KFN(name) BENCH_CAT(name##_, BENCH_STYLE_SUFFIX)

/* The kernel's INDIRECT_CALL_1(): a compare against the likely target, then a direct call. */
#define INDIRECT_CALL_1(f, f1, ...) (likely((f) == (f1)) ? f1(__VA_ARGS__) : (f)(__VA_ARGS__))

/* page_pool_refill_alloc_cache(): up to 64 from the ring, under the consumer lock. */
static noinline netmem_t KFN(pp_refill_alloc_cache)(struct page_pool *pool)
{
	struct ptr_ring *r = &pool->ring;
	netmem_t m;

	if (__ptr_ring_empty(r)) /* quicker fallback: no lock when the ring is empty */
		return NULL;
	spin_lock(&r->consumer_lock);
	while (pool->alloc.count < PP_ALLOC_CACHE_REFILL && (m = __ptr_ring_consume(r)))
		pool->alloc.cache[pool->alloc.count++] = m;
	spin_unlock(&r->consumer_lock);
	return likely(pool->alloc.count) ? pool->alloc.cache[--pool->alloc.count] : NULL;
}

/*
 * The call control of contrasts (styles.def, CALL_CONTROL): one call of the -call1 build's empty
 * noinline function on every alloc path, so once per element.
 */
#if defined(BENCH_STYLE_EXTRA_CALL)
#define STYLE_CALL() bench_injected_call()
#else
#define STYLE_CALL() do { } while (0)
#endif

/* page_pool_alloc_netmems(): cache, ring, then the provider dispatch. */
static noinline netmem_t KFN(pp_alloc)(struct page_pool *pool)
{
	netmem_t m;

	/* The injected regression: k ops on every alloc path, once per element. */
	if (likely(pool->alloc.count)) {
		m = pool->alloc.cache[--pool->alloc.count];
		PP_ALLOC_STAT_INC(pool, fast);
		BENCH_INJECT(m);
		STYLE_CALL();
		return m;
	}
	m = KFN(pp_refill_alloc_cache)(pool);
	if (likely(m)) {
		PP_ALLOC_STAT_INC(pool, refill);
		BENCH_INJECT(m);
		STYLE_CALL();
		return m;
	}
	PP_ALLOC_STAT_INC(pool, slow);
	BENCH_INJECT(pool); /* before the dispatch, so it stays a tail call */
	STYLE_CALL();
	return MP_DISPATCH(pool, alloc_netmems, mp_dmabuf_alloc_netmems, mp_iouring_alloc_netmems,
			   pp_alloc_pages_slow, pool);
}

/*
 * page_pool_put_netmem(): recycle into cache or ring, else return through the release dispatch.
 * `niov` (a constant at each call site) picks the recycle test: the model's refcnt == 1, or
 * the devmem series' net_iov-aware test in this style's shape (MP_RECYCLABLE).
 */
static bench_always_inline void pp_put_body(struct page_pool *pool, netmem_t m, bool allow_direct, const bool niov)
{
	if (likely(niov ? MP_RECYCLABLE(pool, m) : netmem_is_recyclable(m))) {
		if (allow_direct && likely(pool->alloc.count < PP_ALLOC_CACHE_SIZE)) {
			pool->alloc.cache[pool->alloc.count++] = m;
			PP_RECYCLE_STAT_INC(pool, cached);
			return;
		}
		if (likely(ptr_ring_produce(&pool->ring, m))) {
			PP_RECYCLE_STAT_INC(pool, ring);
			return;
		}
		PP_RECYCLE_STAT_INC(pool, ring_full);
	} else {
		PP_RECYCLE_STAT_INC(pool, released_refcnt);
	}
	/* page_pool_return_netmem(); the caller's get_page()/put_page() pair is folded in */
	(void)MP_DISPATCH(pool, release_netmem, mp_dmabuf_release_netmem, mp_iouring_release_netmem,
			  pp_release_page, pool, m);
}

static noinline void KFN(pp_put)(struct page_pool *pool, netmem_t m, bool allow_direct)
{
	pp_put_body(pool, m, allow_direct, false);
}

static noinline void KFN(pp_put_niov)(struct page_pool *pool, netmem_t m, bool allow_direct)
{
	pp_put_body(pool, m, allow_direct, true);
}

enum loop_kind { LOOP_RECYCLE_DIRECT, LOOP_RECYCLE_DIRECT_NIOV, LOOP_RECYCLE_RING, LOOP_RETURN };

/*
 * The timed loop of the page_pool cases; `kind` is a constant at each call
 * site, so each case compiles to its own loop with nothing but its own work.
 *   RECYCLE_DIRECT (pp01-fast): alloc, page_pool_recycle_direct()
 *   RECYCLE_DIRECT_NIOV (pp01-fast-niov): the same, with the net_iov-aware recycle test
 *   RECYCLE_RING   (pp02-ptr-ring): alloc, page_pool_put_page(.., false): into the ring
 *   RETURN         (pp03-slow, dispatch): alloc, get_page() so it cannot be
 *                  recycled, put: the release dispatch on every element, the
 *                  alloc dispatch on every refill (every element for dispatch,
 *                  whose pool refills one at a time).
 */
static bench_always_inline uint64_t pp_loop(struct page_pool *pool, uint64_t loops, struct bench_stamps *st,
					const enum loop_kind kind)
{
	uint64_t i;

	bench_timer_start(st);
	for (i = 0; i < loops; i++) {
		netmem_t m = KFN(pp_alloc)(pool);
		if (unlikely(!m))
			break;
		if (kind == LOOP_RETURN)
			netmem_get(m);
		if (kind == LOOP_RECYCLE_DIRECT_NIOV)
			KFN(pp_put_niov)(pool, m, true);
		else
			KFN(pp_put)(pool, m, kind == LOOP_RECYCLE_DIRECT);
	}
	bench_timer_stop(st);
	return i;
}

static noinline uint64_t KFN(run_fast)(void *pool, uint64_t loops, struct bench_stamps *st)
{
	return pp_loop(pool, loops, st, LOOP_RECYCLE_DIRECT);
}

static noinline uint64_t KFN(run_fast_niov)(void *pool, uint64_t loops, struct bench_stamps *st)
{
	return pp_loop(pool, loops, st, LOOP_RECYCLE_DIRECT_NIOV);
}

static noinline uint64_t KFN(run_ring)(void *pool, uint64_t loops, struct bench_stamps *st)
{
	return pp_loop(pool, loops, st, LOOP_RECYCLE_RING);
}

static noinline uint64_t KFN(run_return)(void *pool, uint64_t loops, struct bench_stamps *st)
{
	return pp_loop(pool, loops, st, LOOP_RETURN);
}

/* pp_fill_ptr_ring(): n pages through the pool, then all put back (into the ring). */
static int KFN(fill_ring)(struct page_pool *pool, uint32_t n)
{
	netmem_t held[PP_RING_PREFILL];
	uint32_t got = 0;

	if (n > PP_RING_PREFILL)
		n = PP_RING_PREFILL;
	while (got < n && (held[got] = KFN(pp_alloc)(pool)))
		got++;
	for (uint32_t i = 0; i < got; i++)
		KFN(pp_put)(pool, held[i], false);
	return got == n ? BENCH_OK : BENCH_E_NOMEM;
}

const struct pp_style PP_STYLE_TABLE(BENCH_STYLE_SUFFIX) = {
	.run = {
#define BENCH_CASE(id, name, loop, refill, prefill) [PP_CASE_##id] = KFN(run_##loop),
#include "cases.def"
#undef BENCH_CASE
	},
	.fill_ring = KFN(fill_ring),
};
