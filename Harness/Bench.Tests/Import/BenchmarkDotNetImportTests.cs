using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Bench.Cli;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Import;
using Bench.Core.Results;
using Bench.Tests.TestSupport;
using Xunit.Abstractions;

namespace Bench.Tests.Import;

/// <summary>
/// `bench import` of BenchmarkDotNet's JSON export. The fixtures are real output of this repo's
/// own BenchmarkDotNet program (Benchmarks/Bench.Benchmarks), on a 2-vCPU Intel Xeon KVM guest:
/// <c>BENCH_BDN_IDS='managed/dispatch/if/provider-*' dotnet run -c Release --project Benchmarks/Bench.Benchmarks --
/// --filter '*ManagedSuite*' --exporters json --launchCount 3 --iterationCount 10 --warmupCount 3</c>,
/// twice (aa-run1, aa-run2), and once more with <c>--envVars BENCH_MANAGED_INJECT_CALLS:10</c>
/// (ten empty never-inlined calls per element: BenchmarkDotNet's own means went from 30.5 and 34.5
/// ns to 51.8 and 47.4 ns, +70 % and +37 %; the medians of all samples +58 % and +42 %).
/// </summary>
public sealed class BenchmarkDotNetImportTests(ITestOutputHelper log)
{
    private static string Fixture(string name, [CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "BenchmarkDotNet", name + ".ManagedSuite-report-full-compressed.json");

    private static readonly string RunA = Fixture("aa-run1");
    private static readonly string RunB = Fixture("aa-run2");
    private static readonly string Injected = Fixture("injected-10-calls");

    private static (int Code, string Stdout, string Stderr) Bench(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Import(TempDir dir, string name, params string[] exports)
    {
        var outPath = dir.File(name + ".json");
        var (code, stdout, stderr) = Bench(["import", .. exports, "--out", outPath]);
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        return outPath;
    }

    [Fact]
    public void Import_OfTheReposOwnExport_IsRecognizedByContent_EveryWorkloadMeasurementASample_EachLaunchALaunch()
    {
        using var dir = new TempDir();
        var doc = ResultsFile.Read(Import(dir, "a", RunA));
        // what the export says, read here on its own
        var export = JsonNode.Parse(File.ReadAllText(RunA))!;
        var entries = export["Benchmarks"]!.AsArray();
        Assert.Equal(entries.Count, doc.Benchmarks.Count);
        foreach (var entry in entries)
        {
            var id = "bdn/" + entry!["FullName"]!.GetValue<string>();
            var b = Assert.Single(doc.Benchmarks, x => x.Id == id);
            var actual = entry["Measurements"]!.AsArray()
                .Where(m => m!["IterationMode"]!.GetValue<string>() == "Workload" && m["IterationStage"]!.GetValue<string>() == "Actual")
                .OrderBy(m => m!["LaunchIndex"]!.GetValue<int>()).ToList();
            Assert.Equal(actual.Select(m => m!["Nanoseconds"]!.GetValue<double>() / m["Operations"]!.GetValue<long>()), b.Metrics[MetricNames.Nanoseconds].Samples);
            Assert.Equal(actual.GroupBy(m => m!["LaunchIndex"]!.GetValue<int>()).Select(g => g.Count()), b.SamplesPerLaunch);
            Assert.Equal([10, 10, 10], b.SamplesPerLaunch);
            Assert.False(b.Metrics.ContainsKey(MetricNames.Cycles), "BenchmarkDotNet measures time: no cycles may be made up");
            Assert.Equal("BenchmarkDotNet", b.Runner!.Name);
            Assert.Equal("0.15.8", b.Runner.Version);
        }
        // the [Params] value is in the ID: the two providers do not collide
        Assert.Equal(2, doc.Benchmarks.Select(b => b.Id).Distinct().Count());
        Assert.Contains(doc.Benchmarks, b => b.Id == "bdn/Bench.Benchmarks.Suites.ManagedSuite.Run(Id: \"managed/dispatch/if/provider-on\")");
        Assert.Equal("Intel Xeon Processor", doc.Host.CpuModel);
        Assert.Equal(2, doc.Host.LogicalCores);
        Assert.StartsWith(".NET 10.0", doc.Host.DotnetRuntime);
        Assert.Equal(1e9, doc.Host.TimerFrequencyHz);
        Assert.StartsWith(BenchmarkDotNetImport.Format, doc.Host.Imported!.Format);
        Assert.Equal(3, doc.Host.Imported.Loads);
    }

    [Fact]
    public void TwoRunsOfIdenticalCode_AreNotCalledDifferent_AndTheInjectedCallsAreNeverSame()
    {
        using var dir = new TempDir();
        var (a, b, injected) = (Import(dir, "a", RunA), Import(dir, "b", RunB), Import(dir, "i", Injected));
        foreach (var (head, name) in new[] { (b, "A/A"), (injected, "injected") })
        {
            var cmp = dir.File(name.Replace('/', '-') + "-cmp.json");
            var (code, stdout, stderr) = Bench("compare", a, head, "--out", cmp);
            Assert.True(code == ExitCodes.Success, stdout + stderr);
            log.WriteLine(stdout);
            var doc = ComparisonFile.Read(cmp);
            Assert.Equal("ns", doc.Metric);
            Assert.Contains("time only", doc.MetricNote);
            Assert.Contains("BenchmarkDotNet measures ns, not cycles", stdout);
            Assert.Equal(2, doc.Benchmarks.Count);
            foreach (var row in doc.Benchmarks)
            {
                Assert.True(row.BaseLaunches == 3 && row.HeadLaunches == 3, $"{row.Id}: launches {row.BaseLaunches}/{row.HeadLaunches}");
                if (name == "A/A")
                    Assert.True(row.Verdict is Verdict.Same or Verdict.Unknown, $"A/A {row.Id}: {row.Verdict} ({row.Reason})");
                else
                {
                    // +42 % and +58 % by the medians: Slower where three launches a side bound it, Unknown (with the launches that would) where not
                    Assert.True(row.Verdict is Verdict.Slower or Verdict.Unknown, $"injected {row.Id}: {row.Verdict} ({row.Reason})");
                    Assert.True(row.Ratio > 1.3, $"{row.Id}: ratio {row.Ratio}");
                    if (row.Verdict == Verdict.Unknown)
                        Assert.Contains("--launchCount", row.Reason);
                }
            }
        }
    }

    /// <summary>The export with only the measurements of BenchmarkDotNet's first launch: its default of one process.</summary>
    private static string OneLaunch(TempDir dir, string export, string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(export))!;
        foreach (var b in root["Benchmarks"]!.AsArray())
        {
            var kept = b!["Measurements"]!.AsArray().Where(m => m!["LaunchIndex"]!.GetValue<int>() == 1).Select(m => m!.DeepClone()).ToArray();
            b["Measurements"] = new JsonArray(kept);
        }
        var path = dir.File(name);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    [Fact]
    public void OneLaunchASide_SaysHowManyLaunchesWouldDecide_InBenchmarkDotNetsOwnOption()
    {
        using var dir = new TempDir();
        var outPath = dir.File("a.json");
        var (code, stdout, stderr) = Bench("import", OneLaunch(dir, RunA, "a-export.json"), "--out", outPath);
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.Contains("1 launch(es) of a benchmark", stdout);
        Assert.Contains("--launchCount 3", stdout);
        var b = Import(dir, "b", OneLaunch(dir, Injected, "b-export.json"));
        var cmp = dir.File("c.json");
        (code, stdout, stderr) = Bench("compare", outPath, b, "--out", cmp);
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.All(ComparisonFile.Read(cmp).Benchmarks, row =>
        {
            Assert.Equal(Verdict.Unknown, row.Verdict);
            Assert.Contains("run BenchmarkDotNet with --launchCount 3 or more", row.Reason);
        });
    }

    [Fact]
    public void TwoJobsOfOneBenchmark_GetAnIdEach_AndAGzippedExportReads()
    {
        using var dir = new TempDir();
        var root = JsonNode.Parse(File.ReadAllText(RunA))!;
        var list = root["Benchmarks"]!.AsArray();
        // the second entry made the first benchmark under another job, as a config of two jobs exports it
        list[1]!["FullName"] = list[0]!["FullName"]!.GetValue<string>();
        list[1]!["Parameters"] = list[0]!["Parameters"]!.GetValue<string>();
        list[1]!["DisplayInfo"] = "ManagedSuite.Run: thorough-pgo-on(EnvironmentVariables=DOTNET_TieredPGO=1, LaunchCount=3) [Id=manag(...)r-off [32]]";
        var gz = dir.File("export.json.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Optimal))
        using (var w = new StreamWriter(zip))
            w.Write(root.ToJsonString());
        var doc = ResultsFile.Read(Import(dir, "r", gz));
        Assert.Equal(
            ["bdn/Bench.Benchmarks.Suites.ManagedSuite.Run(Id: \"managed/dispatch/if/provider-off\")@thorough-pgo-off",
             "bdn/Bench.Benchmarks.Suites.ManagedSuite.Run(Id: \"managed/dispatch/if/provider-off\")@thorough-pgo-on"],
            doc.Benchmarks.Select(b => b.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnExportAndAKernelLogTogether_OrABriefExport_OrTheSameExportTwice_AreExit2NamingTheFiles()
    {
        using var dir = new TempDir();
        var dmesg = dir.File("x.dmesg");
        File.WriteAllText(dmesg, "[  1.0] bench: Type:native/for_loop Per elem: 1.000 cycles(tsc) 0.400 ns (step:0) - (measurement period time:0.000000400 sec time_interval:400) - (invoke count:1000 tsc_interval:1000)\n");
        var (code, _, stderr) = Bench("import", RunA, dmesg, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains(RunA, stderr);
        Assert.Contains(dmesg, stderr);

        var brief = JsonNode.Parse(File.ReadAllText(RunA))!;
        foreach (var b in brief["Benchmarks"]!.AsArray())
            b!.AsObject().Remove("Measurements");
        var briefPath = dir.File("brief.json");
        File.WriteAllText(briefPath, brief.ToJsonString());
        (code, _, stderr) = Bench("import", briefPath, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains(briefPath, stderr);
        Assert.Contains("not the brief export", stderr);

        (code, _, stderr) = Bench("import", RunA, RunB, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains("two runs to compare are two imports", stderr);
        Assert.False(File.Exists(dir.File("r.json")));
    }

    [Fact]
    public void MutatedExports_AreImportedOrRefusedNamingTheFile_NeverACrash()
    {
        using var dir = new TempDir();
        var (target, outPath) = (dir.File("export.json"), dir.File("r.json"));
        var seen = new Dictionary<int, int>();
        foreach (var (what, text) in JsonMutator.Mutations(File.ReadAllText(RunA), 21, 200))
        {
            File.WriteAllText(target, text);
            if (File.Exists(outPath))
                File.Delete(outPath);
            var (code, stdout, stderr) = Bench("import", target, "--out", outPath);
            seen[code] = seen.GetValueOrDefault(code) + 1;
            Assert.True(code is ExitCodes.Success or ExitCodes.UsageError, $"{what}: exit {code}\n{stderr}");
            Cli.HardeningTests.AssertPrintable(stdout + stderr, what);
            if (code == ExitCodes.UsageError)
            {
                Assert.Contains("export.json", stderr);
                Assert.False(File.Exists(outPath), $"{what}: refused, but wrote {outPath}");
            }
            else
                ResultsFile.Read(outPath);
        }
        log.WriteLine($"import of a BenchmarkDotNet export: 200 mutations, exit codes {string.Join(", ", seen.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value}"))}");
    }

    [Fact]
    public void BenchsOwnBenchmarkDotNetRun_RefusesTheProgramsInjectionSwitch()
    {
        var r = CliProcess.Run(new Dictionary<string, string> { ["BENCH_MANAGED_INJECT_CALLS"] = "3" },
            "run", "--thorough", "--filter", "managed/dispatch/if/provider-off", "--out", Path.Combine(Path.GetTempPath(), $"bench-never-{Guid.NewGuid():N}.json"));
        Assert.True(r.ExitCode == ExitCodes.UsageError, r.Stdout + r.Stderr);
        Assert.Contains("BENCH_MANAGED_INJECT_CALLS=3 is set", r.Stderr);
    }
}
