using Bench.Suite.Host;
using Bench.Core.Running;

namespace Bench.Tests.Native;

/// <summary>The .NET binding against the real library the build produced.</summary>
public class NativeKernelLibraryTests
{
    private static readonly NativeKernelLibrary Library = NativeLibraries.LoadDefault();

    [Fact]
    public void Kernels_DescribeTheWholeMatrixWithPermanentIds()
    {
        var ids = Library.Kernels.Select(k => k.Id).ToList();
        // 3 baselines + 5 cases x (1 + 2 per hooked style): 68 in this tree, and bench cost's controls (5 cases x 2)
        Assert.Equal(TestSupport.Matrix.NativeKernelsWithControls, ids.Count);
        Assert.Equal(TestSupport.Matrix.NativeKernels, Library.Kernels.Count(k => k.ContrastControl is null));
        Assert.Equal("null", Library.Kernels.Single(k => k.Id == "native/pp01-fast/none-copy/provider-off").ContrastControl);
        Assert.Equal("detection", Library.Kernels.Single(k => k.Id == "native/dispatch/none+call/provider-off").ContrastControl);
        Assert.Contains("native/pp01-fast-niov/static-key/provider-on", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["native/for_loop", "native/atomic_inc", "native/lock"], ids.Take(3));
        Assert.Contains("native/pp03-slow/static-key+ops/provider-on", ids);
        Assert.DoesNotContain("native/pp01-fast/none/provider-on", ids); // style none has no hook to reach a provider
        var k = Library.Kernels.Single(x => x.Id == "native/dispatch/indirect-call-wrapper/provider-off");
        Assert.Equal(("dispatch", "indirect-call-wrapper", (bool?)false), (k.Case, k.Style, k.Provider));
        Assert.Null(Library.Kernels[0].Provider);
    }

    [Fact]
    public void BuildInfo_RecordsCompilerFlagsTimerAndStaticKey()
    {
        var b = Library.BuildInfo;
        Assert.Equal(4, b.AbiVersion);
        Assert.False(b.PagePoolStats);
        Assert.Contains(b.TimerStop, new[] { "RDTSCP;CPUID", "MFENCE;LFENCE;RDTSC;LFENCE", "ISB;CNTVCT_EL0;ISB" });
        Assert.False(string.IsNullOrEmpty(b.TimerStopNote));
        Assert.Equal(0, b.InjectK);
        Assert.Contains("-falign-functions=64", b.Flags);
        Assert.True(b.TimerHz > 1e6, $"timer {b.TimerHz} Hz");
        Assert.Contains(b.StaticKeyImplementation, new[] { "patched-jump", "flag-load" });
        Assert.False(string.IsNullOrEmpty(b.StaticKeyNote));
    }

    [Fact]
    public void Session_ProviderOn_ReachesTheProviderAndBalancesAtClose()
    {
        var k = Library.Kernels.Single(x => x.Id == "native/dispatch/static-key+ops/provider-on");
        var s = Library.Open(k.Index, out var status);
        Assert.Equal(NativeStatus.Ok, status);
        Assert.Equal(NativeStatus.Ok, s!.Sample(2048, out var sample));
        Assert.Equal(2048UL, sample.Invocations);
        Assert.True(sample.Ticks > 0 && sample.Nanoseconds > 0);
        var c = s.Counters();
        Assert.Equal((2048UL, 2048UL, 0UL, 0UL), (c.ProviderAllocs, c.ProviderFrees, c.AllocatorAllocs, c.AllocatorFrees));
        Assert.Equal(NativeStatus.Ok, s.Close());
    }

    [Fact]
    public void Sample_FewerThan1000Invocations_IsRefused()
    {
        var s = Library.Open(0, out _)!;
        Assert.Equal(NativeStatus.TooFew, s.Sample(999, out _));
        Assert.Equal(NativeStatus.Ok, s.Close());
    }

    [Fact]
    public void Load_MissingFile_NamesTheFileAndTheFix()
    {
        var e = Assert.Throws<NativeLibraryException>(() => NativeKernelLibrary.Load("/nonexistent/libbenchnative.so"));
        Assert.Contains("/nonexistent/libbenchnative.so", e.Message);
        Assert.Contains("dotnet build -c Release", e.Message);
        Assert.Contains(NativeLibraryLocator.FileVariable, e.Message);
    }

    [Fact]
    public void Load_InjectedBuild_ReportsItsK()
    {
        var k2 = NativeKernelLibrary.Load(NativeLibraryLocator.Resolve(injectK: 2));
        Assert.Equal(2, k2.BuildInfo.InjectK);
        Assert.Equal(Library.Kernels.Select(k => k.Id), k2.Kernels.Select(k => k.Id));
    }

    [Fact]
    public void Load_StatsBuild_SaysSo_AndHasTheSameMatrix()
    {
        var stats = NativeKernelLibrary.Load(NativeLibraryLocator.Resolve("stats"));
        Assert.True(stats.BuildInfo.PagePoolStats);
        Assert.Equal(0, stats.BuildInfo.InjectK);
        Assert.Equal(Library.Kernels.Select(k => k.Id), stats.Kernels.Select(k => k.Id));
    }
}
