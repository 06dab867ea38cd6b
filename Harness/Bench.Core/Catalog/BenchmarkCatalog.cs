using Bench.Benchmarks.Managed;
using Bench.Benchmarks.Native;
using Bench.Core.Running.Dotnet;

namespace Bench.Core.Catalog;

/// <summary>Every benchmark this build can name, in a stable order.</summary>
public sealed class BenchmarkCatalog(IReadOnlyList<BenchmarkDescriptor> benchmarks)
{
    public IReadOnlyList<BenchmarkDescriptor> All { get; } = benchmarks;

    public static BenchmarkCatalog FromNative(IEnumerable<NativeKernelInfo> kernels) => new(Native(kernels).ToList());

    private static IEnumerable<BenchmarkDescriptor> Native(IEnumerable<NativeKernelInfo> kernels) =>
        kernels.Select(k => new BenchmarkDescriptor(k.Id, "native", k.Case, k.Style, BenchmarkDescriptor.ProviderName(k.Provider), k.Available, k.UnavailableReason));

    /// <summary>
    /// What `bench run` and the gate can run: each native kernel followed by its
    /// managed twin (tiered PGO on, then off) and, with <paramref name="crossCheck"/>,
    /// by the same native kernel timed by BenchmarkDotNet; the managed-only ops
    /// shapes follow the managed ops twin of their case and provider state.
    /// </summary>
    public static BenchmarkCatalog ForRun(IEnumerable<NativeKernelInfo> kernels, bool crossCheck = false)
    {
        var list = new List<BenchmarkDescriptor>();
        var native = Native(kernels).ToList();
        var nativeIds = native.Select(n => n.Id).ToHashSet();
        var managed = ManagedKernels.All;
        void AddManaged(ManagedKernelInfo m)
        {
            foreach (var id in new[] { m.Id, m.Id + DotnetIds.PgoOffSuffix })
                list.Add(new BenchmarkDescriptor(id, "managed", m.Case, m.Style, BenchmarkDescriptor.ProviderName(m.Provider), true, null));
        }
        foreach (var n in native)
        {
            list.Add(n);
            var twin = managed.FirstOrDefault(m => m.NativeTwinId == n.Id);
            if (twin is not null)
            {
                AddManaged(twin);
                if (twin.Style == "ops")
                    foreach (var only in managed.Where(m => m.NativeTwinId is null && m.Case == twin.Case && m.Provider == twin.Provider))
                        AddManaged(only);
            }
            if (crossCheck && n.Available)
                list.Add(n with { Id = n.Id + DotnetIds.BdnSuffix });
        }
        // a managed kernel whose native twin this library lacks still runs
        foreach (var m in managed.Where(m => !list.Any(d => d.Id == m.Id)))
            AddManaged(m);
        return new BenchmarkCatalog(list);
    }

    /// <summary>
    /// What the gate and `bench ab` judge: each native kernel followed by its managed twins as the
    /// runtime runs them by default (tiered PGO on). The <c>@pgo-off</c> series and the
    /// BenchmarkDotNet cross-check are for `bench run`.
    /// </summary>
    public static BenchmarkCatalog ForGate(IEnumerable<NativeKernelInfo> kernels) =>
        new(ForRun(kernels).All.Where(b => !b.Id.Contains('@')).ToList());

    /// <summary>The benchmarks the filter selects; a glob that selects nothing is a usage error (a typo, most likely).</summary>
    public IReadOnlyList<BenchmarkDescriptor> Select(BenchmarkFilter filter)
    {
        var unmatched = filter.Unmatched(All.Select(b => b.Id));
        if (unmatched.Count > 0)
            throw BenchException.Usage(
                $"no benchmark matches {string.Join(", ", unmatched.Select(g => $"'{g}'"))}. `bench list` shows every ID; " +
                "'*' matches any characters, '/' included (quote the glob in the shell).");
        return All.Where(b => filter.Matches(b.Id)).ToList();
    }
}
