using Bench.Suite;

namespace Bench.Benchmarks.Managed;

/// <summary>
/// The managed twins through the suite contract: Bench loads them as it loads any suite's
/// assembly, by this catalog. Each kernel's tags are its case, its style and its provider
/// (<c>on</c>/<c>off</c>), as the native kernels' registry gives them.
/// </summary>
public sealed class PagePoolCatalog : IBenchKernelCatalog
{
    private const string Prefix = "managed/";

    public IReadOnlyList<BenchKernelDescription> Kernels =>
        ManagedKernels.All.Select(k => new BenchKernelDescription(k.Id[Prefix.Length..], Tags(k), k.Style is null ? "one loop iteration" : "one page allocated and given back")).ToList();

    /// <summary>Opens one twin: the same as <see cref="ManagedKernels.Open"/>, which reads its ID without building the list.</summary>
    public IBenchKernel Open(string id) => ManagedKernels.Open(Prefix + id);

    private static string Tags(ManagedKernelInfo k) =>
        $"case={k.Case}" + (k.Style is null ? "" : $" style={k.Style}") + (k.Provider is { } on ? $" provider={(on ? "on" : "off")}" : "")
        + (k.Style is not null && DispatchStyles.Find(k.Style)?.Control is { } control ? $" contrast-control={control}" : "");
}
