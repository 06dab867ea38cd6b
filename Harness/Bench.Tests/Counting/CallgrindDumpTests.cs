using Bench.Core.Counting;

namespace Bench.Tests.Counting;

public class CallgrindDumpTests
{
    private const string Dump = """
        # callgrind format
        version: 1
        creator: callgrind-3.19.0
        cmd: bench-driver --filter native/for_loop
        part: 2
        events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
        fn=(1) bench_session_sample
        0 120 30 20 3 2 1 1 0 0
        summary: 1200 300 200 30 20 10 10 5 0
        totals: 1 1 1 1 1 1 1 1 1
        """;

    [Fact]
    public void Parse_ReadsTheSummaryByEventName()
    {
        var d = CallgrindDump.Parse(Dump, "cg.out.2");
        Assert.Equal(1200, d["Ir"]);
        Assert.Equal(10, d["D1mw"]);
        Assert.Equal(0, d["NoSuchEvent"]);
    }

    [Fact]
    public void Parse_NotADump_NamesTheFile() =>
        Assert.Contains("cg.out.9", Assert.Throws<FormatException>(() => CallgrindDump.Parse("hello", "cg.out.9")).Message);

    [Fact]
    public void FromDumps_DifferencesTwoSamples_AndEstimatesCycles()
    {
        var shorter = CallgrindDump.Parse(Dump, "a");
        var longer = new CallgrindDump(shorter.Events.ToDictionary(kv => kv.Key, kv => kv.Value * 3));
        // per element = (3x - x) / (3000 - 1000) = x / 1000
        var c = InstructionCount.FromDumps("id", shorter, longer, 1000, 3000, cacheSim: true);
        Assert.Equal(1.2, c.Instructions, 12);
        // L1 hits = 1.2 + 0.3 + 0.2 - 0.06 = 1.64; LL hits = 0.06 - 0.015 = 0.045; RAM = 0.015
        Assert.Equal(1.64 + 5 * 0.045 + 35 * 0.015, c.EstimatedCycles!.Value, 12);
        Assert.Null(InstructionCount.FromDumps("id", shorter, longer, 1000, 3000, cacheSim: false).EstimatedCycles);
    }
}
