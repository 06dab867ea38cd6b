using Bench.Core.Results;
using System.Diagnostics;
using System.Text.Json;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>
/// A suite from outside, end to end: a repository of its own (the example suite's C and C# kernels and its
/// bench.json, copied into a fresh git repository) goes through list, count, run, baseline save, gate, ab of
/// a real change, report and post --dry-run with the real CLI, no file of Bench edited.
/// </summary>
public sealed class SuiteCliTests
{
    private static readonly string[] SuiteIds = ["lookup/for_loop", "lookup/switch", "lookup/indirect", "managed/lookup/switch", "managed/lookup/indirect"];

    [Fact]
    public void ASuiteOfItsOwn_GoesThroughEveryVerb_AndAbOfARealChangeIsSlower()
    {
        using var dir = new TempDir();
        var repo = dir.Path;
        GitRepo.OfExample("lookup-suite", repo, "build/\nreports/\n*-results/\n*.json.out\n");

        var list = Bench(repo, "list");
        Assert.Equal(0, list.ExitCode);
        var listed = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(SuiteIds, id => Assert.Contains(id, listed));
        // the suite in force is the repository's: none of Bench's own kernels or twins
        Assert.DoesNotContain(listed, id => id.StartsWith("native/", StringComparison.Ordinal) || id.StartsWith("managed/pp", StringComparison.Ordinal));

        // Bench's injected native builds are of its own kernels: a suite's selftest is told so, before anything runs
        var selftest = Bench(repo, "selftest", "--inject", "k1");
        Assert.Equal(2, selftest.ExitCode);
        Assert.Contains("the suite 'lookup'", selftest.Stderr);
        Assert.Contains("--inject none", selftest.Stderr);

        var count = Bench(repo, "count", "--out", "counts.json");
        Assert.Equal(0, count.ExitCode);
        Assert.Matches(@"lookup\s+switch\s+14\.80", count.Stdout);

        // bench cost takes any suite with a style tag: without "contrasts" in its manifest, its first style is the reference
        var cost = Bench(repo, "cost", "--quick", "--launches", "4", "--no-rerun", "--no-count", "--out", "cost.json");
        Assert.True(cost.ExitCode == 0, cost.Stdout + cost.Stderr);
        Assert.Contains("native lookup targets=4: against lookup/", cost.Stdout);
        var contrasted = ResultsFile.Read(Path.Combine(repo, "cost.json")).Contrasts!;
        Assert.Equal(["managed", "native"], contrasted.Rows.Select(r => r.Implementation).Order());
        Assert.All(contrasted.Rows, r => Assert.Equal(["indirect", "switch"], new[] { r.Level, r.Reference.Split('/')[^1] }.Order()));
        // the suite has no provider tag: nothing is toggled, and the matrix does not say otherwise
        Assert.DoesNotContain("on against off", cost.Stdout);

        var run = Bench(repo, "run", "--quick", "--launches", "4", "--with-count", "--out", "own.json");
        Assert.Equal(0, run.ExitCode);
        // every tag the suite gave, native and managed, kept in its order
        var own = ResultsFile.Read(Path.Combine(repo, "own.json")).Benchmarks.ToDictionary(b => b.Id, b => string.Join(' ', b.Tags.Select(t => $"{t.Key}={t.Value}")));
        Assert.Equal("case=lookup style=switch targets=4", own["lookup/switch"]);
        Assert.Equal("case=lookup style=switch targets=4", own["managed/lookup/switch"]);
        Assert.Equal("case=for_loop", own["lookup/for_loop"]);
        // the CPU probe runs the kernel the manifest names, on every CPU the run measures on
        var probed = ResultsFile.Read(Path.Combine(repo, "own.json")).Run.CpuProbe;
        Assert.NotNull(probed);
        Assert.NotEmpty(probed);
        Assert.All(probed, p => Assert.Equal("lookup/indirect", p.Kernel));
        var save = Bench(repo, "baseline", "save", "own.json");
        Assert.Equal(0, save.ExitCode);
        Assert.Matches(@"saved baselines/lookup--[a-z0-9-]+\.json\.gz", save.Stdout);
        GitRepo.Commit(repo, "its baseline");

        // the gate runs head paired with the baseline's build, rebuilt from the baseline's commit by its bench.json
        var gate = Bench(repo, "gate", "--quick", "--launches", "8", "--no-rerun", "--cache", "none");
        Assert.True(gate.ExitCode is 0 or 3, $"gate exit {gate.ExitCode}: {gate.Stdout}{gate.Stderr}");
        Assert.Contains("gate: base = the build of baseline lookup--", gate.Stdout);
        var judged = ReadComparison(Path.Combine(repo, "gate-results", "comparison.json"));
        Assert.Equal(SuiteIds.Order(), judged.Keys.Order());
        Assert.DoesNotContain(judged.Values, v => v is "slower" or "faster");

        // a real change: one more call per element in the switch kernels, C and C#
        Edit(Path.Combine(repo, "lookup.c"), "\t\tdefault: acc = op_neg(acc); break;\n\t\t}\n", "\t\tdefault: acc = op_neg(acc); break;\n\t\t}\n\t\tacc = op_rot(acc);\n");
        Edit(Path.Combine(repo, "managed", "Lookup.cs"), "        for (i = 0; i < loops; i++)\n            acc = op[i % Ops.Count] switch", "        for (i = 0; i < loops; i++)\n        {\n            acc = op[i % Ops.Count] switch");
        Edit(Path.Combine(repo, "managed", "Lookup.cs"), "                _ => Ops.Neg(acc),\n            };\n", "                _ => Ops.Neg(acc),\n            };\n            acc = Ops.Rot(acc);\n        }\n");
        GitRepo.Commit(repo, "switch: one more call per element");
        var ab = Bench(repo, "ab", "--base", "HEAD~1", "--quick", "--launches", "8", "--cache", "none", "--report", "reports/ab.html");
        Assert.True(ab.ExitCode == 1, $"ab exit {ab.ExitCode}: {ab.Stdout}{ab.Stderr}");
        var verdicts = ReadComparison(Path.Combine(repo, "ab-results", "comparison.json"));
        Assert.Equal("slower", verdicts["lookup/switch"]);
        Assert.Equal("slower", verdicts["managed/lookup/switch"]);
        Assert.Equal("same", verdicts["lookup/for_loop"]);
        Assert.True(File.Exists(Path.Combine(repo, "reports", "ab.html")));

        var report = Bench(repo, "report", "--results", "ab-results/head-results.json", "--comparison", "ab-results/comparison.json", "-o", "reports/again.html");
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("lookup/switch", File.ReadAllText(Path.Combine(repo, "reports", "again.html")));

        var post = Bench(repo, "post", "--comparison", "ab-results/comparison.json", "--pr", "7", "--repo", "someone/lookup", "--sha", GitRepo.Head(repo), "--dry-run");
        Assert.Equal(0, post.ExitCode);
        Assert.Contains("dry run: POST https://api.github.com/repos/someone/lookup/issues/7/comments", post.Stdout);
        Assert.Contains("regression", post.Stdout);
    }

    [Fact]
    public void ABadManifest_IsRefusedWithExit2_NamingTheFileAndTheFix()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), """{ "suite": "lookup", "native": { "library": "x.so" }, "nativ": {} }""");
        var r = CliProcess.RunIn(null, dir.Path, "list");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"suite manifest {Path.Combine(dir.Path, "bench.json")}", r.Stderr);
        Assert.Contains("\"nativ\", which Bench does not know", r.Stderr);
    }

    [Fact]
    public void ABuildThatMakesNothing_IsAnEnvironmentError_NamingTheOutput()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bench.json"), """{ "suite": "empty", "native": { "build": [["true"]], "library": "build/libnone.so" } }""");
        var r = CliProcess.RunIn(null, dir.Path, "list");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("its native output", r.Stderr);
        Assert.Contains("build/libnone.so is missing", r.Stderr);
    }

    private static CliProcess.Result Bench(string repo, params string[] args) => CliProcess.RunIn(null, repo, args);

    private static Dictionary<string, string> ReadComparison(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("benchmarks").EnumerateArray()
            .ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("verdict").GetString()!);
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
