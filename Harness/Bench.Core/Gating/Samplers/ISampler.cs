using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Gating.Samplers;

/// <summary>
/// One batch of measuring: both arms of an interleaved run, or head alone (Base null) against a
/// stored baseline; and the benchmarks only one side has (the comparison lists them as removed or added).
/// </summary>
public sealed record Measured(ResultsDocument? Base, ResultsDocument Head)
{
    public IReadOnlyList<string> OnlyInBase { get; init; } = [];
    public IReadOnlyList<string> OnlyInHead { get; init; } = [];
}

/// <summary>
/// What one look's batch measures: <see cref="Ids"/> (null: everything selected) over
/// <see cref="NativeLaunches"/> launches of the native kernels and <see cref="ManagedLaunches"/> of the
/// managed ones, with the loop counts of the benchmarks measured before (every batch runs a
/// benchmark's first loop count).
/// </summary>
/// <param name="Look">0 for the first batch (which also probes the CPUs and counts instructions).</param>
public sealed record Batch(int Look, IReadOnlyList<string>? Ids, int NativeLaunches, int ManagedLaunches)
{
    public IReadOnlyDictionary<string, ulong>? Loops { get; init; }

    /// <summary>Asked before every launch but a part's first: once true, no further launch starts (the gate's wall time).</summary>
    public Func<bool>? StopLaunching { get; init; }

    /// <summary>Where the batch's time goes; null: not kept.</summary>
    public PhaseClock? Clock { get; init; }

    /// <summary>The profile with this batch's launches.</summary>
    public RunProfile Apply(RunProfile profile) => profile with { Launches = NativeLaunches, ManagedLaunches = ManagedLaunches };

    /// <summary>The request as this batch runs it: its launches, a seed of its own, its clock.</summary>
    public RunRequest Apply(RunRequest request) =>
        request with { Profile = Apply(request.Profile), Seed = request.Seed + Look, Clock = Clock };
}

/// <summary>
/// Where the gate's samples come from: the one seam between deciding and measuring. The gate
/// asks for a batch of everything, then for more batches of what is still undecided
/// (<see cref="LookPlan"/>); an implementation runs native workers, an interleaved A/B, a
/// callgrind count, or (in tests) seeded synthetic data.
/// </summary>
public interface ISampler
{
    /// <summary>Whether another batch can change a verdict: an exact count measured again gives the same count.</summary>
    bool Resamples { get; }

    /// <summary>The launches of the sampler's profile, native and managed: what <see cref="LookPlan"/> scales its looks by.</summary>
    (int Native, int Managed) ProfileLaunches { get; }

    Measured Measure(Batch batch);
}
