using Bench.Benchmarks.Managed;

namespace Bench.Tests.Managed;

public class ManagedKernelsTests
{
    private static readonly string[] NonKeyStyles = ["none", "ops", "ops-abstract", "ops-fnptr", "if", "indirect-call-wrapper"];

    public static TheoryData<string> NonKeyKernels()
    {
        var data = new TheoryData<string>();
        foreach (var k in ManagedKernels.All.Where(k => k.Style is null || NonKeyStyles.Contains(k.Style)))
            data.Add(k.Id);
        return data;
    }

    /// <summary>The fast-niov kernels of <see cref="NonKeyKernels"/>: its test checks each row it is given, none returns early.</summary>
    public static TheoryData<string> NonKeyFastNiovKernels()
    {
        var data = new TheoryData<string>();
        foreach (var k in ManagedKernels.All.Where(k => k.Id.StartsWith("managed/pp01-fast-niov/", StringComparison.Ordinal) && NonKeyStyles.Contains(k.Style ?? "")))
            data.Add(k.Id);
        return data;
    }

    [Fact]
    public void PoolCases_AreTheNativeCasesDefLines_InOrder()
    {
        // one line per language (cases.def, PoolCases): the twins' cases are the native library's, in its order
        var native = Bench.Suite.Host.NativeKernelLibrary.Load(Bench.Suite.Host.NativeLibraryLocator.Resolve()).Kernels
            .Where(k => k.Style is not null).Select(k => k.Case).Distinct().ToList();
        Assert.Equal(native, ManagedKernels.PoolCases.Select(c => c.Name).ToList());
    }

    [Theory]
    [InlineData("pp01-fast", 64u, false)]
    [InlineData("pp02-ptr-ring", 64u, true)]
    [InlineData("dispatch", 1u, false)]
    public void Open_SetsUpThePool_AsItsCaseLineSays(string @case, uint refill, bool prefilled)
    {
        var line = ManagedKernels.PoolCases.Single(c => c.Name == @case);
        Assert.Equal(refill, line.Refill);
        var kernel = ManagedKernels.Open($"managed/{@case}/if/provider-off");
        Assert.Equal(refill, kernel.Pool!.RefillBulk);
        Assert.Equal(prefilled, line.RingPrefill > 0);
        Assert.Equal(!prefilled, kernel.Pool.Ring.IsEmpty);
        Assert.Null(kernel.Close());
    }

    [Fact]
    public void NonKeyFastNiovKernels_AreEveryStyleOfTheCaseBothWays()
    {
        // none (provider off only), then ops, ops-abstract, ops-fnptr, if and indirect-call-wrapper, provider off and on
        Assert.Equal(1 + 5 * 2, NonKeyFastNiovKernels().Count);
    }

    [Theory]
    [MemberData(nameof(NonKeyKernels))]
    public void Run_EveryPageComesBack_AndTheProviderIsReachedExactlyWhenOn(string id)
    {
        var kernel = ManagedKernels.Open(id);
        Assert.Equal(20_000ul, kernel.Run(20_000));
        if (kernel.Pool is { } pool)
        {
            var (providerAllocs, allocatorAllocs) = (pool.Provider.Allocs, pool.Allocator.Allocs);
            if (kernel.Info.Provider == true)
                Assert.True(providerAllocs > 0 && allocatorAllocs == 0, $"provider {providerAllocs}, allocator {allocatorAllocs}");
            else
                Assert.True(providerAllocs == 0 && allocatorAllocs > 0, $"provider {providerAllocs}, allocator {allocatorAllocs}");
        }
        Assert.Null(kernel.Close());
    }

    [Theory]
    [MemberData(nameof(NonKeyFastNiovKernels))]
    public void FastNiov_ReachesTheProvidersCheckExactlyThroughTheOpsWithAProviderBound(string id)
    {
        var kernel = ManagedKernels.Open(id);
        Assert.Equal(20_000ul, kernel.Run(20_000));
        var pool = kernel.Pool!;
        var throughOps = kernel.Info.Style is "ops" or "ops-abstract" or "ops-fnptr" or "indirect-call-wrapper";
        // every element is recycled: after the first refill no owner is touched again
        Assert.Equal(kernel.Info.Provider == true ? 64ul : 0ul, pool.Provider.Allocs);
        Assert.Equal(kernel.Info.Provider == true ? 0ul : 64ul, pool.Allocator.Allocs);
        Assert.Equal(throughOps && kernel.Info.Provider == true ? 20_000ul : 0ul, pool.Provider.Checks);
        Assert.Null(kernel.Close());
    }

    [Theory]
    [InlineData("managed/pp01-fast-niov/static-key+ops/provider-on")]
    [InlineData("managed/pp01-fast-niov/static-key+ops/provider-off")]
    [InlineData("managed/pp01-fast-niov/static-key/provider-on")]
    public void FastNiov_StaticKeyStyles_ReachTheProvidersCheckOnlyBehindTheKey(string id)
    {
        var wantOn = id.EndsWith("provider-on", StringComparison.Ordinal);
        if (PagePoolStaticKey.Enabled != wantOn)
        {
            // a process has one key state: the other is refused, not mismeasured
            Assert.Throws<InvalidOperationException>(() => ManagedKernels.Open(id));
            return;
        }
        var kernel = ManagedKernels.Open(id);
        Assert.Equal(20_000ul, kernel.Run(20_000));
        var viaOps = wantOn && id.Contains("static-key+ops", StringComparison.Ordinal);
        Assert.Equal(viaOps ? 20_000ul : 0ul, kernel.Pool!.Provider.Checks);
        Assert.Null(kernel.Close());
    }

    [Theory]
    [InlineData("managed/pp03-slow/static-key/provider-on")]
    [InlineData("managed/pp03-slow/static-key/provider-off")]
    [InlineData("managed/dispatch/static-key+ops/provider-on")]
    [InlineData("managed/dispatch/static-key+ops/provider-off")]
    public void StaticKeyStyles_RunWhenTheProcessKeyMatches_AndRefuseOtherwise(string id)
    {
        // A process has one key state (whatever this test process read first): the matching
        // provider state runs and reaches the provider exactly when on; the other is refused, not mismeasured.
        var wantOn = id.EndsWith("provider-on", StringComparison.Ordinal);
        if (PagePoolStaticKey.Enabled == wantOn)
        {
            var kernel = ManagedKernels.Open(id);
            kernel.Run(10_000);
            Assert.Null(kernel.Close());
        }
        else
        {
            var e = Assert.Throws<InvalidOperationException>(() => ManagedKernels.Open(id));
            Assert.Contains("own process", e.Message);
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "1", true)]
    [InlineData(null, " On ", true)]
    [InlineData(null, "0", false)]
    [InlineData(false, "1", false)]
    [InlineData(true, null, true)]
    public void StaticKey_SwitchWins_ThenTheVariable(bool? appSwitch, string? env, bool expected) =>
        Assert.Equal(expected, PagePoolStaticKey.Parse(appSwitch, env));

    [Fact]
    public void Close_APageThatNeverCameBack_IsAnAccountingFailure()
    {
        var kernel = ManagedKernels.Open("managed/pp01-fast/ops/provider-on");
        kernel.Run(5_000);
        Assert.NotNull(PoolKernels<OpsDispatch>.Alloc(kernel.Pool!)); // taken and never put back
        Assert.Contains("accounting", kernel.Close());
    }

    [Fact]
    public void Close_ProviderOnButTheDispatchWentToTheAllocator_IsReported()
    {
        // the `none` style has no hook: driving a provider-on pool with it must be caught
        var kernel = ManagedKernels.Open("managed/pp03-slow/ops/provider-on");
        PoolKernels<NoneDispatch>.RunReturn(kernel.Pool!, 5_000);
        Assert.Contains("did not reach the provider", kernel.Close());
    }

    [Fact]
    public void CallControl_IsNonesLoopWithOneMoreInjectedCall_InALoadContextOfItsOwn()
    {
        // a fresh load context, as Bench's workers give every kernel: the call control fixes one more injected call there
        var context = new System.Runtime.Loader.AssemblyLoadContext("call-control", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(typeof(ManagedKernels).Assembly.Location);
            var open = assembly.GetType(typeof(ManagedKernels).FullName!)!.GetMethod(nameof(ManagedKernels.Open))!;
            var kernel = (Bench.Suite.IBenchKernel)open.Invoke(null, ["managed/pp01-fast/none+call/provider-off"])!;
            Assert.Equal(1_000UL, kernel.Run(1_000));
            Assert.Equal(1, assembly.GetType(typeof(ManagedInjection).FullName!)!.GetField(nameof(ManagedInjection.Calls))!.GetValue(null));
            // another kernel in the same context would take the control's call: refused
            var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => open.Invoke(null, ["managed/pp01-fast/none/provider-off"]));
            Assert.Contains("load context of their own", e.InnerException!.Message);
        }
        finally
        {
            context.Unload();
        }
        // and where the injection is already fixed without it (this test's own context), the control is refused, not run without its call
        _ = ManagedInjection.Calls;
        var refused = Assert.Throws<InvalidOperationException>(() => ManagedKernels.Open("managed/pp01-fast/none+call/provider-off"));
        Assert.Contains("load context of their own", refused.Message);
    }

    [Fact]
    public void Matrix_TwinsNativeIds_AndHasTheManagedOnlyOpsShapes()
    {
        Assert.Equal(TestSupport.Matrix.ManagedKernelsWithControls, ManagedKernels.All.Count); // 78 and bench cost's 10 controls in this tree
        Assert.Equal("native/pp01-fast-niov/if/provider-on", ManagedKernels.Find("managed/pp01-fast-niov/if/provider-on").NativeTwinId);
        var ops = ManagedKernels.Find("managed/dispatch/ops/provider-on");
        Assert.Equal("native/dispatch/ops/provider-on", ops.NativeTwinId);
        Assert.Null(ManagedKernels.Find("managed/dispatch/ops-fnptr/provider-on").NativeTwinId);
        Assert.Equal("native/for_loop", ManagedKernels.Find("managed/for_loop").NativeTwinId);
    }

    [Fact]
    public void Find_ReadsEveryKernelOfTheMatrixFromItsId_AndRefusesAnyOther()
    {
        // Find parses the ID (a worker's load context opens one kernel without building the list): it must agree with All
        foreach (var k in ManagedKernels.All)
            Assert.Equal(k, ManagedKernels.Find(k.Id));
        foreach (var id in new[]
                 {
                     "managed/pp01-fast/none/provider-on", "managed/pp01-fast/ops-retpoline/provider-off", "managed/pp04/ops/provider-off",
                     "managed/pp01-fast/ops/provider-maybe", "managed/pp01-fast/ops", "managed/spin_lock", "native/pp01-fast/ops/provider-off",
                     "managed/pp01-fast/ops/provider-off/extra", "", "managed/",
                 })
            Assert.Throws<ArgumentException>(() => ManagedKernels.Find(id));
    }
}
