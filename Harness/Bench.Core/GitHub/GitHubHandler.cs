using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace Bench.Core.GitHub;

/// <summary>
/// What sits under every request Octokit sends: the <c>X-GitHub-Api-Version</c> header (Octokit
/// sends none) and the retries (Octokit makes none). 5xx, 429 and a rate-limited 403 are retried
/// with exponential backoff and jitter, waiting what <c>Retry-After</c> or
/// <c>x-ratelimit-reset</c> asks when the answer says; a wait longer than
/// <see cref="MaxRateLimitWait"/> is not waited: the answer goes up as it is. Connection failures
/// and timeouts are retried too. Told of each retry through <c>log</c>, which never sees the token.
/// Given the API's origin, it refuses any request to another one (scheme, host and port): a
/// redirect to another port, or any URL an answer names, never carries the token there.
/// </summary>
public sealed class GitHubHandler : DelegatingHandler
{
    public const string ApiVersion = "2022-11-28";

    /// <summary>Longest wait a rate limit may ask for before the post gives up instead.</summary>
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(2);

    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly string? _origin;

    /// <param name="baseDelay">First backoff step (tests make it small).</param>
    /// <param name="origin">The API's URL: requests go to its scheme, host and port only.</param>
    public GitHubHandler(HttpMessageHandler inner, Action<string> log, TimeSpan? baseDelay = null, int maxRetries = 4, Uri? origin = null) : base(inner)
    {
        _origin = origin is null ? null : Origin(origin);
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is HttpRequestException or TaskCanceledException { InnerException: TimeoutException }
                    || (args.Outcome.Result is { } r && IsRetryable(r) && !(RateLimitWait(r, DateTimeOffset.UtcNow) > MaxRateLimitWait))),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = MaxRateLimitWait,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RateLimitWait(r, DateTimeOffset.UtcNow) : null),
                OnRetry = args =>
                {
                    var what = args.Outcome.Result is { } r ? $"answered {(int)r.StatusCode} {r.ReasonPhrase}" : $"failed ({args.Outcome.Exception?.GetType().Name})";
                    log($"GitHub {what}; retrying in {args.RetryDelay.TotalSeconds:F1} s (retry {args.AttemptNumber + 1} of {maxRetries})");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>scheme://host:port, the port always given: what a credential is bound to.</summary>
    public static string Origin(Uri u) => string.Create(CultureInfo.InvariantCulture, $"{u.Scheme.ToLowerInvariant()}://{u.IdnHost.ToLowerInvariant()}:{u.Port}");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_origin is not null && request.RequestUri is { } target && Origin(target) != _origin)
        {
            request.Headers.Authorization = null;
            throw new ForeignOriginException($"to {Origin(target)}");
        }
        request.Headers.Remove("X-GitHub-Api-Version");
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        // Octokit's content is a string or a byte array: sending the same request again resends the same body.
        return await _retry.ExecuteAsync(async token => await base.SendAsync(request, token), cancellationToken);
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

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
}

/// <summary>A request bound for another origin than the API's: refused before it is sent (not retried).</summary>
public sealed class ForeignOriginException(string message) : HttpRequestException(message);
