using System.Runtime.CompilerServices;

namespace Bench.Benchmarks.Managed;

/// <summary>
/// The page_pool alloc and put paths and the timed loops, once per dispatch
/// style (pool_kernels.c's twin). <typeparamref name="TDispatch"/> is a struct,
/// so every style gets its own compiled copy with its hook inlined and nothing
/// else different. The NoInlining marks sit where the native code has noinline,
/// so calls are where they are in C.
/// </summary>
public static class PoolKernels<TDispatch> where TDispatch : struct, IMpDispatch
{
    /// <summary>page_pool_refill_alloc_cache(): up to 64 from the ring under the consumer lock; no lock when the ring is empty.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Netmem? RefillAllocCache(PagePool pool)
    {
        var ring = pool.Ring;
        if (ring.IsEmpty)
            return null;
        var cache = pool.Cache;
        ring.ConsumerLock.Lock();
        while (pool.Count < PagePool.AllocCacheRefill && ring.ConsumeLocked() is { } m)
            cache[pool.Count++] = m;
        ring.ConsumerLock.Unlock();
        return pool.Count > 0 ? cache[--pool.Count] : null;
    }

    /// <summary>page_pool_alloc_netmems(): the cache, then the ring, then the provider dispatch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Netmem? Alloc(PagePool pool)
    {
        ManagedInjection.PerElement();
        if (pool.Count > 0)
            return pool.Cache[--pool.Count];
        return RefillAllocCache(pool) ?? TDispatch.Alloc(pool);
    }

    /// <summary>page_pool_put_netmem(): recycle into the cache or the ring, else return through the release dispatch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Put(PagePool pool, Netmem m, bool allowDirect)
    {
        if (m.Refcnt == 1)
        {
            if (allowDirect && pool.Count < PagePool.AllocCacheSize)
            {
                pool.Cache[pool.Count++] = m;
                return;
            }
            if (pool.Ring.Produce(m))
                return;
        }
        TDispatch.Release(pool, m);
    }

    /// <summary>The same put with pp01-fast-niov's recycle test, in this style's shape; only ever called to recycle directly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PutNiov(PagePool pool, Netmem m)
    {
        if (TDispatch.Recyclable(pool, m))
        {
            if (pool.Count < PagePool.AllocCacheSize)
            {
                pool.Cache[pool.Count++] = m;
                return;
            }
            if (pool.Ring.Produce(m))
                return;
        }
        TDispatch.Release(pool, m);
    }

    private enum LoopKind { RecycleDirect, RecycleDirectNiov, RecycleRing, Return }

    /// <summary>
    /// The timed loop of the page_pool cases (pp_loop): <paramref name="kind"/> is a
    /// constant at each call site, so each case compiles to its own loop with nothing but its own work.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Loop(PagePool pool, ulong loops, LoopKind kind)
    {
        ulong i;
        for (i = 0; i < loops; i++)
        {
            var m = Alloc(pool);
            if (m is null)
                break;
            if (kind == LoopKind.Return)
                m.Refcnt++; // get_page(): the page cannot be recycled
            if (kind == LoopKind.RecycleDirectNiov)
                PutNiov(pool, m);
            else
                Put(pool, m, kind == LoopKind.RecycleDirect);
        }
        return i;
    }

    /// <summary>pp01-fast: alloc, page_pool_recycle_direct().</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong RunFast(PagePool pool, ulong loops) => Loop(pool, loops, LoopKind.RecycleDirect);

    /// <summary>pp01-fast-niov: alloc, page_pool_recycle_direct() with the devmem series' recycle test.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong RunFastNiov(PagePool pool, ulong loops) => Loop(pool, loops, LoopKind.RecycleDirectNiov);

    /// <summary>pp02-ptr-ring: alloc, page_pool_put_page(.., false): into the ring.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong RunRing(PagePool pool, ulong loops) => Loop(pool, loops, LoopKind.RecycleRing);

    /// <summary>pp03-slow and dispatch: alloc, get_page(), put: the release dispatch on every element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong RunReturn(PagePool pool, ulong loops) => Loop(pool, loops, LoopKind.Return);

    /// <summary>pp_fill_ptr_ring(): <paramref name="n"/> pages through the pool, then all put back into the ring.</summary>
    public static bool FillRing(PagePool pool, uint n)
    {
        var held = new Netmem[Math.Min(n, PagePool.RingPrefill)];
        var got = 0;
        while (got < held.Length && Alloc(pool) is { } m)
            held[got++] = m;
        for (var i = 0; i < got; i++)
            Put(pool, held[i], false);
        return got == held.Length;
    }
}

/// <summary>time_bench's reference loops in C#: the loop itself, one interlocked add, one lock/unlock pair.</summary>
public static class BaselineKernels
{
    private static int s_atomicCounter;
    private static SpinLockWord s_lock;

    /// <summary>The cost of the loop: RyuJIT keeps an empty counted loop (see the --disasm output), as the C barrier() makes GCC do.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ForLoop(ulong loops)
    {
        ulong i;
        for (i = 0; i < loops; i++)
        {
            ManagedInjection.PerElement();
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong AtomicInc(ulong loops)
    {
        ulong i;
        for (i = 0; i < loops; i++)
        {
            ManagedInjection.PerElement();
            Interlocked.Increment(ref s_atomicCounter);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Lock(ulong loops)
    {
        ulong i;
        for (i = 0; i < loops; i++)
        {
            ManagedInjection.PerElement();
            s_lock.Lock();
            s_lock.Unlock();
        }
        return i;
    }
}
