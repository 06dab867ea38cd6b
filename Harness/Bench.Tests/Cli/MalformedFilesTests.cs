using System.Text.Json.Nodes;
using Bench.Cli;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.History;
using Bench.Core.Results;
using Bench.Tests.TestSupport;
using Xunit.Abstractions;

namespace Bench.Tests.Cli;

/// <summary>
/// Seeded fuzzing of every verb that reads a file: valid files are mutated (truncation, wrong JSON
/// types, nulls, deleted fields, duplicate and colliding entries, NaN, huge numbers, 1e400 and
/// 64-bit edges, keys given twice, hostile strings with control and bidi characters, bad globs) and each verb must answer with a usage error (2) naming the file, or with one of its
/// documented decisions; never an internal error (70), and a refused file leaves nothing written.
/// Nothing either prints holds a raw control or bidi character. Each verb logs how many inputs it tried.
/// The verbs run in-process (the real command tree), so hundreds of inputs take seconds.
/// </summary>
public sealed class MalformedFilesTests(ITestOutputHelper log)
{
    private const int MutationsPerFile = 160;

    private static readonly int[] Decisions =
        [ExitCodes.Success, ExitCodes.RegressionFound, ExitCodes.Inconclusive, ExitCodes.NoComparableBaseline, ExitCodes.BenchmarkFailed];

    private static (int Code, string Stdout, string Stderr) Bench(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static ResultsDocument Results(bool head) => SampleDocuments.Document() with
    {
        Benchmarks = SampleDocuments.Document().Benchmarks.Select(b => head && b.Id.Contains("pp01") ? b with
        {
            Metrics = b.Metrics.ToDictionary(m => m.Key, m => m.Value with { Samples = m.Value.Samples.Select(v => v * 1.2).ToArray() }),
        } : b).ToList(),
    };

    /// <summary>Runs <paramref name="verb"/> on every mutation of <paramref name="valid"/>, written where <paramref name="target"/> says.</summary>
    private Dictionary<int, int> Fuzz(string name, string valid, int seed, string target, Func<string[]> verb, Func<bool> wroteSomething)
    {
        var seen = new Dictionary<int, int>();
        foreach (var (what, text) in JsonMutator.Mutations(valid, seed, MutationsPerFile))
        {
            File.WriteAllText(target, text);
            var (code, stdout, stderr) = Bench(verb());
            seen[code] = seen.GetValueOrDefault(code) + 1;
            Assert.True(code != ExitCodes.InternalError, $"{name}: {what} crashed it:\n{stderr}");
            HardeningTests.AssertPrintable(stdout, $"{name}: {what}: stdout");
            HardeningTests.AssertPrintable(stderr, $"{name}: {what}: stderr");
            Assert.True(code == ExitCodes.UsageError || Decisions.Contains(code), $"{name}: {what} gave exit {code}:\n{stderr}");
            if (code == ExitCodes.UsageError)
            {
                Assert.True(stderr.Contains(target, StringComparison.Ordinal) || stderr.Contains(Path.GetFileName(target), StringComparison.Ordinal),
                    $"{name}: {what}: the error does not name the file:\n{stderr}");
                Assert.False(wroteSomething(), $"{name}: {what}: refused, but wrote its output");
            }
        }
        log.WriteLine($"{name}: {MutationsPerFile} mutations, exit codes {string.Join(", ", seen.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value}"))}");
        return seen;
    }

    [Fact]
    public void Compare_MutatedResults_NeverCrashes()
    {
        using var dir = new TempDir();
        var (a, b, outPath) = (dir.File("a.json"), dir.File("b.json"), dir.File("c.json"));
        ResultsFile.Write(a, Results(head: false));
        var valid = ResultsFile.Serialize(Results(head: true));
        var seen = Fuzz("compare HEAD", valid, 1, b, () =>
        {
            if (File.Exists(outPath))
                File.Delete(outPath);
            return ["compare", a, b, "--out", outPath];
        }, () => File.Exists(outPath));
        Assert.True(seen.GetValueOrDefault(ExitCodes.UsageError) > MutationsPerFile / 4, "most mutations should be refused");
        Fuzz("compare BASE", ResultsFile.Serialize(Results(head: false)), 2, a, () =>
        {
            File.WriteAllText(b, valid);
            if (File.Exists(outPath))
                File.Delete(outPath);
            return ["compare", a, b, "--out", outPath];
        }, () => File.Exists(outPath));
    }

    [Fact]
    public void Compare_MutatedConfiguration_NeverCrashes()
    {
        using var dir = new TempDir();
        var (a, b, cfg, outPath) = (dir.File("a.json"), dir.File("b.json"), dir.File("bench.config.json"), dir.File("c.json"));
        ResultsFile.Write(a, Results(head: false));
        ResultsFile.Write(b, Results(head: true));
        Fuzz("configuration", GateConfigFile.DefaultText(), 3, cfg, () =>
        {
            if (File.Exists(outPath))
                File.Delete(outPath);
            return ["compare", a, b, "--config", cfg, "--out", outPath];
        }, () => File.Exists(outPath));
    }

    [Fact]
    public void Report_MutatedResultsComparisonAndHistory_NeverCrash()
    {
        using var dir = new TempDir();
        var (a, b, cmp, hist, html) = (dir.File("a.json"), dir.File("b.json"), dir.File("c.json"), dir.File("history"), dir.File("r/report.html"));
        ResultsFile.Write(a, Results(head: false));
        ResultsFile.Write(b, Results(head: true));
        Assert.Equal(ExitCodes.Success, Bench("compare", a, b, "--out", cmp).Code);
        var validComparison = File.ReadAllText(cmp);
        var historyFile = new HistoryStore(hist).Append(HistoryEntry.From(Results(head: true), new GateDecision(0, GateOutcome.Pass, "ok")));
        var validHistory = File.ReadAllText(historyFile);
        var validResults = File.ReadAllText(b);
        string[] Report()
        {
            if (File.Exists(html))
                File.Delete(html);
            return ["report", "--results", b, "--comparison", cmp, "--history", hist, "--out", html, "--markdown", dir.File("r/report.md")];
        }
        bool Wrote() => File.Exists(html);
        Fuzz("report --results", validResults, 4, b, Report, Wrote);
        File.WriteAllText(b, validResults);
        Fuzz("report --comparison", validComparison, 5, cmp, Report, Wrote);
        File.WriteAllText(cmp, validComparison);
        Fuzz("report --history", validHistory, 6, historyFile, Report, Wrote);
    }

    [Fact]
    public void Baseline_MutatedFiles_NeverCrashNorChangeTheStore()
    {
        using var dir = new TempDir();
        var (results, store) = (dir.File("r.json"), dir.File("baselines"));
        var valid = ResultsFile.Serialize(Results(head: false));
        string Snapshot() => !Directory.Exists(store) ? "" :
            string.Join("\n", Directory.EnumerateFiles(store).Order(StringComparer.Ordinal).Select(f => f + "\n" + File.ReadAllText(f)));
        var before = "";
        Fuzz("baseline save", valid, 7, results, () =>
        {
            before = Snapshot();
            return ["baseline", "save", results, "--baselines", store, "--force"];
        }, () => Snapshot() != before);

        // a mutated file inside the store: list and show answer without crashing, and never rewrite it
        Directory.CreateDirectory(store);
        foreach (var f in Directory.EnumerateFiles(store))
            File.Delete(f);
        var stored = Path.Combine(store, "native--test-cpu--0123456789.json");
        foreach (var verb in new[] { "list", "show" })
        {
            var seen = new Dictionary<int, int>();
            foreach (var (what, text) in JsonMutator.Mutations(valid, verb == "list" ? 8 : 9, MutationsPerFile))
            {
                File.WriteAllText(stored, text);
                var (code, _, stderr) = Bench("baseline", verb, "--baselines", store);
                seen[code] = seen.GetValueOrDefault(code) + 1;
                Assert.True(code is ExitCodes.Success or ExitCodes.UsageError or ExitCodes.NoComparableBaseline, $"baseline {verb}: {what} gave {code}:\n{stderr}");
                Assert.Equal(text, File.ReadAllText(stored));
            }
            log.WriteLine($"baseline {verb}: {MutationsPerFile} mutations, exit codes {string.Join(", ", seen.OrderBy(p => p.Key).Select(p => $"{p.Key} x{p.Value}"))}");
        }
    }

    [Fact]
    public void Post_MutatedComparison_NeverCrashes()
    {
        using var dir = new TempDir();
        var (a, b, cmp) = (dir.File("a.json"), dir.File("b.json"), dir.File("c.json"));
        ResultsFile.Write(a, Results(head: false));
        ResultsFile.Write(b, Results(head: true));
        Assert.Equal(ExitCodes.Success, Bench("compare", a, b, "--out", cmp).Code);
        Fuzz("post --comparison", File.ReadAllText(cmp), 10, cmp,
            () => ["post", "--comparison", cmp, "--dry-run", "--pr", "7", "--sha", "0123456789abcdef0123456789abcdef01234567", "--repo", "o/r"], () => false);
    }
}
