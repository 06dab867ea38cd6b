using Bench.Core.Results;

namespace Bench.Core.Contrasts;

/// <summary>
/// A contrast as a comparison like any other: the reference's samples are the base, the
/// kernel's the head, both under the contrast's ID, so the gate's <see cref="Comparison.Comparer"/>
/// decides it with the same statistics, thresholds and Unknown. The two sides pair when both
/// kernels were sampled in one family (<see cref="BenchmarkResult.Family"/>) with the same launches
/// and placements; otherwise the contrast is unpaired, and says so.
/// </summary>
public static class ContrastSides
{
    public const string BaseRole = "reference", HeadRole = "kernel";

    /// <summary>Whether a contrast's two kernels pair in <paramref name="kernels"/>: one family, one shape of launches and placements.</summary>
    public static bool Pairs(BenchmarkResult kernel, BenchmarkResult reference) =>
        kernel.Family is { } f && reference.Family == f
        && kernel.SamplesPerLaunch.SequenceEqual(reference.SamplesPerLaunch)
        && SamePlacements(kernel.SamplesPerPlacement, reference.SamplesPerPlacement);

    /// <summary>
    /// The two sides of <paramref name="contrasts"/> (all paired, or all unpaired: <see cref="Pairs"/>) from the
    /// kernels' results: base = each reference under the contrast's ID, head = each kernel. Counts are left
    /// out, so cycles alone decide a cost; the counts go beside it.
    /// </summary>
    public static (ResultsDocument Base, ResultsDocument Head) Of(ResultsDocument kernels, IReadOnlyList<Contrast> contrasts, bool paired, string runId)
    {
        var byId = kernels.Benchmarks.ToDictionary(b => b.Id);
        BenchmarkResult As(string kernel, string id)
        {
            var r = byId[kernel];
            return r with { Id = id, Metrics = r.Metrics.Where(m => m.Key != MetricNames.Instructions).ToDictionary(m => m.Key, m => m.Value) };
        }
        string[] roles = [BaseRole, HeadRole];
        ResultsDocument Side(Func<Contrast, string> kernel, string role) => kernels with
        {
            Benchmarks = contrasts.Where(c => byId.ContainsKey(c.Kernel) && byId.ContainsKey(c.Reference)).Select(c => As(kernel(c), c.Id)).ToList(),
            Pairing = paired ? new PairingInfo(runId, role, roles) : null,
            Counting = null,
        };
        return (Side(c => c.Reference, BaseRole), Side(c => c.Kernel, HeadRole));
    }

    private static bool SamePlacements(IReadOnlyList<IReadOnlyList<int>>? a, IReadOnlyList<IReadOnlyList<int>>? b) =>
        (a is null && b is null) || (a is not null && b is not null && a.Count == b.Count && a.Zip(b).All(x => x.First.SequenceEqual(x.Second)));
}
