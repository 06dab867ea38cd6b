using Bench.Suite.Host;
using Bench.Core;
using Bench.Core.Suites;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Catalog;

public sealed class SuiteManifestTests
{
    [Fact]
    public void Read_TakesTheSuiteItsCommandsAndOutputs()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), """
            { // comments are allowed
              "suite": "lookup",
              "native": { "build": [["cmake", "-B", "b", "-DBENCH_DIR=${BENCH_SDK}"], ["cmake", "--build", "b"]], "library": "b/bin/liblookup.so" },
              "managed": { "assembly": "m/Lookup.dll" },
            }
            """);
        var m = SuiteManifest.Read(dir.File("bench.json"));
        Assert.Equal("lookup", m.Name);
        Assert.Equal(dir.Path, m.Folder);
        Assert.Equal([["cmake", "-B", "b", "-DBENCH_DIR=${BENCH_SDK}"], ["cmake", "--build", "b"]], m.Native.Build.Select(c => c.ToArray()).ToArray());
        Assert.Equal("b/bin/liblookup.so", m.Native.Output);
        Assert.Empty(m.Managed!.Build);
        Assert.Equal("m/Lookup.dll", m.Managed.Output);
        Assert.Null(m.Probe);
        Assert.Null(m.Controls);
    }

    [Theory]
    [InlineData("native/for_loop", null)]
    [InlineData("native/no-such-kernel", "\"probe\" names 'native/no-such-kernel', which is not an available kernel of")]
    public void Build_RefusesAProbeTheLibraryLacks_NamingTheFile(string probe, string? expected)
    {
        using var dir = new TempDir();
        File.Copy(Bench.Suite.Host.NativeLibraryLocator.Resolve(), dir.File("libk.so"));
        File.WriteAllText(dir.File("bench.json"), $$"""{ "suite": "k", "native": { "library": "libk.so" }, "probe": "{{probe}}" }""");
        var manifest = SuiteManifest.Read(dir.File("bench.json"));
        if (expected is null)
        {
            Assert.Equal(dir.File("libk.so"), Bench.Core.Suites.Suite.Build(manifest, dir.Path, null).Library);
            return;
        }
        var e = Assert.Throws<Bench.Core.BenchException>(() => Bench.Core.Suites.Suite.Build(manifest, dir.Path, null));
        Assert.Equal(Bench.Core.ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(expected, e.Message);
        Assert.Contains(dir.File("bench.json"), e.Message);
    }

    [Fact]
    public void Read_TakesTheProbeKernelAndTheControls()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), """
            { "suite": "lookup", "native": { "library": "a.so" }, "probe": "lookup/indirect", "controls": ["lookup/for_loop", "lookup/base*"] }
            """);
        var m = SuiteManifest.Read(dir.File("bench.json"));
        Assert.Equal("lookup/indirect", m.Probe);
        Assert.Equal(["lookup/for_loop", "lookup/base*"], m.Controls!);
    }

    [Fact]
    public void Read_TakesWhatItContrasts_DefaultsForWhatItLeavesOut()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), """
            { "suite": "lookup", "native": { "library": "a.so" }, "contrasts": { "tag": "shape", "reference": "switch", "toggle": null } }
            """);
        Assert.Equal(new Bench.Core.Contrasts.ContrastSpec("shape", "switch", null), SuiteManifest.Read(dir.File("bench.json")).Contrasts);
        File.WriteAllText(dir.File("bench.json"), """{ "suite": "lookup", "native": { "library": "a.so" }, "contrasts": {} }""");
        Assert.Equal(Bench.Core.Contrasts.ContrastSpec.Default, SuiteManifest.Read(dir.File("bench.json")).Contrasts);
    }

    [Theory]
    [InlineData("[]", "one JSON object")]
    [InlineData("{", "it is not JSON")]
    [InlineData("""{ "native": { "library": "a.so" } }""", "\"suite\" must name the suite")]
    [InlineData("""{ "suite": "Look Up", "native": { "library": "a.so" } }""", "\"suite\" must name the suite")]
    [InlineData("""{ "suite": "lookup" }""", "it has no \"native\"")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "/abs/a.so" } }""", "relative to the manifest's folder")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so", "build": "make" } }""", "must be a list of commands")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so", "build": [[]] } }""", "non-empty list of words")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so", "build": [["make", 1]] } }""", "non-empty list of words")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so", "flags": "-O3" } }""", "\"native\" has \"flags\"")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "managed": { "build": [] } }""", "\"managed\".\"assembly\" must be the path")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "probe": "managed/lookup/switch" }""", "\"probe\" must be the ID of one native kernel")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "probe": "lookup/*" }""", "\"probe\" must be the ID of one native kernel")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "controls": "lookup/for_loop" }""", "\"controls\" must be a list of benchmark globs")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "controls": [""] }""", "\"controls\" must be a list of benchmark globs")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "probes": "x" }""", "it has \"probes\"")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "contrasts": "style" }""", "\"contrasts\" must be an object")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "contrasts": { "reference": "no ne" } }""", "\"contrasts\".\"reference\" must be a tag's key or value")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "contrasts": { "tag": "style", "toggle": "style" } }""", "the toggled tag must be another tag")]
    [InlineData("""{ "suite": "lookup", "native": { "library": "a.so" }, "contrasts": { "baseline": "none" } }""", "\"contrasts\" has \"baseline\"")]
    public void Read_RefusesWhatIsWrong_AsAUsageErrorNamingTheFile(string text, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), text);
        var e = Assert.Throws<BenchException>(() => SuiteManifest.Read(dir.File("bench.json")));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(dir.File("bench.json"), e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("lookup/switch", true)]
    [InlineData("a/b/c/d", true)]
    [InlineData("x.y+z_1-2", true)]
    [InlineData("a/b/c/d/e", false)]
    [InlineData("Lookup/switch", false)]
    [InlineData("lookup//switch", false)]
    [InlineData("/lookup", false)]
    [InlineData("lookup/", false)]
    [InlineData("look up", false)]
    [InlineData("", false)]
    public void SuiteIds_FollowTheGrammarTheNativeRegistryChecks(string id, bool valid) => Assert.Equal(valid, SuiteIds.IsValid(id));

    [Fact]
    public void Tags_ReadKeyValuePairs_InOrder()
    {
        var tags = KernelInfo.ParseTags("case=lookup  style=switch width=8", out var problem);
        Assert.Null(problem);
        Assert.Equal(["case=lookup", "style=switch", "width=8"], tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Theory]
    [InlineData("case=lookup style=switch style=other", "tag 'style' is given twice")]
    [InlineData("case=lookup flag", "tag 'flag' is not key=value")]
    [InlineData("case=lookup =x", "tag '=x' is not key=value")]
    [InlineData("case=lookup y=", "tag 'y=' is not key=value")]
    public void Tags_ThatAreNotKeyValuePairs_AreRefused_WithWhatIsWrong(string text, string problem)
    {
        KernelInfo.ParseTags(text, out var found);
        Assert.Equal(problem, found);
    }

    [Fact]
    public void A_KernelsTags_LeadWithItsCaseStyleAndProvider_ThenTheSuitesOwn()
    {
        var tags = KernelInfo.TagsFrom("width=8 style=switch", "lookup", "switch", null, out var problem);
        Assert.Null(problem);
        Assert.Equal(["case=lookup", "style=switch", "width=8"], tags.Select(t => $"{t.Key}={t.Value}"));
        var pagePool = new KernelInfo(0, "native/pp01-fast/ops/provider-on", "pp01-fast", "ops", true, true, null, 1000);
        Assert.Equal(["case=pp01-fast", "style=ops", "provider=on"], pagePool.Tags.Select(t => $"{t.Key}={t.Value}"));
    }
}
