using Bench.Core;
using Bench.Core.GitHub;
using Bench.Tests.TestSupport;

namespace Bench.Tests.GitHub;

public sealed class ActionsEventTests
{
    [Fact]
    public void PullRequestEvent_GivesNumberAndHead()
    {
        var e = ActionsEvent.Parse("""{"pull_request": {"number": 7, "head": {"sha": "abc123"}}}""", "event.json");
        Assert.Equal(new ActionsEvent(7, "abc123"), e);
    }

    [Fact]
    public void WorkflowRunEvent_GivesNumberOfASameRepoPrAndHead()
    {
        var e = ActionsEvent.Parse("""{"workflow_run": {"head_sha": "def456", "pull_requests": [{"number": 12}]}}""", "event.json");
        Assert.Equal(new ActionsEvent(12, "def456"), e);
        Assert.Equal(new ActionsEvent(null, "def456"), ActionsEvent.Parse("""{"workflow_run": {"head_sha": "def456", "pull_requests": []}}""", "e"));
    }

    [Fact]
    public void PushEvent_GivesNothing() => Assert.Equal(new ActionsEvent(null, null), ActionsEvent.Parse("""{"ref": "refs/heads/main"}""", "e"));

    [Theory]
    [InlineData("""{"pull_request": {"number": "7"}}""", "pull_request.number = \"7\"")]
    [InlineData("""{"pull_request": 5}""", "pull_request of JSON type number")]
    [InlineData("""[]""", "is not a JSON object")]
    [InlineData("""{"pull_request": {"number": -3}}""", "pull_request.number = -3")]
    [InlineData("""{"pull_request": {"number": 7, "head": {"sha": 1}}}""", "pull_request.head.sha = 1")]
    [InlineData("""{"workflow_run": {"pull_requests": {"number": 1}}}""", "workflow_run.pull_requests") ]
    [InlineData("""{"workflow_run": {"pull_requests": [3]}}""", "pull_requests[0] that is not an object")]
    [InlineData("""{"pull_request": {"number": 7""", "is not JSON")]
    [InlineData("""{"pull_request": {"number": 1e300}}""", "not a positive whole number")]
    [InlineData("""{"pull_request": {"number": 7, "number": 8}}""", "is not JSON")]
    [InlineData("""{"pull_request": null, "pull_request": {"number": 8}}""", "is not JSON")]
    public void WrongTypes_AreUsageErrorsNamingFileAndField(string json, string expected)
    {
        var e = Assert.Throws<BenchException>(() => ActionsEvent.Parse(json, "/x/event.json"));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("/x/event.json", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("--pr N and --sha SHA", e.Message);
    }

    [Fact]
    public void MutatedEvents_AreReadOrRefusedNeverCrash()
    {
        const string valid = """
            {"action": "synchronize", "number": 7, "pull_request": {"number": 7, "head": {"sha": "abc", "ref": "x"}, "base": {"ref": "main"}},
             "workflow_run": {"head_sha": "abc", "conclusion": "success", "pull_requests": [{"number": 7}, {"number": 8}]}}
            """;
        var refused = 0;
        foreach (var (what, text) in JsonMutator.Mutations(valid, 11, 400))
        {
            try
            {
                ActionsEvent.Parse(text, "/x/event.json");
            }
            catch (BenchException e)
            {
                Assert.True(e.ExitCode == ExitCodes.UsageError && e.Message.Contains("/x/event.json"), $"{what}: {e.Message}");
                refused++;
            }
        }
        Assert.InRange(refused, 40, 360);
    }

    [Fact]
    public void Post_BadEventButPrAndShaGiven_DoesNotReadIt()
    {
        using var dir = new TempDir();
        var (a, cmp, ev) = (dir.File("a.json"), dir.File("c.json"), dir.File("event.json"));
        Bench.Core.Results.ResultsFile.Write(a, SampleDocuments.Document());
        Assert.Equal(ExitCodes.Success, CliProcess.Run("compare", a, a, "--out", cmp).ExitCode);
        File.WriteAllText(ev, """{"pull_request": {"number": "7"}}""");
        var env = new Dictionary<string, string> { ["GITHUB_EVENT_PATH"] = ev, ["GITHUB_REPOSITORY"] = "o/r" };
        var given = CliProcess.Run(env, "post", "--comparison", cmp, "--dry-run", "--pr", "7", "--sha", "abc1234");
        Assert.True(given.ExitCode == ExitCodes.Success, given.Stderr);
        var needed = CliProcess.Run(env, "post", "--comparison", cmp, "--dry-run");
        Assert.Equal(ExitCodes.UsageError, needed.ExitCode);
        Assert.Contains("pull_request.number = \"7\"", needed.Stderr);
    }
}
