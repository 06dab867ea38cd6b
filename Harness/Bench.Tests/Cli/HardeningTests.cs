using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bench.Cli;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>
/// The attacks of the hardening audit, each as it was reproduced: no input reaches exit 70, no
/// output is left half-made or written into the wrong place, nothing hostile reaches a terminal,
/// a Markdown comment or an HTML report raw. The verbs run in-process (the real command tree).
/// </summary>
public sealed class HardeningTests
{
    private static (int Code, string Stdout, string Stderr) Bench(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>No raw control character (but line breaks and tabs), no bidirectional control: what every output must hold to.</summary>
    internal static void AssertPrintable(string text, string where)
    {
        var bad = text.Select((c, i) => (c, i)).FirstOrDefault(x => TextSafety.IsUnsafe(x.c) && x.c is not ('\n' or '\r' or '\t'));
        Assert.True(bad == default, $"{where} holds U+{(int)bad.c:X4} at {bad.i}:\n{text}");
    }

    private static string Line(string name = "native/pp01-fast/ops/provider-off", string tail = "(invoke count:1000 tsc_interval:11500)") =>
        $"[  1.0] bench: Type:{name} Per elem: 11.500 cycles(tsc) 4.791 ns (step:0) - (measurement period time:0.000004791 sec time_interval:4791) - {tail}";

    [Fact]
    public void Report_OfAComparisonRowAtTheEdgeOfItsFigures_IsRenderedNotACrash()
    {
        using var dir = new TempDir();
        var doc = ReportSamples.Comparison(ReportSamples.Run());
        doc = doc with { Benchmarks = doc.Benchmarks.Select((b, i) => i == 0 ? b with { BaseMedian = 1e-300, HeadMedian = 1e12, Shift = 1e12, ShiftLow = 1e12, ShiftHigh = 1e12 } : b).ToList() };
        var (cmp, results) = (dir.File("c.json"), dir.File("r.json"));
        ComparisonFile.Write(cmp, doc);
        ResultsFile.Write(results, ReportSamples.Run());
        var (code, _, stderr) = Bench("report", "--results", results, "--comparison", cmp, "--out", dir.File("r.html"), "--markdown", dir.File("r.md"));
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.True(File.Exists(dir.File("r.html")));
    }

    [Fact]
    public void Report_OfTwoRowsClaimingOneKernelUnderTwoImplementations_IsRefusedOrRendered_NotACrash()
    {
        using var dir = new TempDir();
        var one = SampleDocuments.Samples("kernel/lock", SampleDocuments.Noisy(20, 0.1, 30, 1)) with { Implementation = "kernel", Tags = BenchmarkResult.TagsOf("lock"), Runner = null };
        var two = SampleDocuments.Samples("managed/lock", SampleDocuments.Noisy(20, 0.1, 30, 2)) with { Implementation = "managed", Tags = BenchmarkResult.TagsOf("lock"), Runner = null };
        var results = dir.File("r.json");
        ResultsFile.Write(results, SampleDocuments.With(one, two));
        var (code, _, stderr) = Bench("report", "--results", results, "--out", dir.File("r.html"));
        Assert.True(code is ExitCodes.Success or ExitCodes.UsageError, $"exit {code}:\n{stderr}");
        if (code == ExitCodes.UsageError)
            Assert.Contains(results, stderr);
    }

    [Fact]
    public void Outputs_ThatCannotBeWritten_AreExit2NamingThePath()
    {
        using var dir = new TempDir();
        var (a, b) = (dir.File("a.json"), dir.File("b.json"));
        ResultsFile.Write(a, SampleDocuments.Document());
        ResultsFile.Write(b, SampleDocuments.Document());
        var cmp = dir.File("c.json");
        ComparisonFile.Write(cmp, ReportSamples.Comparison(ReportSamples.Run()));
        // /sys takes no new file, not even from root: a folder nobody may write
        foreach (var args in new[]
                 {
                     new[] { "baseline", "save", a, "--force", "--baselines", "/sys/bench-baselines" },
                     ["report", "--results", a, "--out", "/sys/bench-r.html"],
                     ["report", "--results", a, "--comparison", cmp, "--out", dir.File("r.html"), "--markdown", "/sys/bench-m.md"],
                     ["compare", a, b, "--out", dir.Path],
                     ["report", "--results", a, "--out", dir.Path],
                 })
        {
            var (code, _, stderr) = Bench(args);
            Assert.True(code == ExitCodes.UsageError, $"{string.Join(' ', args)}: exit {code}\n{stderr}");
            Assert.Contains(args[^1].StartsWith("/sys", StringComparison.Ordinal) ? args[^1] : dir.Path, stderr);
        }
    }

    [Fact]
    public void Import_OfALineWhoseTscIntervalIsNoMachines_IsRefusedThere_NotWrittenForCompareToRefuse()
    {
        using var dir = new TempDir();
        var log = dir.File("x.dmesg");
        File.WriteAllText(log, Line() + "\n" + Line("native/for_loop", "(invoke count:1 tsc_interval:18446744073709551615)")
            .Replace("Per elem: 11.500", "Per elem: 18446744073709551615.000", StringComparison.Ordinal) + "\n");
        var (code, _, stderr) = Bench("import", log, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("x.dmesg:2: not imported", stderr);
        var doc = ResultsFile.Read(dir.File("r.json"));
        Assert.Equal(["native/pp01-fast/ops/provider-off"], doc.Benchmarks.Select(x => x.Id));
        Assert.InRange(doc.Host.TimerFrequencyHz / 1e6, 2000, 3000);
    }

    [Fact]
    public void Import_OfTwoMachinesLogs_IsRefused_NotMergedIntoARateOfNeither()
    {
        using var dir = new TempDir();
        var (fast, slow) = (dir.File("a.dmesg"), dir.File("b.dmesg"));
        // 3600 MHz: 11500 ticks in 3194 ns; 2000 MHz: 11500 ticks in 5750 ns
        File.WriteAllText(fast, Line().Replace("4.791 ns", "3.194 ns").Replace("time:0.000004791 sec time_interval:4791", "time:0.000003194 sec time_interval:3194") + "\n");
        File.WriteAllText(slow, Line().Replace("4.791 ns", "5.750 ns").Replace("time:0.000004791 sec time_interval:4791", "time:0.000005750 sec time_interval:5750") + "\n");
        var (code, _, stderr) = Bench("import", fast, slow, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains("different TSC rates", stderr);
        Assert.Contains("3600.5 MHz", stderr);
        Assert.Contains("2000.0 MHz", stderr);
        Assert.False(File.Exists(dir.File("r.json")));
    }

    [Fact]
    public void Import_OfAHugeLineOfRepeatedTypes_IsRefusedAsTooLong_AndAShorterOneAsNotALine()
    {
        using var dir = new TempDir();
        var log = dir.File("x.dmesg");
        var hostile = "Per elem: " + string.Concat(Enumerable.Repeat("Type:", 512 * 1024 / 5));
        var shorter = "Per elem: " + string.Concat(Enumerable.Repeat("Type:", 700));
        File.WriteAllText(log, hostile + "\n" + shorter + "\n" + Line() + "\n");
        var (code, _, stderr) = Bench("import", log, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains($"x.dmesg:1: not imported: a line of {hostile.Length} characters, longer than any time_bench line", stderr);
        Assert.Contains("x.dmesg:2: not imported: not a whole time_bench result line", stderr);
    }

    [Fact]
    public async Task TwoSavesAtOnce_OfOneMachinesBaseline_OneWins_TheOtherIsExit2AskingForForce_InTenOfTenRounds()
    {
        using var dir = new TempDir();
        var (first, second) = (dir.File("first.json"), dir.File("second.json"));
        var whole = SampleDocuments.Document();
        var one = whole with { Benchmarks = whole.Benchmarks.Where(b => b.Status is not (BenchmarkStatus.Crashed or BenchmarkStatus.Failed)).ToList() };
        ResultsFile.Write(first, one);
        ResultsFile.Write(second, one with { Benchmarks = one.Benchmarks.Select(b => b with { Metrics = b.Metrics.ToDictionary(m => m.Key, m => m.Value with { Samples = m.Value.Samples.Select(v => v + 1).ToArray() }) }).ToList() });
        var (raced, texts) = (0, new[] { File.ReadAllText(first), File.ReadAllText(second) });
        for (var round = 0; round < 10; round++)
        {
            var store = dir.File($"baselines-{round}");
            // two real processes, as two CI jobs sharing a folder would be
            var runs = new[] { first, second }.Select(f => Task.Run(() => CliProcess.Run("baseline", "save", f, "--baselines", store))).ToArray();
            var results = await Task.WhenAll(runs);
            var won = results.Select((r, i) => (r, i)).Where(x => x.r.ExitCode == ExitCodes.Success).ToList();
            Assert.True(won.Count == 1, $"round {round}: exits {string.Join(", ", results.Select(r => r.ExitCode))}\n{string.Join("\n", results.Select(r => r.Stderr))}");
            var lost = results[1 - won[0].i];
            Assert.True(lost.ExitCode == ExitCodes.UsageError, $"round {round}: the other save gave exit {lost.ExitCode}:\n{lost.Stderr}");
            Assert.Contains("--force", lost.Stderr);
            raced += lost.Stderr.Contains("appeared meanwhile", StringComparison.Ordinal) ? 1 : 0;
            // the store holds the winner's baseline, whole
            var kept = Directory.EnumerateFiles(store, "*.json*").Single();
            var doc = ResultsFile.Read(kept);
            Assert.Equal(ResultsFile.Read(won[0].i == 0 ? first : second).Benchmarks[0].Metrics.First().Value.Samples, doc.Benchmarks[0].Metrics.First().Value.Samples);
        }
        Assert.InRange(raced, 0, 10);
        Assert.Equal(2, texts.Distinct().Count());
    }

    [Fact]
    public async Task Import_OfAFifoWithNoWriter_IsRefused_NotWaitedOnForever()
    {
        using var dir = new TempDir();
        var fifo = dir.File("capture.fifo");
        using (var mk = Process.Start("mkfifo", fifo))
            mk.WaitForExit();
        var run = Task.Run(() => Bench("import", fifo, "--out", dir.File("r.json")));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, "import of a FIFO with no writer did not return");
        var (code, _, stderr) = await run;
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains("not a regular file", stderr);
        Assert.Contains(fifo, stderr);
    }

    [Fact]
    public void Import_EchoesARefusedLine_WithItsControlCharactersEscaped()
    {
        using var dir = new TempDir();
        var log = dir.File("x.dmesg");
        File.WriteAllText(log, "Type:\u001b[2J\u202eevil Per elem: broken\n" + Line() + "\n");
        var (code, stdout, stderr) = Bench("import", log, "--out", dir.File("r.json"));
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("\\u001B[2J\\u202Eevil", stderr);
        AssertPrintable(stdout + stderr, "import's output");
    }

    [Fact]
    public void Compare_OfAnIdWithANewline_IsRefusedAtRead_AndForgesNoLine()
    {
        using var dir = new TempDir();
        var (a, b) = (dir.File("a.json"), dir.File("b.json"));
        ResultsFile.Write(a, SampleDocuments.Document());
        var doc = SampleDocuments.Document();
        var hostile = doc with { Benchmarks = doc.Benchmarks.Select((x, i) => i == 0 ? x with { Id = "native/x\nFORGED LINE: gate passed\u001b[2J" } : x).ToList() };
        File.WriteAllText(b, ResultsFile.Serialize(hostile));
        var (code, stdout, stderr) = Bench("compare", a, b);
        Assert.True(code == ExitCodes.UsageError, stderr);
        Assert.Contains(b, stderr);
        Assert.Contains("control character \\n", stderr);
        Assert.DoesNotContain((stdout + stderr).Split('\n'), l => l.StartsWith("FORGED", StringComparison.Ordinal));
        AssertPrintable(stdout + stderr, "compare's output");
    }

    [Fact]
    public void Post_OfAShaOrMissingLegWithControlCharacters_IsExit2_AndPrintsNoWorkflowCommandLine()
    {
        using var dir = new TempDir();
        var cmp = dir.File("c.json");
        ComparisonFile.Write(cmp, ReportSamples.Comparison(ReportSamples.Run()));
        foreach (var args in new[]
                 {
                     new[] { "--sha", "abc1234\n::set-output name=x::y" },
                     ["--sha", "0123456789abcdef0123456789abcdef01234567", "--missing-leg", "arm64=\u001b[2J\n::error::FORGED"],
                     ["--sha", "0123456789abcdef0123456789abcdef01234567", "--missing-leg", "arm64=gone \u202eevil"],
                     ["--sha", "0123456789abcdef0123456789abcdef01234567", "--report-url", "https://x.test/r.html) [click](https://evil.example"],
                 })
        {
            var (code, stdout, stderr) = Bench(["post", "--comparison", cmp, "--dry-run", "--pr", "7", "--repo", "o/r", .. args]);
            Assert.True(code == ExitCodes.UsageError, $"{string.Join(' ', args)}: exit {code}\n{stdout}{stderr}");
            Assert.DoesNotContain((stdout + stderr).Split('\n'), l => l.StartsWith("::", StringComparison.Ordinal));
            AssertPrintable(stdout + stderr, "post's output");
        }
    }

    [Fact]
    public void Markdown_OfHostileText_PingsNobody_LinksNothing_AndShowsNoBidiControl()
    {
        string[] hostile = ["@octocat", "cc @org/team", "https://evil.example/x", "see www.evil.example now", "HTTP://EVIL.EXAMPLE", "mail me@evil.example",
            "abc\u202edef", "bell\u0007", "esc\u001b[2J"];
        foreach (var text in hostile)
        {
            var md = MarkdownText.Escape(text);
            Assert.DoesNotMatch(@"@[A-Za-z0-9]", md);
            Assert.DoesNotMatch(@"(?i)[a-z]+://", md);
            Assert.DoesNotMatch(@"(?i)www\.", md);
            AssertPrintable(md, $"Markdown of '{TextSafety.Shown(text)}'");
            AssertPrintable(Html.Text(text), $"HTML of '{TextSafety.Shown(text)}'");
        }
        // what a reader sees is still the text: the joiner is invisible
        Assert.Equal("@octocat", MarkdownText.Escape("@octocat").Replace(MarkdownText.WordJoiner.ToString(), "", StringComparison.Ordinal));
    }

    [Fact]
    public void ThePrComment_OfAComparisonWithHostileIdsReasonsAndMachine_HoldsNoMentionAutolinkOrControl()
    {
        var doc = ReportSamples.Comparison(ReportSamples.Run());
        doc = doc with
        {
            Base = doc.Base with { Label = "@octocat www.evil.example", Machine = "https://evil.example/m" },
            Head = doc.Head with { Label = "cc @org/team" },
            Benchmarks = doc.Benchmarks.Select((b, i) => i == 0 ? b with { Id = "native/@octocat/https://evil.example/x", Reason = "see www.evil.example and @someone" } : b).ToList(),
        };
        var body = Core.GitHub.PullRequestPost.Markdown([new Core.GitHub.PostLeg("x64", doc)], "https://owner.github.io/bench/",
            [new Core.GitHub.MissingLeg("arm64", "ask @octocat at https://evil.example")]);
        Assert.DoesNotMatch(@"@[A-Za-z0-9]", body);
        Assert.DoesNotMatch(@"(?i)www\.evil", body);
        Assert.DoesNotMatch(@"(?i)https?://evil", body);
        AssertPrintable(body, "the PR comment");
        // the link bench makes itself is still a link
        Assert.Contains("(https://owner.github.io/bench/)", body);
    }

    [Fact]
    public void Console_UnderAGermanLocale_PrintsInvariantNumbers()
    {
        using var dir = new TempDir();
        var (a, b) = (dir.File("a.json"), dir.File("b.json"));
        ResultsFile.Write(a, SampleDocuments.Document());
        ResultsFile.Write(b, SampleDocuments.Document());
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var (code, stdout, stderr) = Bench("compare", a, b);
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Matches(@"\d\.\d", stdout);
            Assert.DoesNotMatch(@"\d,\d\d\d? ", stdout);
            Assert.Equal("de-DE", CultureInfo.CurrentCulture.Name);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void TheWorkflows_PinThePrivilegedStagesActions_AndTheGateLeavesNoCredential()
    {
        var root = TestSupport.RepoRoot.Path;
        // the privileged stages, and the action the post stage runs: every action pinned by commit; `./` is
        // action.yml itself, from the default branch pr-post checks out (checked here as one of the files)
        foreach (var path in new[] { Path.Combine(".github", "workflows", "pr-post.yml"), Path.Combine(".github", "workflows", "publish.yml"), "action.yml" })
        {
            var uses = File.ReadAllLines(Path.Combine(root, path)).Where(l => l.TrimStart().StartsWith("- uses:", StringComparison.Ordinal) ||
                                                                          l.TrimStart().StartsWith("uses:", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(uses);
            foreach (var u in uses.Where(u => !(path.EndsWith("pr-post.yml", StringComparison.Ordinal) && u.Trim() == "- uses: ./")))
                Assert.Matches(@"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}( |$)", u);
        }
        var gate = File.ReadAllText(Path.Combine(root, ".github", "workflows", "pr-gate.yml"));
        Assert.Contains("persist-credentials: false", gate);
        Assert.DoesNotContain("not from the PR's code", gate);
    }

}
