using Bench.Tests.TestSupport;
using Bench.Core;
using Bench.Core.Hosting;

namespace Bench.Tests.Hosting;

public sealed class CpuAffinityTests
{
    [Fact]
    public void Parse_ListsAndRanges_AsTasksetWritesThem()
    {
        // this thread's CPUs (tests measuring beside it may narrow them for a while): a subset of what the process started with
        Assert.All(CpuAffinity.Parse(null), c => Assert.Contains(c, CpuAffinity.AtStart));
        var allowed = CpuAffinity.Allowed();
        Assert.Equal([allowed[0]], CpuAffinity.Parse(allowed[0].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(allowed, CpuAffinity.Parse($"{allowed[0]}-{allowed[^1]}").Where(allowed.Contains));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1-")]
    [InlineData("3-1")]
    [InlineData("4095")]
    public void Parse_BadOrForbidden_IsUsageError(string text)
    {
        var e = Assert.Throws<BenchException>(() => CpuAffinity.Parse(text));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("--cpus", e.Message);
    }

    [Fact]
    public void PinCurrentThread_RunsThere()
    {
        var cpu = CpuAffinity.Allowed()[^1];
        (int Now, IReadOnlyList<int> Allowed) seen = default;
        var t = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread([cpu]);
            Thread.Sleep(1);
            seen = (CpuAffinity.Current(), CpuAffinity.Allowed());
        });
        t.Start();
        t.Join();
        Assert.Equal(cpu, seen.Now);
        Assert.Equal([cpu], seen.Allowed);
    }

    [Theory]
    [InlineData("0-1\n", 2)]
    [InlineData("0-3,8,10-11", 7)]
    [InlineData("0", 1)]
    public void Online_CountsTheMachinesCpus_AsTheKernelListsThem(string online, int count)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("online"), online);
        Assert.Equal(count, CpuAffinity.Online(dir.File("online")));
    }

    [Fact]
    public void Online_IsTheMachines_NotWhatThisProcessMayUse_AndFallsBackWhereItCannotBeRead()
    {
        Assert.True(CpuAffinity.Online() >= CpuAffinity.Allowed().Count);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("online"), "not a list");
        Assert.Equal(Environment.ProcessorCount, CpuAffinity.Online(dir.File("online")));
        Assert.Equal(Environment.ProcessorCount, CpuAffinity.Online(dir.File("missing")));
    }
}

