using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Running.Worker;
using Bench.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Bench.Tests.GitHub;

/// <summary>
/// The composite action (action.yml) and its two scripts, run as GitHub Actions runs them: the
/// environment it sets, the action's inputs as BENCH_* variables, the real CLI, and for the post
/// half the GitHub stand-in with GitHub's rules.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the action's scripts are bash on a Linux runner
public class ActionScriptsTests
{
    private const string Token = "ghs_ActionTestTokenThatMustNeverBePrinted0123";
    private const string HeadSha = "1234567890abcdef1234567890abcdef12345678";

    private static readonly string Repo = RepoRoot.Path;

    /// <summary>The built CLI as a command on PATH would be: a script that runs it with the same dotnet host.</summary>
    private static string BenchCommand(TempDir dir)
    {
        var path = dir.File("bench");
        File.WriteAllText(path, $"#!/bin/sh\nexec '{WorkerLaunch.DotnetHost()}' '{Path.Combine(AppContext.BaseDirectory, "bench.dll")}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static CliProcess.Result Script(string name, IReadOnlyDictionary<string, string> env, string cwd)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(Repo, ".ci", "action", name)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd,
        };
        // what every GitHub-hosted step has, and nothing of this process's own GitHub context
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("BENCH_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(k);
        psi.Environment["GITHUB_ACTIONS"] = "true";
        psi.Environment["GITHUB_ACTION_PATH"] = Repo;
        return CliProcess.Finish(psi, env, TimeSpan.FromMinutes(8), $".ci/action/{name}");
    }

    private static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    [Fact]
    public void ActionYml_AgreesWithItsScripts_AndWithEveryWorkflowThatUsesIt()
    {
        var actionPath = Path.Combine(Repo, "action.yml");
        var action = Yaml(actionPath);
        var text = File.ReadAllText(actionPath);
        var inputs = Map(action, "inputs").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        Assert.Contains("mode", inputs);
        Assert.Equal("composite", ((YamlScalarNode)Map(action, "runs").Children[new YamlScalarNode("using")]).Value);
        // every inputs.X it reads is declared
        Assert.All(Regex.Matches(text, @"inputs\.([a-z-]+)").Select(m => m.Groups[1].Value), i => Assert.Contains(i, inputs));

        // every BENCH_* a script reads is set by the step that runs it (BENCH and BENCH_LEG are overrides for a local run)
        var steps = ((YamlSequenceNode)Map(action, "runs").Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>().ToList();
        foreach (var script in new[] { "gate", "post" })
        {
            var step = Assert.Single(steps, s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) && ((YamlScalarNode)run).Value!.Contains($".ci/action/{script}"));
            var set = Map(step, "env").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
            var read = Regex.Matches(File.ReadAllText(Path.Combine(Repo, ".ci", "action", script)), @"\$\{?(BENCH_[A-Z_]+)").Select(m => m.Groups[1].Value).Distinct();
            Assert.All(read.Where(v => v != "BENCH_LEG"), v => Assert.Contains(v, set));
        }
        // every output is one the gate script writes
        var written = Regex.Matches(File.ReadAllText(Path.Combine(Repo, ".ci", "action", "gate")), @"echo ""([a-z-]+)=").Select(m => m.Groups[1].Value).ToHashSet();
        var outputs = Map(action, "outputs").Children.Values.Select(v => ((YamlScalarNode)((YamlMappingNode)v).Children[new YamlScalarNode("value")]).Value!);
        Assert.All(outputs, o => Assert.Contains(Regex.Match(o, @"steps\.gate\.outputs\.([a-z-]+)").Groups[1].Value, written));

        // the repo's workflows and the examples in docs/ use it, with inputs it has and a mode it knows
        var uses = 0;
        foreach (var workflow in Directory.GetFiles(Path.Combine(Repo, ".github", "workflows"), "*.yml").Concat(Directory.GetFiles(Path.Combine(Repo, "docs", "examples"), "*.yml")))
            foreach (var job in Map(Yaml(workflow), "jobs").Children.Values.Cast<YamlMappingNode>())
                if (job.Children.TryGetValue(new YamlScalarNode("steps"), out var jobSteps))
                    foreach (var step in ((YamlSequenceNode)jobSteps).Children.Cast<YamlMappingNode>())
                        if (step.Children.TryGetValue(new YamlScalarNode("uses"), out var u) && ((YamlScalarNode)u).Value is "./" or "octo-org/bench@v1")
                        {
                            uses++;
                            var with = step.Children.TryGetValue(new YamlScalarNode("with"), out var w) ? (YamlMappingNode)w : new YamlMappingNode();
                            Assert.All(with.Children.Keys.Select(k => ((YamlScalarNode)k).Value!), k => Assert.True(inputs.Contains(k), $"{workflow}: {k} is no input of action.yml"));
                            if (with.Children.TryGetValue(new YamlScalarNode("mode"), out var mode))
                                Assert.Contains(((YamlScalarNode)mode).Value, new[] { "gate", "post" });
                        }
        Assert.Equal(4, uses); // pr-gate, pr-post and the two examples
        Assert.All(Directory.GetFiles(Path.Combine(Repo, "docs", "examples"), "*.yml"), f => Assert.True(File.ReadAllLines(f).Length <= 15, $"{f} is over 15 lines"));
    }

    [Fact]
    public void Gate_OnAPullRequest_JudgesHeadAgainstBasePaired_AndWritesWhatThePostHalfReads()
    {
        using var dir = new TempDir();
        var @event = dir.File("event.json");
        File.WriteAllText(@event, new JsonObject { ["pull_request"] = new JsonObject { ["number"] = 7, ["head"] = new JsonObject { ["sha"] = HeadSha } } }.ToJsonString());
        var output = dir.File("github-output");
        var r = Script("gate", new Dictionary<string, string>
        {
            ["GITHUB_WORKSPACE"] = Repo,
            ["GITHUB_EVENT_PATH"] = @event,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_BASE_REF"] = "main",
            ["RUNNER_ARCH"] = "X64",
            ["BENCH"] = BenchCommand(dir),
            ["BENCH_BASE_REF"] = "HEAD", // origin/main is not in every clone the tests run in
            ["BENCH_FILTER"] = "  native/for_loop  \n\n",
            ["BENCH_QUICK"] = "true",
            ["BENCH_OUT"] = dir.File("out"),
            ["BENCH_CACHE"] = dir.File("cache"),
        }, Repo);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var outputs = File.ReadAllLines(output).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Contains(outputs["exit-code"], new[] { "0", "1", "3" });
        Assert.Equal(outputs["exit-code"] switch { "0" => "pass", "1" => "regression", _ => "inconclusive" }, outputs["outcome"]);
        Assert.Equal("x64", outputs["leg"]);
        var row = Assert.Single(ComparisonFile.Read(outputs["comparison"]).Benchmarks);
        Assert.Equal("native/for_loop", row.Id);
        Assert.True(File.Exists(outputs["report"]) && File.Exists(outputs["markdown"]));
        var pr = JsonNode.Parse(File.ReadAllText(outputs["pr-json"]))!;
        Assert.Equal((7, HeadSha, "x64", outputs["exit-code"]),
            (pr["pr"]!.GetValue<int>(), pr["sha"]!.GetValue<string>(), pr["arch"]!.GetValue<string>(), pr["gateExitCode"]!.GetValue<string>()));
    }

    [Fact]
    public void Gate_WithoutABase_OrInARepositoryWithoutBench_SaysWhy_AndRunsNothing()
    {
        using var dir = new TempDir();
        var noBase = Script("gate", new Dictionary<string, string> { ["GITHUB_WORKSPACE"] = Repo, ["BENCH"] = BenchCommand(dir) }, Repo);
        Assert.Equal(2, noBase.ExitCode);
        Assert.Contains("::error::no base to judge against", noBase.Stdout);
        var empty = Directory.CreateDirectory(dir.File("other-repo")).FullName;
        var noBench = Script("gate", new Dictionary<string, string> { ["GITHUB_WORKSPACE"] = empty, ["GITHUB_BASE_REF"] = "main" }, empty);
        Assert.Equal(2, noBench.ExitCode);
        Assert.Contains("has neither ./bench (Bench's layout) nor bench.json", noBench.Stdout);
        var badQuick = Script("gate", new Dictionary<string, string> { ["GITHUB_WORKSPACE"] = Repo, ["GITHUB_BASE_REF"] = "main", ["BENCH"] = BenchCommand(dir), ["BENCH_QUICK"] = "yes" }, Repo);
        Assert.Equal(2, badQuick.ExitCode);
        Assert.Contains("give true or false", badQuick.Stdout);
    }

    [Fact]
    public void Gate_InARepositoryWithASuiteOfItsOwn_JudgesItsKernels_WithTheActionsBench()
    {
        using var dir = new TempDir();
        var repo = GitRepo.OfExample("lookup-suite", dir.File("lookup"), "build/\nbench-out/\n");
        var output = dir.File("github-output");
        var r = Script("gate", new Dictionary<string, string>
        {
            ["GITHUB_WORKSPACE"] = repo,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_BASE_REF"] = "main",
            ["RUNNER_ARCH"] = "X64",
            // no BENCH: the action's own ./bench (this checkout's, as built for the tests)
            ["BENCH_NO_BUILD"] = "1",
            ["BENCH_BASE_REF"] = "HEAD",
            ["BENCH_FILTER"] = "lookup/switch",
        }, repo);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("has a suite of its own (bench.json): gating it with the action's bench", r.Stdout);
        var outputs = File.ReadAllLines(output).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Contains(outputs["exit-code"], new[] { "0", "3" });
        var row = Assert.Single(ComparisonFile.Read(Path.Combine(repo, outputs["comparison"])).Benchmarks);
        Assert.Equal("lookup/switch", row.Id);
    }

    /// <summary>Artifacts as the gate half uploads them: an x64 leg with its comparison, an arm64 leg that ended before writing one; both name <paramref name="prJsonPr"/>.</summary>
    private static Dictionary<string, string> Artifacts(TempDir dir, FakeGitHub github, string prJsonPr = "7")
    {
        github.Commits.Add(HeadSha);
        var x64 = Directory.CreateDirectory(dir.File("artifacts/bench-x64")).FullName;
        ComparisonFile.Write(Path.Combine(x64, "comparison.json"), ReportSamples.Comparison(ReportSamples.Run()));
        File.WriteAllText(Path.Combine(x64, "pr.json"), $"{{\"pr\": {prJsonPr}, \"sha\": \"{HeadSha}\", \"arch\": \"x64\", \"gateExitCode\": \"0\"}}");
        var arm64 = Directory.CreateDirectory(dir.File("artifacts/bench-arm64")).FullName;
        File.WriteAllText(Path.Combine(arm64, "pr.json"), $"{{\"pr\": {prJsonPr}, \"sha\": \"{HeadSha}\", \"arch\": \"arm64\", \"gateExitCode\": \"5\"}}");
        return new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = Token,
            ["GITHUB_REPOSITORY"] = github.Repo,
            ["GITHUB_API_URL"] = github.BaseUrl,
            ["GITHUB_STEP_SUMMARY"] = dir.File("summary.md"),
            ["BENCH"] = BenchCommand(dir),
            ["BENCH_ARTIFACTS"] = dir.File("artifacts"),
            ["BENCH_HEAD_SHA"] = HeadSha,
            ["BENCH_RUN_URL"] = "https://github.com/octo-org/bench/actions/runs/42",
            ["BENCH_LEGS"] = "x64 arm64",
            ["BENCH_COMMENT_AUTHOR"] = "github-actions[bot]",
            ["BENCH_FAIL_ON_POST_ERROR"] = "true",
        };
    }

    [Fact]
    public void Post_ChecksThePrAgainstTheRunsHead_ThenPostsEveryLegOnce()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { PullRequestHead = HeadSha };
        var r = Script("post", Artifacts(dir, github), dir.Path);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
        var comment = Assert.Single(github.Comments);
        Assert.Contains("arm64", comment.Body);
        Assert.Contains("exit code 5", comment.Body);
        Assert.Equal(2, github.Statuses.Count);
        Assert.Contains(github.Statuses, s => s["state"]!.GetValue<string>() == "error" && s["context"]!.GetValue<string>().Contains("arm64"));
        var log = github.Log.ToList();
        Assert.Equal(("GET", $"/repos/{github.Repo}/pulls/7"), (log[0].Method, log[0].PathAndQuery));
    }

    [Fact]
    public void Post_APrPushedAgainSince_PostsNothing_AndSaysSo()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { PullRequestHead = new string('9', 40) };
        var r = Script("post", Artifacts(dir, github), dir.Path);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("pushed again", r.Stdout);
        Assert.Empty(github.Comments);
        Assert.Empty(github.Statuses);
        Assert.All(github.Log, l => Assert.Equal("GET", l.Method));
    }

    [Theory]
    [InlineData("\"7; curl https://evil.example\"", 1, "holds no PR number")]
    [InlineData("1234567890", 1, "is not one")]
    [InlineData("8", ExitCodes.PostFailed, "head check failed")] // a number, but not this commit's PR: GitHub answers 404
    public void Post_APrNumberFromTheArtifactThatIsNotThisCommitsPr_PostsNothing(string pr, int exit, string said)
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { PullRequestHead = HeadSha };
        var r = Script("post", Artifacts(dir, github, pr), dir.Path);
        Assert.True(r.ExitCode == exit, r.Stdout + r.Stderr);
        Assert.Contains(said, r.Stdout + r.Stderr);
        Assert.Empty(github.Comments);
        Assert.Empty(github.Statuses);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
    }
}
