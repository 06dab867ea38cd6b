using Bench.Core.GitHub;
using Bench.Tests.TestSupport;

namespace Bench.Tests.GitHub;

public sealed class PullRequestPostTests
{
    [Fact]
    public void Description_StaysWithin140CharactersWithANote()
    {
        var text = "regression: " + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"{i} slower"));
        var cut = PullRequestPost.Description(text, "https://example.test/r.html");
        Assert.True(cut.Length <= PullRequestPost.StatusDescriptionLimit, cut);
        Assert.EndsWith("… (cut; see Details)", cut);
        Assert.StartsWith("regression: 0 slower, 1 slower", cut);
        Assert.EndsWith("… (cut; all in the comment)", PullRequestPost.Description(text, null));
        Assert.Equal("pass: 3 same", PullRequestPost.Description("pass: 3 same", null));
    }

    [Theory]
    [InlineData("github-actions[bot]", true, "github-actions[bot]", true)]
    [InlineData("GitHub-Actions[bot]", true, "github-actions[bot]", true)]
    [InlineData("octocat", false, "github-actions[bot]", false)]
    [InlineData("github-actions[bot]", false, "github-actions[bot]", false)]
    [InlineData("bench-poster", false, "bench-poster", true)]
    [InlineData(null, false, "github-actions[bot]", false)]
    public void IsOurs_NeedsTheMarkerAndTheConfiguredAuthor(string? login, bool bot, string author, bool ours)
    {
        Assert.Equal(ours, PullRequestPost.IsOurs(new IssueComment(1, PullRequestPost.Marker + "\nx", null, login, bot), author));
        Assert.False(PullRequestPost.IsOurs(new IssueComment(1, "x " + PullRequestPost.Marker, null, login, bot), author));
    }

    /// <summary>A GitHub that never answers.</summary>
    private sealed class Silent : IGitHubClient
    {
        private static Task<T> Never<T>() => new TaskCompletionSource<T>().Task;
        public int Calls { get; private set; }
        public Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number) { Calls++; return Never<IReadOnlyList<IssueComment>>(); }
        public Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body) { Calls++; return Never<IssueComment>(); }
        public Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body) { Calls++; return Never<IssueComment>(); }
        public Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status) { Calls++; return Never<bool>(); }
        public Task CreateCheckRunAsync(RepoName repo, CheckRun run) { Calls++; return Never<bool>(); }
        public Task<string?> GetPullRequestHeadAsync(RepoName repo, int number) { Calls++; return Never<string?>(); }
    }

    [Fact]
    public async Task Run_WhenGitHubNeverAnswers_EndsAtTheTimeoutWithEveryCallAccountedFor()
    {
        var leg = new PostLeg(null, ReportSamples.Comparison(ReportSamples.Run()));
        var client = new Silent();
        var outcome = await PullRequestPost.RunAsync(client, new PostTarget(new RepoName("o", "r"), 7, new string('a', 40), null), [leg],
            new PostOptions(Timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Null(outcome.CommentId);
        Assert.Empty(outcome.Statuses);
        Assert.Equal(["comment", "status bench", "check run bench"], outcome.Failures.Select(f => f.Call));
        Assert.Contains("no answer within", outcome.Failures[0].Message);
        Assert.All(outcome.Failures.Skip(1), f => Assert.StartsWith("not tried", f.Message));
        Assert.Equal(1, client.Calls);
        Assert.Contains("Bench", outcome.Markdown);
    }
}
