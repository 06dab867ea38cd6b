using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.History;
using Bench.Core.Reporting;
using Bench.Core.Results;
using static Bench.Tests.TestSupport.SampleDocuments;

namespace Bench.Tests.TestSupport;

/// <summary>Inputs for the report tests: a run with native and managed results (one hostile name), its comparison, a history. Seeded.</summary>
internal static class ReportSamples
{
    public const string Hostile = "native/dispatch/<script>alert(1)</script>/provider-off";
    public const string TableBreaker = "native/pp01-fast/a|b*c_[x](y)`z`/provider-on";

    public static ResultsDocument Run()
    {
        var doc = Document();
        BenchmarkResult Managed(string nativeId, string pgo, double center, int seed)
        {
            var native = doc.Benchmarks.Single(b => b.Id == nativeId);
            return Result("managed/" + nativeId["native/".Length..] + (pgo == "off" ? "@pgo-off" : ""), native.Case, native.Style, native.Provider, center, seed) with
            {
                Implementation = "managed",
                Runner = new RunnerInfo
                {
                    Name = "BenchmarkDotNet", Version = "0.14.0", Job = "quick", Pgo = pgo, Toolchain = "out-of-process",
                    Environment = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = pgo == "on" ? "1" : "0" }, Runtime = ".NET 10.0.0",
                    OperationsPerInvoke = 65536, InvocationsPerIteration = 8, CyclesFrom = "ns x TSC Hz",
                },
            };
        }
        return doc with
        {
            Benchmarks =
            [
                .. doc.Benchmarks,
                Result(TableBreaker, "pp01-fast", "a|b*c_[x](y)`z`", "on", 6.5, 8),
                Managed("native/for_loop", "on", 0.7, 11),
                Managed("native/pp01-fast/ops/provider-off", "on", 10.4, 12),
                Managed("native/pp01-fast/ops/provider-off", "off", 11.7, 13),
                Managed("native/pp01-fast/ops/provider-on", "on", 12.5, 14),
            ],
        };
    }

    /// <summary>The run compared with a base 10% faster on one benchmark: a real comparison by the real comparer.</summary>
    public static ComparisonDocument Comparison(ResultsDocument head)
    {
        var @base = head with
        {
            CreatedUtc = head.CreatedUtc.AddHours(-1),
            Benchmarks = head.Benchmarks.Select(b => b.Id == "native/pp01-fast/ops/provider-on" && b.Metrics.TryGetValue(MetricNames.Cycles, out var m)
                ? b with { Metrics = new Dictionary<string, MetricSeries> { [MetricNames.Cycles] = m with { Samples = m.Samples.Select(v => v / 1.1).ToArray() } } }
                : b).ToList(),
        };
        (@base, head) = Paired(@base, head);
        var doc = new Comparer(GateConfigFile.Default).Compare(@base, head,
            new ComparedSide("baseline native--test.json", "baselines/native--test.json", "fedcba9876543210fedcba9876543210fedcba98", @base.CreatedUtc, "Test CPU"),
            new ComparedSide("this run", null, head.Host.Commit, head.CreatedUtc, "Test CPU")) with { CreatedUtc = head.CreatedUtc };
        return doc with { Gate = GatePolicy.Decide(doc) };
    }

    /// <summary>Eight runs of this machine with pp01 ops provider-off 8% slower from the fifth on, plus one run of another machine.</summary>
    public static IReadOnlyList<HistoryEntry> History(ResultsDocument run)
    {
        var entries = new List<HistoryEntry>();
        var rng = new Random(42);
        for (var i = 0; i < 8; i++)
        {
            var e = HistoryEntry.From(run with { CreatedUtc = run.CreatedUtc.AddDays(i - 8), Host = run.Host with { Commit = $"{i:x}{i:x}{i:x}{i:x}{i:x}{i:x}{i:x}0000" } }, null);
            entries.Add(e with
            {
                Benchmarks = e.Benchmarks.ToDictionary(kv => kv.Key, kv =>
                {
                    var step = kv.Key == "native/pp01-fast/ops/provider-off" && i >= 4 ? 1.08 : 1.0;
                    var noise = 1 + (rng.NextDouble() - 0.5) * 0.004;
                    return kv.Value with { Cycles = kv.Value.Cycles * step * noise };
                }),
            });
        }
        entries.Add(entries[0] with { MachineKey = "other", Machine = "Other CPU" });
        return entries;
    }

    public static ReportModel Model()
    {
        var run = Run();
        return ReportBuilder.Build(run, Comparison(run), History(run), "Bench <gate> & \"friends\"");
    }

    /// <summary>Small stand-ins for the chart libraries, so golden files hold the report's structure, not 200 KB of Chart.js.</summary>
    public static ReportAssets StubAssets() => new("/* chart.js stand-in */", "/* boxplot stand-in */", "/* report.js stand-in */", "/* css */\n",
        [new ThirdPartyNotice("Chart.js", "0.0.0-test", "MIT <licence> text")]);
}
