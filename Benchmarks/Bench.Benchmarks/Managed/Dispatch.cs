using System.Runtime.CompilerServices;

namespace Bench.Benchmarks.Managed;

/// <summary>
/// One dispatch style: the memory-provider hook on the two slow paths (the
/// native MP_DISPATCH macro). Each style is a struct, so the JIT compiles
/// <see cref="PoolKernels{TDispatch}"/> once per style with the hook inlined,
/// as pool_kernels.c is compiled once per style.
/// </summary>
public interface IMpDispatch
{
    /// <summary>The alloc slow path: the provider when the style reaches a bound one, else the page allocator.</summary>
    static abstract Netmem? Alloc(PagePool pool);

    /// <summary>The release of a page that cannot be recycled.</summary>
    static abstract bool Release(PagePool pool, Netmem m);

    /// <summary>
    /// pp01-fast-niov's recycle test in this style's shape (the native MP_RECYCLABLE):
    /// <c>netmem_is_net_iov(m) || (page_ref_count(m) == 1 &amp;&amp; !page_is_pfmemalloc(m))</c>.
    /// </summary>
    static abstract bool Recyclable(PagePool pool, Netmem m);
}

/// <summary>
/// Every managed dispatch style, in the order the matrix lists them. Adding a style is a struct in
/// this file and its line here: the matrix (<see cref="ManagedKernels"/>), the kernels' IDs and the
/// opening of its kernels follow from the line.
/// </summary>
public static class DispatchStyles
{
    /// <param name="Name">The style's name in IDs: <c>managed/&lt;case&gt;/&lt;name&gt;/provider-…</c>.</param>
    /// <param name="NativeTwin">Whether the native kernels have this style (else it is a managed-only shape).</param>
    /// <param name="ReachesProvider">False for a style with no hook at all: it has no provider-on kernel.</param>
    /// <param name="StaticKey">Whether the style branches on the provider static key (a process has one key state).</param>
    /// <param name="Open">Its kernel of a case: the loop compiled for this style's struct.</param>
    /// <param name="Control">A control of contrasts (<c>null</c> or <c>detection</c>, its kernels' <c>contrast-control</c> tag), run by `bench cost` alone; null for a style.</param>
    public sealed record Style(string Name, bool NativeTwin, bool ReachesProvider, bool StaticKey, Func<ManagedKernelInfo, PagePool, ManagedKernel> Open,
        string? Control = null);

    public static IReadOnlyList<Style> All { get; } =
    [
        new("none", NativeTwin: true, ReachesProvider: false, StaticKey: false, ManagedKernels.PoolKernelOf<NoneDispatch>),
        new("ops", NativeTwin: true, ReachesProvider: true, StaticKey: false, ManagedKernels.PoolKernelOf<OpsDispatch>),
        new("ops-abstract", NativeTwin: false, ReachesProvider: true, StaticKey: false, ManagedKernels.PoolKernelOf<OpsAbstractDispatch>),
        new("ops-fnptr", NativeTwin: false, ReachesProvider: true, StaticKey: false, ManagedKernels.PoolKernelOf<OpsFnPtrDispatch>),
        new("if", NativeTwin: true, ReachesProvider: true, StaticKey: false, ManagedKernels.PoolKernelOf<IfDispatch>),
        new("static-key", NativeTwin: true, ReachesProvider: true, StaticKey: true, ManagedKernels.PoolKernelOf<StaticKeyDispatch>),
        new("static-key+ops", NativeTwin: true, ReachesProvider: true, StaticKey: true, ManagedKernels.PoolKernelOf<StaticKeyOpsDispatch>),
        new("indirect-call-wrapper", NativeTwin: true, ReachesProvider: true, StaticKey: false, ManagedKernels.PoolKernelOf<IndirectCallWrapperDispatch>),
        // the controls of contrasts, as the native styles.def has them: none under another name, and none plus one call per element
        new("none-copy", NativeTwin: true, ReachesProvider: false, StaticKey: false, ManagedKernels.PoolKernelOf<Renamed<NoneDispatch>>, Control: "null"),
        // none's own loop in a load context whose injected calls are one more: the call1 twins' call, in the same code (ManagedInjection)
        new("none+call", NativeTwin: true, ReachesProvider: false, StaticKey: false, ManagedKernels.PoolKernelOf<NoneDispatch>, Control: "detection"),
    ];

    /// <summary>The style named <paramref name="name"/>, or null.</summary>
    public static Style? Find(string name)
    {
        foreach (var s in All)
            if (s.Name == name)
                return s;
        return null;
    }
}

/// <summary>No hook at all: always the page allocator.</summary>
public struct NoneDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) => PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) => PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => m.PageRecyclable;
}

/// <summary><c>if (pool->mp_ops) pool->mp_ops->op(...)</c> with the ops as an interface: an interface call (which dynamic PGO may guard-devirtualize).</summary>
public struct OpsDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) => pool.MpOps is { } ops ? ops.AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) => pool.MpOps is { } ops ? ops.ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => (pool.MpOps is { } ops && ops.IsNetIov(pool, m)) || m.PageRecyclable;
}

/// <summary>The same through an abstract class: a virtual call through the method table.</summary>
public struct OpsAbstractDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) => pool.MpBase is { } ops ? ops.AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) => pool.MpBase is { } ops ? ops.ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => (pool.MpBase is { } ops && ops.IsNetIov(pool, m)) || m.PageRecyclable;
}

/// <summary>The same through a table of <c>delegate* managed</c> pointers: the C ops struct's exact shape.</summary>
public unsafe struct OpsFnPtrDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool)
    {
        var ops = pool.MpFnOps;
        return ops != null ? ops->AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m)
    {
        var ops = pool.MpFnOps;
        return ops != null ? ops->ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m)
    {
        var ops = pool.MpFnOps;
        return (ops != null && ops->IsNetIov(pool, m)) || m.PageRecyclable;
    }
}

/// <summary><c>if (unlikely(pool->mp_kind == MP_DMABUF)) ... else if (... IOURING) ...</c>: a kind field tested before direct calls.</summary>
public struct IfDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) =>
        pool.MpKind == MpKind.Dmabuf ? DmabufProvider.AllocNetmems(pool) :
        pool.MpKind == MpKind.Iouring ? IouringProvider.AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) =>
        pool.MpKind == MpKind.Dmabuf ? DmabufProvider.ReleaseNetmem(pool, m) :
        pool.MpKind == MpKind.Iouring ? IouringProvider.ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => m.IsNetIov || m.PageRecyclable;
}

/// <summary><c>if (static_branch_unlikely(&amp;key) &amp;&amp; pool->mp_priv) dmabuf(...)</c> (6.12's shape), the key a <c>static readonly bool</c>.</summary>
public struct StaticKeyDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) =>
        PagePoolStaticKey.Enabled && pool.MpPriv is not null ? DmabufProvider.AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) =>
        PagePoolStaticKey.Enabled && pool.MpPriv is not null ? DmabufProvider.ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => (PagePoolStaticKey.Enabled && m.IsNetIov) || m.PageRecyclable;
}

/// <summary><c>if (static_branch_unlikely(&amp;key) &amp;&amp; pool->mp_ops) pool->mp_ops->op(...)</c> (6.15's shape): the key, then the interface call.</summary>
public struct StaticKeyOpsDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) =>
        PagePoolStaticKey.Enabled && pool.MpOps is { } ops ? ops.AllocNetmems(pool) : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) =>
        PagePoolStaticKey.Enabled && pool.MpOps is { } ops ? ops.ReleaseNetmem(pool, m) : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => (PagePoolStaticKey.Enabled && pool.MpOps is { } ops && ops.IsNetIov(pool, m)) || m.PageRecyclable;
}

/// <summary>INDIRECT_CALL_1(): an explicit test for the likely target (a sealed type) and a direct call, else the interface call.</summary>
public struct IndirectCallWrapperDispatch : IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) => pool.MpOps is { } ops
        ? ops is DmabufOps dmabuf ? dmabuf.AllocNetmems(pool) : ops.AllocNetmems(pool)
        : PoolCommon.AllocPagesSlow(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) => pool.MpOps is { } ops
        ? ops is DmabufOps dmabuf ? dmabuf.ReleaseNetmem(pool, m) : ops.ReleaseNetmem(pool, m)
        : PoolCommon.ReleasePage(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => (pool.MpOps is { } ops && (ops is DmabufOps dmabuf ? dmabuf.IsNetIov(pool, m) : ops.IsNetIov(pool, m))) || m.PageRecyclable;
}

/// <summary>
/// The null control of contrasts: <typeparamref name="TStyle"/> under another name. A struct
/// instantiation of its own, so the JIT compiles its loops apart (<c>PoolKernels&lt;Renamed&lt;NoneDispatch&gt;&gt;</c>),
/// each hook the style's own, inlined: the same code at another address.
/// </summary>
public struct Renamed<TStyle> : IMpDispatch where TStyle : struct, IMpDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Netmem? Alloc(PagePool pool) => TStyle.Alloc(pool);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Release(PagePool pool, Netmem m) => TStyle.Release(pool, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Recyclable(PagePool pool, Netmem m) => TStyle.Recyclable(pool, m);
}
