using Bench.Benchmarks.Managed;

namespace Bench.Tests.TestSupport;

/// <summary>
/// The size of the page_pool matrix, from where its styles are defined (styles.def for C, DispatchStyles for C#),
/// so that adding a style stays one place per language and the tests follow it.
/// </summary>
internal static class Matrix
{
    private const int Baselines = 3;
    private const int Cases = 5;

    private static readonly string[] StyleLines = File.ReadLines(Path.Combine(RepoRoot.Path, "Benchmarks", "Native", "src", "styles.def"))
        .Where(l => l.StartsWith("BENCH_STYLE(", StringComparison.Ordinal)).ToArray();

    /// <summary>The native styles: the BENCH_STYLE lines of styles.def but the controls of contrasts (the first, none, has no hook, so no provider-on kernel).</summary>
    public static int NativeStyles { get; } = StyleLines.Count(l => !l.Contains("_CONTROL)", StringComparison.Ordinal));

    /// <summary>The controls of contrasts among them (provider-off only, `bench cost`'s alone).</summary>
    public static int NativeControls { get; } = StyleLines.Length - NativeStyles;

    /// <summary>The native kernels run, ab and gate take (unavailable ones included): 68 in this tree.</summary>
    public static int NativeKernels => Baselines + Cases * (1 + 2 * (NativeStyles - 1));

    /// <summary>Every native kernel the registry lists, the controls of contrasts included.</summary>
    public static int NativeKernelsWithControls => NativeKernels + Cases * NativeControls;

    /// <summary>The managed twins run, ab and gate take: each style's provider-off kernel, and its provider-on one where it reaches a provider.</summary>
    public static int ManagedKernels => Baselines + Cases * DispatchStyles.All.Where(s => s.Control is null).Sum(s => s.ReachesProvider ? 2 : 1);

    /// <summary>Every twin the assembly lists, the controls of contrasts included.</summary>
    public static int ManagedKernelsWithControls => ManagedKernels + Cases * DispatchStyles.All.Count(s => s.Control is not null);
}
