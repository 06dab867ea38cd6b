namespace Bench.Benchmarks.Managed;

/// <summary>One managed kernel of the matrix: its permanent ID and what it measures.</summary>
/// <param name="Id">e.g. <c>managed/pp03-slow/static-key+ops/provider-on</c>.</param>
/// <param name="Style">Dispatch style; null for the baseline loops.</param>
/// <param name="Provider">true/false for page_pool cases; null for the baselines.</param>
public sealed record ManagedKernelInfo(string Id, string Case, string? Style, bool? Provider)
{
    /// <summary>The native kernel this one is the twin of, or null (the managed-only ops styles).</summary>
    public string? NativeTwinId => Style is not null && ManagedKernels.ManagedOnlyStyles.Contains(Style) ? null : "native/" + Id["managed/".Length..];
}

/// <summary>
/// An open managed kernel: a pool set up as the native session sets it up, and
/// its timed loop. <see cref="Close"/> checks the accounting and that the
/// dispatch reached the provider exactly when it should.
/// </summary>
public abstract class ManagedKernel
{
    protected ManagedKernel(ManagedKernelInfo info) => Info = info;

    public ManagedKernelInfo Info { get; }

    /// <summary>Runs <paramref name="loops"/> elements; returns how many ran (fewer only if the pool ran dry).</summary>
    public abstract ulong Run(ulong loops);

    /// <summary>The pool's counters; null for the baseline loops.</summary>
    public abstract PagePool? Pool { get; }

    /// <summary>Drains the pool; null when all is well, else what is wrong.</summary>
    public string? Close()
    {
        var pool = Pool;
        if (pool is null)
            return null;
        // Every case reaches the alloc slow path at least once (the first alloc finds cache and ring empty).
        var providerAllocs = pool.Provider.Allocs;
        var allocatorAllocs = pool.Allocator.Allocs;
        if (!pool.Destroy())
            return "page accounting failed: not every page came back to its owner";
        if (Info.Provider == true && (providerAllocs == 0 || allocatorAllocs != 0))
            return $"provider-on, yet the provider handed out {providerAllocs} pages and the page allocator {allocatorAllocs}: the dispatch did not reach the provider";
        if (Info.Provider == false && providerAllocs != 0)
            return $"provider-off, yet the provider handed out {providerAllocs} pages";
        return null;
    }
}

/// <summary>The managed matrix: IDs, and opening a kernel by ID.</summary>
public static class ManagedKernels
{
    public static readonly IReadOnlyList<string> Baselines = ["for_loop", "atomic_inc", "lock"];
    public static readonly IReadOnlyList<string> Cases = ["pp01-fast", "pp01-fast-niov", "pp02-ptr-ring", "pp03-slow", "dispatch"];

    /// <summary>The native styles but ops-retpoline (no CLR twin), plus the managed-only shapes of ops (<see cref="DispatchStyles"/>).</summary>
    public static IReadOnlyList<string> Styles => DispatchStyles.All.Select(s => s.Name).ToList();

    /// <summary>The styles with no native kernel: more shapes of ops.</summary>
    public static IReadOnlyList<string> ManagedOnlyStyles => DispatchStyles.All.Where(s => !s.NativeTwin).Select(s => s.Name).ToList();

    private static IReadOnlyList<ManagedKernelInfo>? s_all;

    /// <summary>
    /// Every kernel, built on first use: a worker loads this assembly afresh for every kernel it
    /// opens, and <see cref="Open"/> reads its one ID without building the list (about 1.7 ms of
    /// tier-0 code and allocation in every load context).
    /// </summary>
    public static IReadOnlyList<ManagedKernelInfo> All => s_all ??= Build();

    private static List<ManagedKernelInfo> Build()
    {
        var list = Baselines.Select(b => new ManagedKernelInfo($"managed/{b}", b, null, null)).ToList();
        foreach (var c in Cases)
            foreach (var s in DispatchStyles.All)
                foreach (var on in new[] { false, true })
                    if (s.ReachesProvider || !on)
                        list.Add(new ManagedKernelInfo($"managed/{c}/{s.Name}/provider-{(on ? "on" : "off")}", c, s.Name, on));
        return list;
    }

    /// <summary>The kernel of <paramref name="id"/>, read from the ID itself: one of <see cref="All"/>, or an error.</summary>
    public static ManagedKernelInfo Find(string id)
    {
        var parts = id.Split('/');
        if (parts is ["managed", var baseline] && Baselines.Contains(baseline))
            return new ManagedKernelInfo(id, baseline, null, null);
        if (parts is ["managed", var c, var s, "provider-off" or "provider-on"] && Cases.Contains(c) && DispatchStyles.Find(s) is { } style
            && (style.ReachesProvider || parts[3] == "provider-off"))
            return new ManagedKernelInfo(id, c, s, parts[3] == "provider-on");
        throw new ArgumentException($"no managed kernel '{id}'", nameof(id));
    }

    /// <summary>Sets up a kernel: the pool (refill 64, or 1 for dispatch), the key for the static-key styles, the ring pre-filled for pp02.</summary>
    public static ManagedKernel Open(string id)
    {
        var info = Find(id);
        // fixes the injection of this load context now, before any loop is compiled
        _ = ManagedInjection.Calls;
        if (info.Style is null)
            return new BaselineKernel(info);
        var style = DispatchStyles.Find(info.Style) ?? throw new ArgumentException($"unknown style '{info.Style}'", nameof(id));
        if (style.StaticKey)
            PagePoolStaticKey.Require(info.Provider == true);
        var pool = new PagePool(info.Provider == true ? MpKind.Dmabuf : MpKind.None, info.Case == "dispatch" ? 1u : PagePool.AllocCacheRefill);
        var kernel = style.Open(info, pool);
        if (info.Case == "pp02-ptr-ring" && !((PoolKernel)kernel).FillRing(PagePool.RingPrefill))
            throw new InvalidOperationException($"{id}: the ring could not be pre-filled");
        return kernel;
    }

    /// <summary>A kernel of a page_pool case in the style of <typeparamref name="TDispatch"/> (what a line of <see cref="DispatchStyles"/> opens).</summary>
    internal static ManagedKernel PoolKernelOf<TDispatch>(ManagedKernelInfo info, PagePool pool) where TDispatch : struct, IMpDispatch =>
        new PoolKernel<TDispatch>(info, pool);

    private abstract class PoolKernel(ManagedKernelInfo info) : ManagedKernel(info)
    {
        public abstract bool FillRing(uint n);
    }

    /// <summary>The case's loop is chosen once, at open: a call runs nothing but the loop.</summary>
    private sealed unsafe class PoolKernel<TDispatch>(ManagedKernelInfo info, PagePool pool) : PoolKernel(info)
        where TDispatch : struct, IMpDispatch
    {
        private readonly delegate*<PagePool, ulong, ulong> _loop = info.Case switch
        {
            "pp01-fast" => &PoolKernels<TDispatch>.RunFast,
            "pp01-fast-niov" => &PoolKernels<TDispatch>.RunFastNiov,
            "pp02-ptr-ring" => &PoolKernels<TDispatch>.RunRing,
            // the slow path returns every page to its owner; dispatch does so through a pool of refill 1
            "pp03-slow" or "dispatch" => &PoolKernels<TDispatch>.RunReturn,
            // a case added to Cases without its loop here is refused at open, never run as another case's loop
            _ => throw new ArgumentException($"{info.Id}: case '{info.Case}' has no loop in ManagedKernels.PoolKernel"),
        };

        public override PagePool Pool => pool;

        public override bool FillRing(uint n) => PoolKernels<TDispatch>.FillRing(pool, n);

        public override ulong Run(ulong loops) => _loop(pool, loops);
    }

    private sealed unsafe class BaselineKernel(ManagedKernelInfo info) : ManagedKernel(info)
    {
        private readonly delegate*<ulong, ulong> _loop = info.Case switch
        {
            "for_loop" => &BaselineKernels.ForLoop,
            "atomic_inc" => &BaselineKernels.AtomicInc,
            "lock" => &BaselineKernels.Lock,
            _ => throw new ArgumentException($"{info.Id}: baseline '{info.Case}' has no loop in ManagedKernels.BaselineKernel"),
        };

        public override PagePool? Pool => null;

        public override ulong Run(ulong loops) => _loop(loops);
    }
}
