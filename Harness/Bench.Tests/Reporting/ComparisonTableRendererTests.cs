using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.Reporting;
using Bench.Tests.TestSupport;
using static Bench.Tests.TestSupport.SampleDocuments;

namespace Bench.Tests.Reporting;

public class ComparisonTableRendererTests
{
    /// <summary>A fixed comparison: every verdict kind, decided by the real comparer on seeded samples.</summary>
    private static ComparisonDocument Sample()
    {
        var b = Noisy(5.5, 0.05, 100, 1);
        var (@base, head) = Paired(
            With(Samples("native/pp01-fast/ops/provider-off", b), Samples("native/dispatch/ops/provider-on", Noisy(14, 0.1, 100, 2)),
                Samples("native/pp02-ptr-ring/if/provider-on", Noisy(18.8, 0.1, 100, 3)), Samples("native/gone/x/provider-off", Noisy(1, 0.1, 100, 4))),
            With(Samples("native/pp01-fast/ops/provider-off", b.Select(v => v + 1).ToArray()), Samples("native/dispatch/ops/provider-on", Noisy(14, 3, 100, 5)),
                Samples("native/pp02-ptr-ring/if/provider-on", Noisy(18.8, 0.1, 100, 3).Select(v => v + 0.01).ToArray()),
                Samples("native/<b>new</b>/x/provider-off", Noisy(1, 0.1, 100, 6))));
        var side = new ComparedSide("main", null, "abc", DateTimeOffset.UnixEpoch, "Test CPU");
        var doc = new Comparer(GateConfigFile.Default).Compare(@base, head, side, side with { Label = "pr" }) with { CreatedUtc = DateTimeOffset.UnixEpoch };
        return doc with { Gate = GatePolicy.Decide(doc) };
    }

    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Render_IsStableUnderAnyCulture(string culture)
    {
        Golden.AssertMatchesInCulture(culture, "comparison-table.txt", () => ComparisonTableRenderer.Render(Sample()));
    }
}
