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
public abstract class ManagedKernel : Bench.Suite.IBenchKernel
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

/// <summary>The timed loops of the page_pool cases (<see cref="PoolKernels{TDispatch}"/>), as the native kernels' run_&lt;loop&gt;.</summary>
public enum PoolLoop
{
    /// <summary>alloc, page_pool_recycle_direct()</summary>
    Fast,
    /// <summary>the same, with the net_iov-aware recycle test</summary>
    FastNiov,
    /// <summary>alloc, page_pool_put_page(.., false): into the ring</summary>
    Ring,
    /// <summary>alloc, get_page() so it cannot be recycled, put: every page back to its owner</summary>
    Return,
}

/// <summary>
/// A page_pool case, as a line of the native kernels' <c>cases.def</c>: its name in IDs
/// (permanent), its timed loop, the pool's refill and the pages put into the ring before the
/// first sample.
/// </summary>
public sealed record PoolCase(string Name, PoolLoop Loop, uint Refill, uint RingPrefill);

/// <summary>The managed matrix: IDs, and opening a kernel by ID.</summary>
public static class ManagedKernels
{
    public static readonly IReadOnlyList<string> Baselines = ["for_loop", "atomic_inc", "lock"];

    /// <summary>Every page_pool case, in the order of the native <c>cases.def</c>: adding a case is a line here (and, for new work per element, its loop).</summary>
    public static readonly IReadOnlyList<PoolCase> PoolCases =
    [
        new("pp01-fast", PoolLoop.Fast, PagePool.AllocCacheRefill, 0),
        new("pp01-fast-niov", PoolLoop.FastNiov, PagePool.AllocCacheRefill, 0),
        new("pp02-ptr-ring", PoolLoop.Ring, PagePool.AllocCacheRefill, PagePool.RingPrefill),
        new("pp03-slow", PoolLoop.Return, PagePool.AllocCacheRefill, 0),
        // pp03-slow with a refill of one, so both provider dispatch sites run on every element
        new("dispatch", PoolLoop.Return, 1, 0),
    ];

    /// <summary>The cases' names, in order.</summary>
    public static IReadOnlyList<string> Cases => PoolCases.Select(c => c.Name).ToList();

    private static PoolCase? CaseNamed(string name) => PoolCases.FirstOrDefault(c => c.Name == name);

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
        if (parts is ["managed", var c, var s, "provider-off" or "provider-on"] && CaseNamed(c) is not null && DispatchStyles.Find(s) is { } style
            && (style.ReachesProvider || parts[3] == "provider-off"))
            return new ManagedKernelInfo(id, c, s, parts[3] == "provider-on");
        throw new ArgumentException($"no managed kernel '{id}'", nameof(id));
    }

    /// <summary>Sets up a kernel: the pool with its case's refill, the key for the static-key styles, the ring pre-filled where its case says.</summary>
    public static ManagedKernel Open(string id)
    {
        var info = Find(id);
        var style = info.Style is null ? null : DispatchStyles.Find(info.Style) ?? throw new ArgumentException($"unknown style '{info.Style}'", nameof(id));
        // the call control runs none's loop with one more injected call: said before the injection is fixed
        if (style?.Control == "detection")
            ContrastCall.Extra = 1;
        // fixes the injection of this load context now, before any loop is compiled
        _ = ManagedInjection.Calls;
        if (ManagedInjection.ContrastExtra != (style?.Control == "detection" ? 1 : 0))
            throw new InvalidOperationException($"{id}: the call control of contrasts and the other kernels each need a load context of their own " +
                                                "(as Bench's workers give every kernel): this one was already fixed by another kernel's injection");
        if (style is null)
            return new BaselineKernel(info);
        if (style.StaticKey)
            PagePoolStaticKey.Require(info.Provider == true);
        var poolCase = CaseNamed(info.Case) ?? throw new ArgumentException($"unknown case '{info.Case}'", nameof(id));
        var pool = new PagePool(info.Provider == true ? MpKind.Dmabuf : MpKind.None, poolCase.Refill);
        var kernel = style.Open(info, pool);
        if (poolCase.RingPrefill > 0 && !((PoolKernel)kernel).FillRing(poolCase.RingPrefill))
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
        private readonly delegate*<PagePool, ulong, ulong> _loop = CaseNamed(info.Case)?.Loop switch
        {
            PoolLoop.Fast => &PoolKernels<TDispatch>.RunFast,
            PoolLoop.FastNiov => &PoolKernels<TDispatch>.RunFastNiov,
            PoolLoop.Ring => &PoolKernels<TDispatch>.RunRing,
            PoolLoop.Return => &PoolKernels<TDispatch>.RunReturn,
            // a loop added to PoolLoop without its code here is refused at open, never run as another case's loop
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
