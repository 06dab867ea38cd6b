using System.Net;
using Bench.Core.GitHub;

namespace Bench.Tests.GitHub;

public class GitHubHandlerTests
{
    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var r = new HttpResponseMessage(status);
        foreach (var (n, v) in headers)
            r.Headers.TryAddWithoutValidation(n, v);
        return r;
    }

    [Fact]
    public void Retryable_ServerErrorsTooManyRequestsAndRateLimited403_NotOther4xx()
    {
        Assert.True(GitHubHandler.IsRetryable(Answer(HttpStatusCode.BadGateway)));
        Assert.True(GitHubHandler.IsRetryable(Answer(HttpStatusCode.TooManyRequests)));
        Assert.True(GitHubHandler.IsRetryable(Answer(HttpStatusCode.Forbidden, ("Retry-After", "30"))));
        Assert.True(GitHubHandler.IsRetryable(Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1"))));
        Assert.False(GitHubHandler.IsRetryable(Answer(HttpStatusCode.Forbidden)));
        Assert.False(GitHubHandler.IsRetryable(Answer(HttpStatusCode.NotFound)));
        Assert.False(GitHubHandler.IsRetryable(Answer(HttpStatusCode.UnprocessableEntity)));
    }

    [Fact]
    public void RateLimitWait_HonoursRetryAfterThenTheResetTime()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Assert.Equal(TimeSpan.FromSeconds(30), GitHubHandler.RateLimitWait(Answer(HttpStatusCode.Forbidden, ("Retry-After", "30")), now));
        Assert.Equal(TimeSpan.FromSeconds(46), GitHubHandler.RateLimitWait(
            Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1800000045")), now));
        Assert.Equal(TimeSpan.Zero, GitHubHandler.RateLimitWait(
            Answer(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1799999000")), now));
        Assert.Null(GitHubHandler.RateLimitWait(Answer(HttpStatusCode.BadGateway), now));
    }

    /// <summary>Answers from a script, recording what reached it.</summary>
    private sealed class Scripted(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        private int _next;
        public List<string?> Versions { get; } = [];
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Versions.Add(request.Headers.TryGetValues("X-GitHub-Api-Version", out var v) ? string.Join(",", v) : null);
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return Answer(answers[Math.Min(_next++, answers.Length - 1)]);
        }
    }

    [Fact]
    public async Task Handler_RetriesServerErrorsWithTheSameBody_AndSendsTheApiVersionEveryTime()
    {
        var inner = new Scripted(HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);
        var log = new List<string>();
        using var client = new HttpClient(new GitHubHandler(inner, log.Add, TimeSpan.FromMilliseconds(1)));
        using var answer = await client.PostAsync("http://127.0.0.1:9/x", new StringContent("{\"body\":\"é\"}"));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal(["2022-11-28", "2022-11-28", "2022-11-28"], inner.Versions);
        Assert.All(inner.Bodies, b => Assert.Equal("{\"body\":\"é\"}", b));
        Assert.Equal(2, log.Count);
        Assert.Contains("answered 502", log[0]);
    }

    [Fact]
    public async Task Handler_DoesNotRetryAValidationError_NorWaitForAnHourLongRateLimit()
    {
        var inner = new Scripted(HttpStatusCode.UnprocessableEntity);
        using var client = new HttpClient(new GitHubHandler(inner, _ => { }, TimeSpan.FromMilliseconds(1)));
        using var refused = await client.GetAsync("http://127.0.0.1:9/x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Single(inner.Versions);

        var limited = new HourLimit();
        using var client2 = new HttpClient(new GitHubHandler(limited, _ => { }, TimeSpan.FromMilliseconds(1)));
        using var answer = await client2.GetAsync("http://127.0.0.1:9/x");
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(1, limited.Calls);
    }

    private sealed class HourLimit : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Answer(HttpStatusCode.Forbidden, ("Retry-After", "3600")));
        }
    }
}
