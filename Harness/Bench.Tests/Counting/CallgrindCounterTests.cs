using Bench.Core.Counting;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Tests.Counting;

/// <summary>Counting under callgrind: one process for every kernel, and a process per kernel when that does not add up.</summary>
public class CallgrindCounterTests
{
    private static readonly string Library = NativeLibraries.LoadDefault().Path;

    [Fact]
    public void Count_AllInOneProcess_MatchesAProcessPerKernel()
    {
        var counter = new CallgrindCounter(BenchCount.DriverFor(Library), cacheSim: false);
        string[] ids = ["native/for_loop", "native/pp01-fast/ops/provider-on"];
        var together = counter.Count(Library, ids);
        // an ID the library lacks makes the one-process count not add up: every kernel is then counted on its own
        var alone = counter.Count(Library, [.. ids, "native/no-such-kernel"]);
        Assert.All(together, o => Assert.Equal(BenchmarkStatus.Ok, o.Status));
        Assert.Equal(together.Select(o => o.Count!.Instructions), alone.Take(2).Select(o => o.Count!.Instructions));
        Assert.Equal(BenchmarkStatus.Failed, alone[2].Status);
        Assert.Contains("counting under callgrind failed", alone[2].Error);
    }
}
