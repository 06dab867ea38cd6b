using Bench.Core.Running;

namespace Bench.Core.Gating.Samplers;

/// <summary>Head's instruction counts alone (no timing): for a baseline from another machine of the same toolchain.</summary>
public sealed class CountSampler(string library, IReadOnlyList<string> filters, IProgress<RunProgress>? progress) : ISampler
{
    /// <summary>Counts are exact: measuring them again tells nothing new.</summary>
    public bool Resamples => false;

    public Measured Measure(IReadOnlyList<string>? ids, int round, IReadOnlyDictionary<string, ulong>? loops, int launchFactor = 1,
        Func<bool>? stopLaunching = null) =>
        new(null, Counting.BenchCount.Execute(ids ?? filters, cacheSim: false, progress, library));
}
