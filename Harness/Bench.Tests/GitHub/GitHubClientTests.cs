using System.Net;
using Bench.Core.GitHub;

namespace Bench.Tests.GitHub;

public class GitHubClientTests
{
    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var r = new HttpResponseMessage(status);
        foreach (var (n, v) in headers)
            r.Headers.TryAddWithoutValidation(n, v);
        return r;
    }

    [Fact]
    public void NextPage_FollowsRelNextAndStopsOnTheLastPage()
    {
        var r = Answer(HttpStatusCode.OK, ("Link", "<https://api.test/repos/o/r/issues/7/comments?per_page=100&page=2>; rel=\"next\", <https://api.test/repos/o/r/issues/7/comments?per_page=100&page=3>; rel=\"last\""));
        Assert.Equal("https://api.test/repos/o/r/issues/7/comments?per_page=100&page=2", GitHubClient.NextPage(r)!.AbsoluteUri);
        Assert.Null(GitHubClient.NextPage(Answer(HttpStatusCode.OK, ("Link", "<https://api.test/x?page=1>; rel=\"prev\", <https://api.test/x?page=1>; rel=\"first\""))));
        Assert.Null(GitHubClient.NextPage(Answer(HttpStatusCode.OK)));
    }

    [Fact]
    public void Retryable_ServerErrorsTooManyRequestsAndRateLimited403_NotOther4xx()
    {
        Assert.True(GitHubClient.IsRetryable(Answer(HttpStatusCode.BadGateway)));
        Assert.True(GitHubClient.IsRetryable(Answer(HttpStatusCode.TooManyRequests)));
        Assert.True(GitHubClient.IsRetryable(Answer(HttpStatusCode.Forbidden, ("Retry-After", "30"))));
        Assert.True(GitHubClient.IsRetryable(Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1"))));
        Assert.False(GitHubClient.IsRetryable(Answer(HttpStatusCode.Forbidden)));
        Assert.False(GitHubClient.IsRetryable(Answer(HttpStatusCode.NotFound)));
        Assert.False(GitHubClient.IsRetryable(Answer(HttpStatusCode.UnprocessableEntity)));
    }

    [Fact]
    public void RateLimitWait_HonoursRetryAfterThenTheResetTime()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Assert.Equal(TimeSpan.FromSeconds(30), GitHubClient.RateLimitWait(Answer(HttpStatusCode.Forbidden, ("Retry-After", "30")), now));
        Assert.Equal(TimeSpan.FromSeconds(46), GitHubClient.RateLimitWait(
            Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1800000045")), now));
        Assert.Equal(TimeSpan.Zero, GitHubClient.RateLimitWait(
            Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1799999000")), now));
        Assert.Null(GitHubClient.RateLimitWait(Answer(HttpStatusCode.BadGateway), now));
    }
}
