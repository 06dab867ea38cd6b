using Bench.Core.Results;

namespace Bench.Core.Gating.Samplers;

/// <summary>
/// One round of measuring: both arms of an interleaved run, or head alone (Base null) against a
/// stored baseline; and the benchmarks only one side has (the comparison lists them as removed or added).
/// </summary>
public sealed record Measured(ResultsDocument? Base, ResultsDocument Head)
{
    public IReadOnlyList<string> OnlyInBase { get; init; } = [];
    public IReadOnlyList<string> OnlyInHead { get; init; } = [];
}

/// <summary>
/// Where the gate's samples come from: the one seam between deciding and measuring. The gate
/// asks for a first round of everything, then for more rounds of what stays Unknown; an
/// implementation runs native workers, an interleaved A/B, a callgrind count, or (in tests)
/// seeded synthetic data.
/// </summary>
public interface ISampler
{
    /// <summary>Whether another round can change a verdict: an exact count measured again gives the same count.</summary>
    bool Resamples { get; }

    /// <summary>
    /// Measures <paramref name="ids"/> (null: everything selected) in round <paramref name="round"/> (0: the first),
    /// with the loop counts given for some benchmarks (a rerun keeps its first round's), over
    /// <paramref name="launchFactor"/> times the profile's launches (a rerun of a few benchmarks can afford more);
    /// once <paramref name="stopLaunching"/> says so, no further launch starts (each kind keeps at least one).
    /// </summary>
    Measured Measure(IReadOnlyList<string>? ids, int round, IReadOnlyDictionary<string, ulong>? loops, int launchFactor = 1, Func<bool>? stopLaunching = null);
}
