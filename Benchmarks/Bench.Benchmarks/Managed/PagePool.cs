using System.Runtime.CompilerServices;

namespace Bench.Benchmarks.Managed;

/// <summary>Which memory provider a pool has bound (enum mp_kind): what the `if` style tests.</summary>
public enum MpKind : uint
{
    None = 0,
    Dmabuf = 1,
    Iouring = 2,
}

/// <summary>
/// The managed page_pool model, field for field the native one (page_pool.h):
/// an alloc cache of 128, a ring of 1024 behind it, a page allocator and a
/// provider store of 4096 descriptors each, and what each dispatch style reads
/// to find the provider: <see cref="MpKind"/> (if), <see cref="MpOps"/>,
/// <see cref="MpBase"/> and <see cref="MpFnOps"/> (the ops styles) and
/// <see cref="MpPriv"/> (static-key). Only the dispatch differs between styles:
/// see <see cref="PoolKernels{TDispatch}"/>.
/// </summary>
public sealed unsafe class PagePool
{
    public const int AllocCacheSize = 128;
    public const uint AllocCacheRefill = 64;
    public const uint RingSize = 1024;
    public const uint RingPrefill = 64;
    public const uint StorePages = 4096;

    // hot: the alloc cache first, as in the native struct
    internal readonly Netmem?[] Cache = new Netmem?[AllocCacheSize];
    internal uint Count;
    internal readonly uint RefillBulk;
    internal readonly MpKind MpKind;
    internal readonly IMemoryProviderOps? MpOps;
    internal readonly MemoryProvider? MpBase;
    internal readonly MemoryProviderFnOps* MpFnOps;
    internal readonly NetmemStore? MpPriv;
    internal readonly NetmemStore Allocator;
    internal readonly NetmemStore Provider;
    internal ulong HoldCnt;
    internal ulong ReleaseCnt;
    internal readonly PtrRing Ring = new(RingSize);

    /// <summary>page_pool_create(): a provider bound (dmabuf) or none; <paramref name="refillBulk"/> is 64, or 1 for the dispatch case.</summary>
    public PagePool(MpKind provider, uint refillBulk)
    {
        if (refillBulk is 0 or > AllocCacheSize)
            throw new ArgumentOutOfRangeException(nameof(refillBulk), refillBulk, "the bulk refill is 1..128");
        RefillBulk = refillBulk;
        Allocator = new NetmemStore(StorePages, NetmemOwner.Allocator);
        Provider = new NetmemStore(StorePages, provider == MpKind.Iouring ? NetmemOwner.Iouring : NetmemOwner.Dmabuf);
        if (provider == MpKind.None)
            return;
        MpKind = provider;
        var dmabuf = provider == MpKind.Dmabuf;
        MpOps = dmabuf ? DmabufOps.Instance : IouringOps.Instance;
        MpBase = dmabuf ? DmabufProviderClass.Instance : IouringProviderClass.Instance;
        MpFnOps = dmabuf ? MemoryProviderFnOps.Dmabuf : MemoryProviderFnOps.Iouring;
        MpPriv = Provider;
    }

    /// <summary>
    /// page_pool_destroy(): drains cache and ring straight to each page's owner
    /// (through no dispatch) and says whether every page came back: holds equal
    /// releases, and each store has all its descriptors and as many frees as allocs.
    /// </summary>
    public bool Destroy()
    {
        while (Count > 0)
        {
            var m = Cache[--Count]!;
            Cache[Count] = null;
            DrainOne(m);
        }
        Ring.ConsumerLock.Lock();
        while (Ring.ConsumeLocked() is { } r)
            DrainOne(r);
        Ring.ConsumerLock.Unlock();
        return HoldCnt == ReleaseCnt && Balanced(Allocator) && Balanced(Provider);
    }

    private static bool Balanced(NetmemStore s) => s.Free == s.Total && s.Allocs == s.Frees;

    private void DrainOne(Netmem m) => PoolCommon.ReturnTo(this, m.Owner == NetmemOwner.Allocator ? Allocator : Provider, m);
}

/// <summary>What every dispatch style shares (pool_common.c): filling the cache from a store in bulk, returning a page to a store, and the page-allocator paths.</summary>
public static class PoolCommon
{
    /// <summary>pp_fill_cache_from(): up to the pool's bulk from <paramref name="store"/>; returns one page, or null when the store is empty.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Netmem? FillCacheFrom(PagePool pool, NetmemStore store)
    {
        var cache = pool.Cache;
        var n = store.Take(cache, pool.RefillBulk);
        if (n == 0)
            return null;
        for (var i = 0u; i < n; i++)
        {
            var m = cache[i]!;
            m.Pp = pool;
            m.PpMagic = Netmem.PpSignature;
            m.Refcnt = 1;
        }
        pool.HoldCnt += n;
        pool.Count = n - 1;
        return cache[n - 1];
    }

    /// <summary>pp_return_to(): the pool's reference and any caller's are gone; the page goes back to <paramref name="store"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ReturnTo(PagePool pool, NetmemStore store, Netmem m)
    {
        m.Pp = null;
        m.PpMagic = 0;
        m.Refcnt = 0;
        pool.ReleaseCnt++;
        store.Give(m);
    }

    /// <summary>__page_pool_alloc_netmems_slow(): bulk from the page allocator.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Netmem? AllocPagesSlow(PagePool pool) => FillCacheFrom(pool, pool.Allocator);

    /// <summary>page_pool_return_page() without a provider: back to the page allocator.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ReleasePage(PagePool pool, Netmem m)
    {
        ReturnTo(pool, pool.Allocator, m);
        return true;
    }
}
