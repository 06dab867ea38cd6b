using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace Bench.Core.GitHub;

/// <summary>
/// GitHub's REST API over HttpClient (Octokit is not reachable from this project's registry).
/// Every request is retried with exponential backoff and jitter on 5xx, 429 and a rate-limited
/// 403, waiting what <c>Retry-After</c> or <c>x-ratelimit-reset</c> asks when the answer says;
/// other errors become a <see cref="GitHubApiException"/> that says what is wrong. The token goes
/// only into the Authorization header: never into a message, a log line or an exception.
/// </summary>
public sealed class GitHubClient : IGitHubClient, IDisposable
{
    /// <summary>Longest wait a rate limit may ask for before the post gives up instead.</summary>
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Action<string> _log;

    /// <param name="apiUrl">e.g. https://api.github.com, or https://ghe.example.com/api/v3.</param>
    /// <param name="log">Told of every retry (never given the token).</param>
    /// <param name="baseDelay">First backoff step (tests make it small).</param>
    public GitHubClient(Uri apiUrl, string token, Action<string> log, TimeSpan? baseDelay = null, int maxRetries = 4, HttpMessageHandler? handler = null)
    {
        _api = new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/");
        _log = log;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("bench", typeof(GitHubClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TaskCanceledException { InnerException: TimeoutException }
                                                            || (args.Outcome.Result is { } r && IsRetryable(r))),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = MaxRateLimitWait,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RateLimitWait(r, DateTimeOffset.UtcNow) : null),
                OnRetry = args =>
                {
                    var what = args.Outcome.Result is { } r ? $"answered {(int)r.StatusCode} {r.ReasonPhrase}" : $"failed ({args.Outcome.Exception?.GetType().Name})";
                    _log($"GitHub {what}; retrying in {args.RetryDelay.TotalSeconds:F1} s (retry {args.AttemptNumber + 1} of {maxRetries})");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>5xx, 429, and a 403 that is a rate limit (it says when to come back, or has no requests left) are worth retrying.</summary>
    public static bool IsRetryable(HttpResponseMessage r) =>
        (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests ||
        (r.StatusCode == HttpStatusCode.Forbidden && (r.Headers.RetryAfter is not null || Header(r, "x-ratelimit-remaining") == "0"));

    /// <summary>The wait a rate-limited answer asks for: Retry-After (seconds or a date), else x-ratelimit-reset (epoch seconds) when no requests are left; null: the default backoff.</summary>
    public static TimeSpan? RateLimitWait(HttpResponseMessage r, DateTimeOffset now)
    {
        TimeSpan? wait = null;
        if (r.Headers.RetryAfter is { } after)
            wait = after.Delta ?? (after.Date is { } date ? date - now : null);
        else if (Header(r, "x-ratelimit-remaining") == "0" && long.TryParse(Header(r, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - now + TimeSpan.FromSeconds(1);
        if (wait is null)
            return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    public async Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number, CancellationToken ct)
    {
        var comments = new List<IssueComment>();
        Uri? next = Url($"repos/{repo.Owner}/{repo.Name}/issues/{number}/comments?per_page=100");
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, null, $"list the comments of #{number} in {repo}", ct);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonArray
                       ?? throw new GitHubApiException((int)response.StatusCode, $"GitHub answered the comment list of #{number} with something that is not a list.");
            comments.AddRange(page.Select(c => Comment(c!)));
            next = NextPage(response);
        }
        return comments;
    }

    public async Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, Url($"repos/{repo.Owner}/{repo.Name}/issues/{number}/comments"), new { body },
            $"comment on #{number} in {repo}", ct);
        return Comment(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
    }

    public async Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Patch, Url($"repos/{repo.Owner}/{repo.Name}/issues/comments/{commentId}"), new { body },
            $"update comment {commentId} in {repo}", ct);
        return Comment(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
    }

    public async Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status, CancellationToken ct)
    {
        using var _ = await SendAsync(HttpMethod.Post, Url($"repos/{repo.Owner}/{repo.Name}/statuses/{sha}"),
            new { state = status.State, context = status.Context, description = status.Description, target_url = status.TargetUrl },
            $"set the status of {sha[..Math.Min(7, sha.Length)]} in {repo}", ct);
    }

    public async Task CreateCheckRunAsync(RepoName repo, CheckRun run, CancellationToken ct)
    {
        using var _ = await SendAsync(HttpMethod.Post, Url($"repos/{repo.Owner}/{repo.Name}/check-runs"), new
        {
            name = run.Name, head_sha = run.HeadSha, status = "completed", conclusion = run.Conclusion, details_url = run.DetailsUrl,
            output = new { title = run.Title, summary = run.Summary },
        }, $"create a check run on {run.HeadSha[..Math.Min(7, run.HeadSha.Length)]} in {repo}", ct);
    }

    private Uri Url(string relative) => new(_api, relative);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, object? body, string what, CancellationToken ct)
    {
        var payload = body is null ? null : JsonSerializer.Serialize(body, Json);
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, url);
                if (payload is not null)
                    request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException(0, $"could not reach GitHub at {_api} to {what}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new GitHubApiException(0, $"GitHub at {_api} did not answer in time to {what}.");
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw new GitHubApiException((int)response.StatusCode, Explain(response, await Message(response, ct), what));
    }

    /// <summary>What a failed request means for the person reading the log.</summary>
    private string Explain(HttpResponseMessage r, string message, string what)
    {
        var said = message.Length > 0 ? $" (GitHub: \"{message}\")" : "";
        return (int)r.StatusCode switch
        {
            401 => $"GitHub refused the token trying to {what}{said}: it is missing, expired or revoked. Pass it in GITHUB_TOKEN.",
            403 when IsRetryable(r) => $"GitHub's rate limit stopped the attempt to {what} after the retries{said}; run again later.",
            403 => $"the token may not {what}{said}: the workflow needs `permissions: pull-requests: write` and `statuses: write` (and `checks: write` for a check run).",
            404 => $"GitHub found nothing to {what}{said}: check --repo and --pr (and that the token can see the repository).",
            422 => $"GitHub refused to {what}{said}: check --sha (it must be a commit of the repository) and the request.",
            _ => $"GitHub answered {(int)r.StatusCode} {r.ReasonPhrase} to the attempt to {what}{said}.",
        };
    }

    private static async Task<string> Message(HttpResponseMessage r, CancellationToken ct)
    {
        try
        {
            var text = await r.Content.ReadAsStringAsync(ct);
            return JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "";
        }
    }

    private static IssueComment Comment(JsonNode c) =>
        new(c["id"]!.GetValue<long>(), c["body"]?.GetValue<string>() ?? "", c["html_url"]?.GetValue<string>());

    /// <summary>The <c>rel="next"</c> target of a Link header (RFC 8288), or null on the last page.</summary>
    public static Uri? NextPage(HttpResponseMessage r)
    {
        if (!r.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var link in string.Join(",", values).Split(','))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length >= 2 && parts[0].StartsWith('<') && parts[0].EndsWith('>') &&
                parts.Skip(1).Any(p => p.Replace(" ", "") is "rel=\"next\"" or "rel=next"))
                return new Uri(parts[0][1..^1]);
        }
        return null;
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
