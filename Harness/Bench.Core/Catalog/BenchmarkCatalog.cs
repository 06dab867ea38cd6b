using Bench.Suite.Host;
using Bench.Core.Running.Dotnet;

namespace Bench.Core.Catalog;

/// <summary>Every benchmark this build can name, in a stable order.</summary>
public sealed class BenchmarkCatalog(IReadOnlyList<BenchmarkDescriptor> benchmarks)
{
    public IReadOnlyList<BenchmarkDescriptor> All { get; } = benchmarks;

    public static BenchmarkCatalog FromNative(IEnumerable<KernelInfo> kernels) => new(Native(kernels).ToList());

    private static IEnumerable<BenchmarkDescriptor> Native(IEnumerable<KernelInfo> kernels) =>
        kernels.Select(k => new BenchmarkDescriptor(k.Id, "native", k.Case, k.Style, BenchmarkDescriptor.ProviderName(k.Provider), k.Available, k.UnavailableReason));

    /// <summary>
    /// What `bench run` and the gate can run: each native kernel followed by its
    /// managed twin (tiered PGO on, then off) and, with <paramref name="crossCheck"/>,
    /// by the same native kernel timed by BenchmarkDotNet; the managed-only ops
    /// shapes follow the managed ops twin of their case and provider state.
    /// </summary>
    public static BenchmarkCatalog ForRun(IEnumerable<KernelInfo> kernels, bool crossCheck = false) =>
        ForRun(kernels, Suites.Suite.Current.ManagedKernels, crossCheck);

    /// <summary>
    /// The native kernels, each followed by its managed twin (<c>managed/</c> + the ID after <c>native/</c>, or
    /// + the whole ID of a suite's kernel) and, after an ops twin, the managed-only shapes of its case and provider;
    /// then every managed kernel without a native twin. Each managed kernel also runs with tiered PGO off.
    /// </summary>
    public static BenchmarkCatalog ForRun(IEnumerable<KernelInfo> kernels, IReadOnlyList<KernelInfo> managed, bool crossCheck)
    {
        var list = new List<BenchmarkDescriptor>();
        // the controls of contrasts are `bench cost`'s alone
        kernels = kernels.Where(k => k.ContrastControl is null);
        managed = managed.Where(m => m.ContrastControl is null).ToList();
        var native = Native(kernels).ToList();
        var nativeIds = native.Select(n => n.Id).ToHashSet();
        var managedById = managed.ToDictionary(m => m.Id);
        bool HasNativeTwin(KernelInfo m) => nativeIds.Contains(NativeTwinOf(m.Id));
        void AddManaged(KernelInfo m)
        {
            foreach (var id in new[] { m.Id, m.Id + DotnetIds.PgoOffSuffix })
                list.Add(new BenchmarkDescriptor(id, "managed", m.Case, m.Style, BenchmarkDescriptor.ProviderName(m.Provider), m.Available, m.UnavailableReason));
        }
        foreach (var n in native)
        {
            list.Add(n);
            if (managedById.TryGetValue(ManagedTwinOf(n.Id), out var twin))
            {
                AddManaged(twin);
                if (twin.Style == "ops")
                    foreach (var only in managed.Where(m => !HasNativeTwin(m) && m.Case == twin.Case && m.Provider == twin.Provider && m.Style != twin.Style))
                        AddManaged(only);
            }
            // BenchmarkDotNet's cross-check runs Bench's own kernels (native/...) only
            if (crossCheck && n.Available && BenchmarkId.Parse(n.Id).Prefixed)
                list.Add(n with { Id = n.Id + DotnetIds.BdnSuffix });
        }
        // a managed kernel whose native twin this library lacks still runs
        foreach (var m in managed.Where(m => !list.Any(d => d.Id == m.Id)))
            AddManaged(m);
        return new BenchmarkCatalog(list);
    }

    /// <summary>The managed twin's ID of a native kernel: native/x -> managed/x; a suite's lookup/x -> managed/lookup/x.</summary>
    public static string ManagedTwinOf(string nativeId) => BenchmarkId.Parse(nativeId).As(BenchmarkId.Managed, prefixNative: true).Text;

    /// <summary>The native twin's ID of a managed kernel (the inverse of <see cref="ManagedTwinOf"/> for either kind of suite).</summary>
    private static string NativeTwinOf(string managedId) =>
        BenchmarkId.Parse(managedId).As(BenchmarkId.Native, prefixNative: Suites.Suite.Current.Manifest is null).Text;

    public static BenchmarkCatalog ForGate(IEnumerable<KernelInfo> kernels) =>
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
