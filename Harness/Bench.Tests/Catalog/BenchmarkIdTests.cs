using Bench.Core.Catalog;

namespace Bench.Tests.Catalog;

public sealed class BenchmarkIdTests
{
    [Theory]
    // text, implementation, prefixed, name, job, case, style, provider, twin rank
    [InlineData("native/pp01-fast/ops/provider-on", "native", true, "pp01-fast/ops/provider-on", null, "pp01-fast", "ops", "on", 0)]
    [InlineData("managed/pp01-fast/ops/provider-on", "managed", true, "pp01-fast/ops/provider-on", null, "pp01-fast", "ops", "on", 1)]
    [InlineData("managed/pp03-slow/static-key+ops/provider-off@pgo-off", "managed", true, "pp03-slow/static-key+ops/provider-off", "pgo-off", "pp03-slow", "static-key+ops", "off", 2)]
    [InlineData("native/dispatch/if/provider-on@bdn", "native", true, "dispatch/if/provider-on", "bdn", "dispatch", "if", "on", 3)]
    [InlineData("native/for_loop", "native", true, "for_loop", null, "for_loop", null, null, 0)]
    [InlineData("kernel/tasklet_page_pool01_fast_path", "kernel", true, "tasklet_page_pool01_fast_path", null, "tasklet_page_pool01_fast_path", null, null, 4)]
    [InlineData("lookup/switch", "native", false, "lookup/switch", null, "lookup", null, null, 0)]
    [InlineData("managed/lookup/switch@pgo-off", "managed", true, "lookup/switch", "pgo-off", "lookup", null, null, 2)]
    public void Parse_ReadsEveryPart(string text, string implementation, bool prefixed, string name, string? job, string @case, string? style, string? provider, int rank)
    {
        var id = BenchmarkId.Parse(text);
        Assert.Equal(text, id.ToString());
        Assert.Equal(implementation, id.Implementation);
        Assert.Equal(prefixed, id.Prefixed);
        Assert.Equal(name, id.Name);
        Assert.Equal(job, id.Job);
        Assert.Equal(@case, id.Case);
        Assert.Equal(style, id.Style);
        Assert.Equal(provider, id.Provider);
        Assert.Equal(rank, id.TwinRank);
        Assert.Equal(job is null ? text : text[..text.IndexOf('@')], id.KernelId);
    }

    [Fact]
    public void Twins_ShareTheirName_InEitherKindOfSuite()
    {
        Assert.Equal("managed/pp01-fast/if/provider-off", BenchmarkId.Parse("native/pp01-fast/if/provider-off").As(BenchmarkId.Managed, prefixNative: true).Text);
        Assert.Equal("native/pp01-fast/if/provider-off", BenchmarkId.Parse("managed/pp01-fast/if/provider-off@pgo-off").As(BenchmarkId.Native, prefixNative: true).Text);
        Assert.Equal("managed/lookup/switch", BenchmarkId.Parse("lookup/switch").As(BenchmarkId.Managed, prefixNative: false).Text);
        Assert.Equal("lookup/switch", BenchmarkId.Parse("managed/lookup/switch").As(BenchmarkId.Native, prefixNative: false).Text);
        Assert.Equal("managed/x/y@pgo-off", BenchmarkId.Parse("managed/x/y").WithJob(BenchmarkId.PgoOff).Text);
        Assert.True(BenchmarkId.Parse("native/x@bdn").IsNativeThroughBdn);
        Assert.False(BenchmarkId.Parse("lookup/x@bdn").IsNativeThroughBdn);
    }
}
