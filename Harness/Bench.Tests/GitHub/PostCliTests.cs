using System.Text.Json.Nodes;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.GitHub;
using Bench.Tests.TestSupport;

namespace Bench.Tests.GitHub;

/// <summary>`bench post` through the real CLI against a local server that behaves like GitHub's REST API.</summary>
public class PostCliTests
{
    private const string Token = "ghs_TestTokenThatMustNeverBePrinted0123456789";
    private const string HeadSha = "1234567890abcdef1234567890abcdef12345678";

    private static (string Comparison, Dictionary<string, string> Env) Setup(TempDir dir, FakeGitHub github)
    {
        var comparison = dir.File("comparison.json");
        ComparisonFile.Write(comparison, ReportSamples.Comparison(ReportSamples.Run()));
        var @event = dir.File("event.json");
        File.WriteAllText(@event, new JsonObject { ["pull_request"] = new JsonObject { ["number"] = 7, ["head"] = new JsonObject { ["sha"] = HeadSha } } }.ToJsonString());
        return (comparison, new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl,
            ["GITHUB_REPOSITORY"] = github.Repo,
            ["GITHUB_TOKEN"] = Token,
            ["GITHUB_EVENT_PATH"] = @event,
            ["GITHUB_SHA"] = "ffffffffffffffffffffffffffffffffffffffff",
            ["GITHUB_STEP_SUMMARY"] = dir.File("summary.md"),
        });
    }

    [Fact]
    public void Post_Twice_OnAPrWith250Comments_KeepsOneStickyCommentUpdatedInPlace()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        for (var i = 0; i < 250; i++)
            github.Comments.Add((i + 1, i == 120 ? "quoting it: " + PullRequestPost.Marker : $"comment {i}"));
        github.FailPageWith502Once = 2;
        github.RateLimitNextCreate = true;
        var (comparison, env) = Setup(dir, github);

        var first = CliProcess.Run(env, "post", "--comparison", comparison, "--report-url", "https://example.test/r.html");
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stdout + first.Stderr);
        var sticky = Assert.Single(github.Comments, c => c.Body.StartsWith(PullRequestPost.Marker, StringComparison.Ordinal));
        Assert.Equal(251, github.Comments.Count);
        Assert.Contains("created on octo-org/bench#7 (found among 250 comment(s))", first.Stdout);
        Assert.Contains("answered 502", first.Stderr);
        Assert.Contains("answered 403", first.Stderr);
        // pages 1, 2 (502), 2 again, 3; the create (403, then 201); the status; the refused check run
        var requests = github.Log.Select(r => $"{r.Method} {r.Status}").ToList();
        Assert.Equal(["GET 200", "GET 502", "GET 200", "GET 200", "POST 403", "POST 201", "POST 201", "POST 403"], requests);
        Assert.Contains("check run: not created: this token may not create check runs", first.Stdout);
        var status = Assert.Single(github.Statuses);
        Assert.Equal(HeadSha, status["sha"]!.GetValue<string>());
        Assert.Equal("failure", status["state"]!.GetValue<string>());
        Assert.Equal("bench", status["context"]!.GetValue<string>());
        Assert.Equal("https://example.test/r.html", status["target_url"]!.GetValue<string>());
        Assert.Contains("regression (exit 1)", File.ReadAllText(dir.File("summary.md")));

        github.Log.Clear();
        var second = CliProcess.Run(env, "post", "--comparison", "x64=" + comparison, "--report-url", "https://example.test/r2.html");
        Assert.True(second.ExitCode == ExitCodes.Success, second.Stdout + second.Stderr);
        Assert.Equal(251, github.Comments.Count);
        var updated = Assert.Single(github.Comments, c => c.Body.StartsWith(PullRequestPost.Marker, StringComparison.Ordinal));
        Assert.Equal(sticky.Id, updated.Id);
        Assert.Contains("Bench \\(x64\\)", updated.Body);
        Assert.Contains("r2.html", updated.Body);
        Assert.Contains($"comment {sticky.Id} updated", second.Stdout);
        Assert.Contains(github.Log, r => r.Method == "PATCH" && r.PathAndQuery == $"/repos/octo-org/bench/issues/comments/{sticky.Id}");
        Assert.Equal(2, github.Statuses.Count);
        Assert.Equal("bench/x64", github.Statuses[1]["context"]!.GetValue<string>());

        foreach (var output in new[] { first.Stdout, first.Stderr, second.Stdout, second.Stderr })
            Assert.DoesNotContain(Token, output);
        Assert.All(github.Log, r => Assert.Equal("Bearer " + Token, r.Authorization));
    }

    [Fact]
    public void Post_WrongRepo_WarnsAndKeepsExitZero_UnlessAskedToFail()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        env["GITHUB_REPOSITORY"] = "octo-org/no-such-repo";
        var soft = CliProcess.Run(env, "post", "--comparison", comparison);
        Assert.Equal(ExitCodes.Success, soft.ExitCode);
        Assert.Contains("check --repo and --pr", soft.Stderr);
        Assert.Contains("--fail-on-post-error", soft.Stderr);
        var hard = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        Assert.Equal(ExitCodes.PostFailed, hard.ExitCode);
        Assert.Empty(github.Comments);
        Assert.DoesNotContain(Token, soft.Stdout + soft.Stderr + hard.Stdout + hard.Stderr);
    }

    [Fact]
    public void Post_BadToken_SaysSoWithoutPrintingIt()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub("the-right-one");
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        Assert.Equal(ExitCodes.PostFailed, r.ExitCode);
        Assert.Contains("refused the token", r.Stderr);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
    }

    [Fact]
    public void Post_DryRun_PrintsTheRequestsAndSendsNothing()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--dry-run");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Empty(github.Log);
        Assert.Contains($"dry run: POST {github.BaseUrl}/repos/octo-org/bench/issues/7/comments", r.Stdout);
        Assert.Contains($"dry run: POST {github.BaseUrl}/repos/octo-org/bench/statuses/{HeadSha}", r.Stdout);
        Assert.Contains("Bearer ***", r.Stdout);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
        Assert.False(File.Exists(dir.File("summary.md")));
    }

    [Fact]
    public void Post_NoToken_IsAUsageErrorNamingTheVariable()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        env["GITHUB_TOKEN"] = "";
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("GITHUB_TOKEN", r.Stderr);
    }
}
