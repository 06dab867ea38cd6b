namespace Bench.Core.Running;

/// <summary>
/// How much to sample. Each benchmark gets <see cref="WarmupSamples"/> thrown
/// away, then <see cref="Rounds"/> blocks of <see cref="SamplesPerBlock"/> kept
/// samples; the benchmarks take turns block by block in a seeded shuffled order,
/// so a slow drift of the machine lands on all of them alike. Each block first
/// runs <see cref="DiscardedPerBlock"/> samples it throws away: switching
/// benchmarks may re-patch the static key and always cools caches.
/// </summary>
public sealed record RunProfile(string Name, int WarmupSamples, int Rounds, int SamplesPerBlock, int DiscardedPerBlock, double SampleTargetMilliseconds)
{
    /// <summary>For the gate and smoke runs: about 40 samples of about 1 ms each.</summary>
    public static RunProfile Quick { get; } = new("quick", 2, 8, 5, 1, 1.0);

    /// <summary>For people: 100 samples of about 2 ms each.</summary>
    public static RunProfile Default { get; } = new("default", 3, 20, 5, 1, 2.0);

    public int SamplesPerBenchmark => Rounds * SamplesPerBlock;

    /// <summary>The profile with at least <paramref name="samples"/> kept samples (whole blocks).</summary>
    public RunProfile WithSamples(int samples)
    {
        if (samples < 2)
            throw BenchException.Usage($"--samples {samples}: a benchmark needs at least 2 samples.");
        return this with { Rounds = (samples + SamplesPerBlock - 1) / SamplesPerBlock };
    }
}
