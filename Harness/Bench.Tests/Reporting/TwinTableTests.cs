using Bench.Core.Comparison;
using Bench.Core.Reporting;

namespace Bench.Tests.Reporting;

public class TwinTableTests
{
    private static BenchmarkComparison Row(string id, Verdict v, double? shift = null) => new() { Id = id, Verdict = v, Reason = "r", Shift = shift };

    [Fact]
    public void Sort_WithinAVerdict_EachNativeKernelIsFollowedByItsTwins()
    {
        var rows = VerdictOrder.Sort(
        [
            Row("managed/pp01-fast/ops/provider-on", Verdict.Same),
            Row("native/pp01-fast/if/provider-on", Verdict.Same),
            Row("managed/pp01-fast/ops/provider-on@pgo-off", Verdict.Same),
            Row("native/pp01-fast/ops/provider-on", Verdict.Same),
            Row("managed/for_loop", Verdict.Slower),
            Row("native/for_loop", Verdict.Same),
            Row("managed/for_loop", Verdict.Same),
        ]);
        Assert.Equal(
        [
            "managed/for_loop", // the slower one first, whatever its implementation
            "native/for_loop", "managed/for_loop",
            "native/pp01-fast/if/provider-on",
            "native/pp01-fast/ops/provider-on", "managed/pp01-fast/ops/provider-on", "managed/pp01-fast/ops/provider-on@pgo-off",
        ], rows.Select(r => r.Id));
    }

    [Fact]
    public void Of_OneLinePerKernel_AColumnPerImplementationPresent()
    {
        var (columns, rows) = TwinTable.Of(
        [
            Row("native/pp01-fast/ops/provider-on", Verdict.Same, 0.012),
            Row("managed/pp01-fast/ops/provider-on", Verdict.Slower, 2.16),
            Row("native/for_loop", Verdict.Same, 0),
            Row("managed/pp01-fast/ops-fnptr/provider-on", Verdict.Unknown),
        ]);
        Assert.Equal(["native", "managed"], columns);
        // kernels in the order the comparison lists them (the run's order)
        Assert.Equal(["pp01-fast|ops|on", "for_loop|-|-", "pp01-fast|ops-fnptr|on"], rows.Select(r => $"{r.Case}|{r.Dispatch}|{r.Provider}"));
        Assert.Equal(["same +0.012", "slower +2.160"], rows[0].Cells.Select(TwinTable.Cell));
        Assert.Equal(["same 0.000", "-"], rows[1].Cells.Select(TwinTable.Cell));
        Assert.Equal(["-", "unknown"], rows[2].Cells.Select(TwinTable.Cell));
    }

    [Fact]
    public void Of_NativeOnly_IsEmpty() =>
        Assert.Empty(TwinTable.Of([Row("native/for_loop", Verdict.Same), Row("native/lock", Verdict.Same)]).Rows);
}
