namespace Bench.Core.Running;

/// <summary>
/// How much to sample. The run is split over <see cref="Launches"/> worker
/// processes, because some effects hold for the life of a process: even with the
/// kernels' data and stack placed at fixed page offsets, a kernel now and then
/// runs at another speed for a whole process (seen here: dispatch with the
/// indirect-call wrapper at 14.3 cycles(tsc) in four launches, 25.4 in the
/// fifth). One process is one draw, so a run takes several. In each launch a
/// benchmark gets <see cref="WarmupSamples"/> thrown away, then
/// <see cref="RoundsPerLaunch"/> blocks of <see cref="SamplesPerBlock"/> kept
/// samples; the benchmarks take turns block by block in a seeded shuffled
/// order, so a drift of the machine lands on all of them alike. Each block first
/// runs <see cref="DiscardedPerBlock"/> samples it throws away: switching
/// benchmarks may re-patch the static key and always cools caches.
/// <para>
/// The managed twins run in the same pinned workers, in <see cref="ManagedLaunches"/> launches of
/// their own (every launch opens, and brings to tier-1 code, every managed kernel it runs).
/// </para>
/// </summary>
public sealed record RunProfile(
    string Name, int Launches, int WarmupSamples, int RoundsPerLaunch, int SamplesPerBlock, int DiscardedPerBlock, double SampleTargetMilliseconds)
{
    /// <summary>
    /// For the gate and smoke runs: 30 samples of about 0.25 ms from each of 32 processes. The
    /// launch is the unit of evidence (a 99 % signed-rank interval needs 8 at the least), and on
    /// this project's VM the machine changes state every few ms: a sample of 0.25 ms costs a
    /// quarter of one of 1 ms and is as informative, so many short samples from many cheap
    /// processes buy the most decisions per second (measured: A/A on the noisiest kernels 97 %
    /// Same with 32 launches of 0.25 ms, 90 % with 32 of 1 ms, 68 % with 16 of 1 ms).
    /// </summary>
    public static RunProfile Quick { get; } = new("quick", 32, 2, 6, 5, 1, 0.25) { ManagedLaunches = 16, BdnLaunches = 2, Placements = 2 };

    /// <summary>For people: 50 samples of about 0.5 ms from each of 32 processes.</summary>
    public static RunProfile Default { get; } = new("default", 32, 3, 10, 5, 1, 0.5) { ManagedLaunches = 32, BdnLaunches = 3, Placements = 2 };

    /// <summary>
    /// Placements a side per launch in a paired run (`ab`, `gate`): native layouts drawn from
    /// <see cref="NativeLayouts"/> of each build, and load contexts of the managed twins. 1: the
    /// build's own layout and one load context, as an unpaired run always has.
    /// </summary>
    public int Placements { get; init; } = 1;

    /// <summary>The most placements a side a launch may take.</summary>
    public const int MaxPlacements = 8;

    /// <summary>Layout variants of each side's native build that the placements are drawn from.</summary>
    public int NativeLayouts { get; init; } = Running.NativeLayouts.DefaultCount;

    /// <summary>Worker launches for the managed twins (BenchmarkDotNet processes per benchmark with --thorough: 3).</summary>
    public int ManagedLaunches { get; init; } = 1;

    /// <summary>BenchmarkDotNet processes per benchmark of the cross-check (<c>native/...@bdn</c>), each the quick job's warm-up and 10 iterations.</summary>
    public int BdnLaunches { get; init; } = 1;

    /// <summary>
    /// This profile as the managed twins' launches run it: <see cref="ManagedLaunches"/> launches of
    /// the same rounds. A managed launch costs mostly its settle (every kernel of every placement
    /// brought to tier-1 code: 3.3 s a launch with 2 placements a side), its samples little (0.7 s).
    /// Fewer launches of more samples do not pay: in A/A with 2 placements a side, 12 launches of
    /// 30 samples a placement left 20 twins Unknown where 16 launches of 10 to 15 left 3 to 15, because
    /// a launch now and then draws a placement 5 to 20 cycles(tsc) off (layout spreads measured up
    /// to 20), and the signed-rank interval over 12 launches cannot set such a launch aside.
    /// </summary>
    public RunProfile ForManaged() => this with { Launches = ManagedLaunches };

    /// <summary>
    /// The profile as a paired run of <see cref="Placements"/> placements a side takes it: the rounds
    /// are shared out among the placements (each runs in every tuple), so a launch costs about
    /// what one placement's did and each placement gets 1/K of its samples. Within one placement
    /// the samples agree far better than placements do, so K placements of n/K samples give a
    /// launch a steadier value than one of n (<see cref="Statistics.PlacementVariance"/>).
    /// </summary>
    public RunProfile Placed() => Placements <= 1 ? this : this with { RoundsPerLaunch = Math.Max(1, (RoundsPerLaunch + Placements - 1) / Placements) };

    public int SamplesPerBenchmark => Launches * RoundsPerLaunch * SamplesPerBlock;

    /// <summary>The profile with at least <paramref name="samples"/> kept samples (whole blocks, spread over the launches).</summary>
    public RunProfile WithSamples(int samples)
    {
        if (samples < 2)
            throw BenchException.Usage($"--samples {samples}: a benchmark needs at least 2 samples.");
        var perLaunch = SamplesPerBlock * Launches;
        return this with { RoundsPerLaunch = (samples + perLaunch - 1) / perLaunch };
    }

    /// <summary>The profile with <paramref name="launches"/> worker processes, for native and managed kernels alike.</summary>
    public RunProfile WithLaunches(int launches) => launches >= 1
        ? this with { Launches = launches, ManagedLaunches = launches }
        : throw BenchException.Usage($"--launches {launches}: at least one worker process is needed.");
}
