using System.Text.Json.Nodes;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.GitHub;
using Bench.Core.Reporting;
using Xunit.Abstractions;
using Bench.Tests.TestSupport;

namespace Bench.Tests.GitHub;

/// <summary>`bench post` through the real CLI against a local server that behaves like GitHub's REST API.</summary>
public class PostCliTests(ITestOutputHelper log)
{
    private const string Token = "ghs_TestTokenThatMustNeverBePrinted0123456789";
    private const string HeadSha = "1234567890abcdef1234567890abcdef12345678";

    private static (string Comparison, Dictionary<string, string> Env) Setup(TempDir dir, FakeGitHub github, ComparisonDocument? doc = null)
    {
        github.Commits.Add(HeadSha);
        var comparison = dir.File("comparison.json");
        ComparisonFile.Write(comparison, doc ?? ReportSamples.Comparison(ReportSamples.Run()));
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
            github.Seed(i switch
            {
                120 => "quoting it: " + PullRequestPost.Marker,
                121 => PullRequestPost.Marker + "\na person's comment that starts with the marker",
                _ => $"comment {i}",
            });
        var spoof = github.Comments[121];
        github.FailPageWith502Once = 2;
        github.RateLimitNextCreate = true;
        var (comparison, env) = Setup(dir, github);

        var first = CliProcess.Run(env, "post", "--comparison", comparison, "--report-url", "https://example.test/r.html");
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stdout + first.Stderr);
        var sticky = Assert.Single(github.Comments, c => c.Body.StartsWith(PullRequestPost.Marker, StringComparison.Ordinal) && c.Login == "github-actions[bot]");
        Assert.Equal(251, github.Comments.Count);
        Assert.Equal(spoof, github.Comments[121]);
        Assert.Contains("created on octo-org/bench#7 (found among 250 comment(s))", first.Stdout);
        Assert.Contains("1 comment(s) start with the marker but are not by github-actions[bot]: left alone", first.Stdout);
        Assert.Contains("answered 502", first.Stderr);
        Assert.Contains("answered 403", first.Stderr);
        // pages 1, 2 (502), 2 again, 3; the create (403, then 201); the status; the refused check run
        var requests = github.Log.Select(r => $"{r.Method} {r.Status}").ToList();
        log.WriteLine("first post: " + string.Join(", ", github.Log.Select(r => $"{r.Method} {r.PathAndQuery} {r.Status}")));
        Assert.Equal(["GET 200", "GET 502", "GET 200", "GET 200", "POST 403", "POST 201", "POST 201", "POST 403"], requests);
        Assert.StartsWith("/repos/octo-org/bench/issues/7/comments?", github.Log.First().PathAndQuery);
        Assert.Contains("per_page=100", github.Log.First().PathAndQuery);
        Assert.Contains("check run: not created: this token may not create check runs", first.Stdout);
        var status = Assert.Single(github.Statuses);
        Assert.Equal(HeadSha, status["sha"]!.GetValue<string>());
        Assert.Equal("failure", status["state"]!.GetValue<string>());
        Assert.Equal("bench", status["context"]!.GetValue<string>());
        Assert.Equal("https://example.test/r.html", status["target_url"]!.GetValue<string>());
        Assert.Contains("regression (exit 1)", File.ReadAllText(dir.File("summary.md")));

        // the second post: two legs, a token that may create check runs
        github.Log.Clear();
        github.AcceptCheckRuns = true;
        var second = CliProcess.Run(env, "post", "--comparison", "x64=" + comparison, "--comparison", "arm64=" + comparison, "--report-url", "https://example.test/r2.html");
        Assert.True(second.ExitCode == ExitCodes.Success, second.Stdout + second.Stderr);
        Assert.Equal(251, github.Comments.Count);
        var updated = Assert.Single(github.Comments, c => c.Id == sticky.Id);
        Assert.Contains("Bench \\(x64\\)", updated.Body);
        Assert.Contains("Bench \\(arm64\\)", updated.Body);
        Assert.Contains("r2.html", updated.Body);
        Assert.Equal(spoof, github.Comments[121]);
        Assert.Contains($"comment {sticky.Id} updated", second.Stdout);
        Assert.Contains(github.Log, r => r.Method == "PATCH" && r.PathAndQuery == $"/repos/octo-org/bench/issues/comments/{sticky.Id}");
        log.WriteLine("second post: " + string.Join(", ", github.Log.Select(r => $"{r.Method} {r.PathAndQuery} {r.Status}")));
        Assert.Equal(["GET 200", "GET 200", "GET 200", "PATCH 200", "POST 201", "POST 201", "POST 201", "POST 201"], github.Log.Select(r => $"{r.Method} {r.Status}"));
        Assert.Equal(["bench", "bench/x64", "bench/arm64"], github.Statuses.Select(x => x["context"]!.GetValue<string>()));
        Assert.Equal(["bench/x64", "bench/arm64"], github.CheckRuns.Select(x => x["name"]!.GetValue<string>()));
        Assert.All(github.CheckRuns, run => Assert.Equal("https://example.test/r2.html", run["details_url"]!.GetValue<string>()));
        Assert.Contains("check run: bench/x64: failure, bench/arm64: failure", second.Stdout);

        foreach (var output in new[] { first.Stdout, first.Stderr, second.Stdout, second.Stderr })
            Assert.DoesNotContain(Token, output);
        Assert.All(github.Log, r => Assert.Equal("Bearer " + Token, r.Authorization));
    }

    [Fact]
    public void Post_3000RowsWithNonAsciiIds_FitsTheCommentInCharactersAndTheCheckRunInBytes()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { AcceptCheckRuns = true };
        var sample = ReportSamples.Comparison(ReportSamples.Run());
        var doc = sample with
        {
            Benchmarks = Enumerable.Range(0, 3000).Select(i => sample.Benchmarks[0] with { Id = $"native/fäll-{i:D4}/dispatch-ü/provider-ön", Verdict = Verdict.Slower }).ToList(),
        };
        var (comparison, env) = Setup(dir, github, doc);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stdout + r.Stderr);
        var comment = Assert.Single(github.Comments).Body;
        Assert.InRange(comment.Length, 60_000, 65_536);
        var summary = Assert.Single(github.CheckRuns)["output"]!["summary"]!.GetValue<string>();
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(summary), 60_000, 65_535);
        log.WriteLine($"comment: {comment.Length} characters, {System.Text.Encoding.UTF8.GetByteCount(comment)} bytes; " +
                      $"check-run summary: {summary.Length} characters, {System.Text.Encoding.UTF8.GetByteCount(summary)} bytes");
        Assert.Contains("left out: a check run's summary holds at most 65,535 bytes (UTF-8)", summary);
        Assert.False(Assert.Single(github.CheckRuns).AsObject().ContainsKey("details_url"), "no report URL: the field is left out, not null");
        Assert.True(Assert.Single(github.Statuses)["description"]!.GetValue<string>().Length <= 140);
    }

    [Fact]
    public void Post_A422OnOneLeg_IsReportedWithGitHubsWords_AndTheOtherCallsStillHappen()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { AcceptCheckRuns = true, Refuse422ForContext = "bench/arm64" };
        var (comparison, env) = Setup(dir, github);
        var soft = CliProcess.Run(env, "post", "--comparison", "arm64=" + comparison, "--comparison", "x64=" + comparison, "--missing-leg", "riscv=the runner was cancelled");
        Assert.True(soft.ExitCode == ExitCodes.Success, soft.Stdout + soft.Stderr);
        log.WriteLine($"exit {soft.ExitCode}\n{soft.Stdout}{soft.Stderr}");
        Assert.Contains("the post's status bench/arm64 failed: GitHub refused to set the status bench/arm64", soft.Stderr);
        Assert.Contains("(GitHub: \"Validation Failed\"; \"Status context: context bench/arm64 is refused by this repository's rules\")", soft.Stderr);
        Assert.Contains("1 of the post's calls failed", soft.Stderr);
        Assert.Equal(["bench/x64", "bench/riscv"], github.Statuses.Select(x => x["context"]!.GetValue<string>()));
        Assert.Equal("error", github.Statuses[1]["state"]!.GetValue<string>());
        Assert.Equal(["bench/arm64", "bench/x64"], github.CheckRuns.Select(x => x["name"]!.GetValue<string>()));
        var comment = Assert.Single(github.Comments).Body;
        Assert.Contains("Bench \\(riscv\\): no comparison", comment);
        Assert.Contains("the runner was cancelled", comment);
        var summary = File.ReadAllText(dir.File("summary.md"));
        Assert.Contains("status bench/arm64 failed", summary);

        var hard = CliProcess.Run(env, "post", "--comparison", "arm64=" + comparison, "--comparison", "x64=" + comparison, "--fail-on-post-error");
        Assert.Equal(ExitCodes.PostFailed, hard.ExitCode);
        Assert.Equal(4, github.CheckRuns.Count);
    }

    [Fact]
    public void Post_ToGitHubEnterprise_KeepsTheApiV3Prefix()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token, "/api/v3") { AcceptCheckRuns = true };
        var (comparison, env) = Setup(dir, github);
        Assert.EndsWith("/api/v3", github.BaseUrl);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stdout + r.Stderr);
        Assert.All(github.Log, x => Assert.StartsWith("/api/v3/repos/octo-org/bench/", x.PathAndQuery));
        Assert.Single(github.Comments);
        Assert.Single(github.CheckRuns);
    }

    [Theory]
    [InlineData("1e20")]
    [InlineData("9.3e18")]
    public void Post_ACommentIdPast64Bits_IsAPostFailureNamingIt_NotACrash_AndTheOtherCallsStillHappen(string id)
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { AcceptCheckRuns = true, RawCommentId = id };
        github.Seed("someone's comment");
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        Assert.True(r.ExitCode == ExitCodes.PostFailed, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        Assert.Contains("could not be read", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
        // the status, the check run and the job summary do not hang on the comment
        Assert.Single(github.Statuses);
        Assert.Single(github.CheckRuns);
        Assert.True(File.Exists(dir.File("summary.md")));
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
        log.WriteLine($"exit {soft.ExitCode}\n{soft.Stdout}{soft.Stderr}\nwith --fail-on-post-error: exit {hard.ExitCode}");
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
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
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
    public void Post_SkipStale_NeedsTheCommit_AndInADryRunShowsTheHeadCheckFirst()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        var noSha = CliProcess.Run(env, "post", "--comparison", comparison, "--skip-stale");
        Assert.Equal(ExitCodes.UsageError, noSha.ExitCode);
        Assert.Contains("--skip-stale compares the pull request's head with --sha", noSha.Stderr);
        Assert.Empty(github.Log);
        var dry = CliProcess.Run(env, "post", "--comparison", comparison, "--skip-stale", "--sha", HeadSha, "--dry-run");
        Assert.True(dry.ExitCode == ExitCodes.Success, dry.Stderr);
        var head = dry.Stdout.IndexOf($"dry run: GET {github.BaseUrl}/repos/octo-org/bench/pulls/7", StringComparison.Ordinal);
        Assert.True(head >= 0 && head < dry.Stdout.IndexOf("dry run: POST", StringComparison.Ordinal), dry.Stdout);
        Assert.Empty(github.Log);
    }

    [Fact]
    public void Post_SkipStale_WhenGitHubAnswersThePrWithoutItsHead_PostsNothing()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { PullRequestHead = HeadSha, PullRequestWithoutHead = true };
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--skip-stale", "--sha", HeadSha, "--pr", "7", "--fail-on-post-error");
        Assert.Equal(ExitCodes.PostFailed, r.ExitCode);
        Assert.Contains("without its head commit", r.Stderr);
        Assert.Empty(github.Comments);
        Assert.Empty(github.Statuses);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
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

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Post_TokenWithATrailingNewline_IsTrimmedAndPostsWithoutEverPrintingIt(string tail)
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        env["GITHUB_TOKEN"] = Token + tail;
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--fail-on-post-error");
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
        Assert.Contains(github.Log, l => l.Method == "POST" && l.PathAndQuery.Contains("comments", StringComparison.Ordinal) && l.Status == 201);
    }

    [Fact]
    public void Post_ApiUrlWithAPassword_IsRefusedWithoutPrintingIt()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token);
        var (comparison, env) = Setup(dir, github);
        var withPassword = github.BaseUrl.Replace("http://", "http://someone:s3cretPassw0rd@");
        var r = CliProcess.Run(env, "post", "--comparison", comparison, "--dry-run", "--api-url", withPassword);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("user name or password", r.Stderr);
        Assert.DoesNotContain("s3cretPassw0rd", r.Stdout + r.Stderr);
        Assert.DoesNotContain("someone", r.Stdout + r.Stderr);
        Assert.Empty(github.Log);
    }

    [Fact]
    public void Post_AMalformedAnswerToTheComment_IsAFailedCall_TheStatusIsStillSet_AndExitIsZeroWithAWarning()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { MalformedNextCreate = true };
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("could not be read", r.Stdout + r.Stderr);
        Assert.Single(github.Statuses);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    private const string UnderscoredToken = "ghp_secret_token_with_underscores_0123456789";

    [Fact]
    public void Post_AnErrorQuotingTheAuthorizationHeader_ReachesNoSink_WithTheToken_EscapedOrNot()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(UnderscoredToken) { QuoteAuthorizationInNext422 = true };
        var (comparison, env) = Setup(dir, github);
        env["GITHUB_TOKEN"] = UnderscoredToken;
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("Authorization: Bearer ***", r.Stderr);
        var summary = File.ReadAllText(dir.File("summary.md"));
        Assert.Contains("Authorization: Bearer \\*\\*\\*", summary);
        foreach (var text in new[] { r.Stdout, r.Stderr, summary })
        {
            Assert.DoesNotContain(UnderscoredToken, text);
            Assert.DoesNotContain(MarkdownText.Escape(UnderscoredToken), text);
            Assert.DoesNotContain("secret", text);
        }
    }

    [Fact]
    public void Post_ARedirectToAnotherPort_IsNotFollowedWithTheToken_TheListFails_AndTheStatusIsStillSet()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { RedirectListElsewhere = true };
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Empty(github.Leaks);
        Assert.Contains("not followed, the token goes only to http://127.0.0.1:", r.Stderr);
        Assert.Single(github.Statuses);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr);
    }

    [Fact]
    public void Post_APaginationLinkToAnotherOrigin_IsNeverFollowed()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { LinkNextElsewhere = true };
        for (var i = 0; i < 150; i++)
            github.Seed($"comment {i}");
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Empty(github.ElsewhereLog);
        Assert.Contains("found among 150 comment(s)", r.Stdout);
    }

    [Fact]
    public void Post_AListThatRepeatsItsPageForever_StopsAtTheRepeat()
    {
        using var dir = new TempDir();
        using var github = new FakeGitHub(Token) { RepeatFirstPageForever = true };
        for (var i = 0; i < 100; i++)
            github.Seed($"comment {i}");
        var (comparison, env) = Setup(dir, github);
        var r = CliProcess.Run(env, "post", "--comparison", comparison);
        log.WriteLine($"exit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("comments already listed: stopped, the list repeats", r.Stderr);
        Assert.Equal(2, github.Log.Count(q => q.Method == "GET"));
        Assert.Single(github.Statuses);
    }
}
