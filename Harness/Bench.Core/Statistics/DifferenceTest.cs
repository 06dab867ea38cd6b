using Perfolizer;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.Multimodality;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;

namespace Bench.Core.Statistics;

/// <summary>The Perfolizer tests the comparison uses, with their conventions pinned in one place.</summary>
public static class DifferenceTest
{
    /// <summary>
    /// Perfolizer's two one-sided Mann-Whitney tests against an absolute
    /// threshold: Greater when head exceeds base + threshold at level
    /// <paramref name="alpha"/>, Lesser when head is below base - threshold,
    /// else Indistinguishable (which is not proof of equivalence).
    /// Convention: samples are unitless and the threshold a plain number in the
    /// samples' unit (cycles): a unitless threshold on samples with a unit is
    /// silently ignored by Perfolizer, and a time threshold on unitless samples throws.
    /// </summary>
    public static ComparisonResult Unpaired(IReadOnlyList<double> head, IReadOnlyList<double> @base, double threshold, double alpha)
    {
        var test = new SimpleEquivalenceTest(MannWhitneyTest.Instance);
        return test.Perform(new Sample(head.ToArray()), new Sample(@base.ToArray()),
            new Threshold(NumberValue.Of(threshold)), new SignificanceLevel(alpha));
    }

    /// <summary>Where each mode Perfolizer's Lowland detector finds is centred (one entry: unimodal).</summary>
    public static IReadOnlyList<double> Modes(IReadOnlyList<double> values)
    {
        // the detector needs two distinct values; fewer than 10 points cannot show a second mode anyway
        if (values.Count < 10 || values.Distinct().Take(2).Count() < 2)
            return [values.Count == 0 ? 0 : SampleSummary.Of(values.ToList()).Median];
        return LowlandModalityDetector.Instance.DetectModes(new Sample(values.ToArray())).Modes.Select(m => m.Location).ToList();
    }
}
