using Bench.Benchmarks.Native;

namespace Bench.Core.Catalog;

/// <summary>Every benchmark this build can name, in a stable order.</summary>
public sealed class BenchmarkCatalog(IReadOnlyList<BenchmarkDescriptor> benchmarks)
{
    public IReadOnlyList<BenchmarkDescriptor> All { get; } = benchmarks;

    public static BenchmarkCatalog FromNative(IEnumerable<NativeKernelInfo> kernels) =>
        new(kernels.Select(k => new BenchmarkDescriptor(k.Id, "native", k.Case, k.Style,
            BenchmarkDescriptor.ProviderName(k.Provider), k.Available, k.UnavailableReason)).ToList());

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
