using Bench.Core.Running;

namespace Bench.Core.Gating.Samplers;

/// <summary>Head's instruction counts alone (no timing): for a baseline from another machine of the same toolchain.</summary>
public sealed class CountSampler(string library, IReadOnlyList<string> filters, IProgress<RunProgress>? progress) : ISampler
{
    /// <summary>Counts are exact: measuring them again tells nothing new.</summary>
    public bool Resamples => false;

    public (int Native, int Managed) ProfileLaunches => (1, 1);

    public Measured Measure(Batch batch) =>
        new(null, PhaseClock.Run(batch.Clock, PhaseClock.Count, () => Counting.BenchCount.Execute(batch.Ids ?? filters, cacheSim: false, progress, library)));
}
