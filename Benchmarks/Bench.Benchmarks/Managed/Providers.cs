using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bench.Benchmarks.Managed;

/// <summary>
/// The memory providers' direct entry points: what the if and static-key styles
/// call (mp_dmabuf_alloc_netmems() and friends). Each is a store of net_iovs.
/// </summary>
public static class DmabufProvider
{
    /// <summary>pp01-fast-niov's recycle test through the provider: is this netmem its net_iov?</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }
}

/// <inheritdoc cref="DmabufProvider"/>
public static class IouringProvider
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }
}

/// <summary>struct memory_provider_ops as an interface: the `ops` style's call is an interface dispatch.</summary>
public interface IMemoryProviderOps
{
    Netmem? AllocNetmems(PagePool pool);
    bool ReleaseNetmem(PagePool pool, Netmem m);
    bool IsNetIov(PagePool pool, Netmem m);
}

/// <summary>The dmabuf provider behind the interface. Sealed, so a type test proves the target (the indirect-call wrapper).</summary>
public sealed class DmabufOps : IMemoryProviderOps
{
    public static readonly DmabufOps Instance = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }
}

/// <inheritdoc cref="DmabufOps"/>
public sealed class IouringOps : IMemoryProviderOps
{
    public static readonly IouringOps Instance = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }
}

/// <summary>struct memory_provider_ops as an abstract class: the `ops-abstract` style's call is a virtual (vtable) call.</summary>
public abstract class MemoryProvider
{
    public abstract Netmem? AllocNetmems(PagePool pool);
    public abstract bool ReleaseNetmem(PagePool pool, Netmem m);
    public abstract bool IsNetIov(PagePool pool, Netmem m);
}

public sealed class DmabufProviderClass : MemoryProvider
{
    public static readonly DmabufProviderClass Instance = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }
}

public sealed class IouringProviderClass : MemoryProvider
{
    public static readonly IouringProviderClass Instance = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override Netmem? AllocNetmems(PagePool pool) => PoolCommon.FillCacheFrom(pool, pool.Provider);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override bool ReleaseNetmem(PagePool pool, Netmem m)
    {
        PoolCommon.ReturnTo(pool, pool.Provider, m);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override bool IsNetIov(PagePool pool, Netmem m)
    {
        pool.Provider.Checks++;
        return m.IsNetIov;
    }
}

/// <summary>
/// struct memory_provider_ops as it is in C: a const table of function pointers
/// in unmanaged memory, reached through a pointer in the pool. The `ops-fnptr`
/// style loads the pointer, tests it, loads the entry and calls through it: the
/// JIT can neither devirtualize nor guess that call.
/// </summary>
public unsafe struct MemoryProviderFnOps
{
    public delegate* managed<PagePool, Netmem?> AllocNetmems;
    public delegate* managed<PagePool, Netmem, bool> ReleaseNetmem;
    public delegate* managed<PagePool, Netmem, bool> IsNetIov;

    public static readonly MemoryProviderFnOps* Dmabuf = Table(&DmabufProvider.AllocNetmems, &DmabufProvider.ReleaseNetmem, &DmabufProvider.IsNetIov);
    public static readonly MemoryProviderFnOps* Iouring = Table(&IouringProvider.AllocNetmems, &IouringProvider.ReleaseNetmem, &IouringProvider.IsNetIov);

    /// <summary>Allocated once per process and never freed, like a const table in a binary.</summary>
    private static MemoryProviderFnOps* Table(delegate* managed<PagePool, Netmem?> alloc, delegate* managed<PagePool, Netmem, bool> release,
        delegate* managed<PagePool, Netmem, bool> isNetIov)
    {
        var t = (MemoryProviderFnOps*)NativeMemory.AlignedAlloc((nuint)sizeof(MemoryProviderFnOps), 64);
        t->AllocNetmems = alloc;
        t->ReleaseNetmem = release;
        t->IsNetIov = isNetIov;
        return t;
    }
}
