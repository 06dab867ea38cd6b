using System.Net;
using Octokit;
using Octokit.Internal;

namespace Bench.Core.GitHub;

/// <summary>
/// GitHub's REST API through Octokit. The connection is built with the base URL exactly as given
/// (<c>https://api.github.com</c>, or a GitHub Enterprise <c>https://ghe.example.com/api/v3</c>):
/// Octokit's <c>GitHubClient(header, uri)</c> would rewrite a non-github.com host and drop a path
/// prefix. The token is a Bearer credential and goes only into the Authorization header. Retries
/// and the API version header come from <see cref="GitHubHandler"/> under every request; Octokit
/// follows <c>Link</c> pagination itself. Octokit's typed exceptions become a
/// <see cref="GitHubApiException"/> whose message says what was refused, GitHub's own words
/// (<c>message</c> and every <c>errors[].message</c>) and the likely fix; never the token.
/// </summary>
public sealed class OctokitGitHubClient : IGitHubClient
{
    private readonly Octokit.GitHubClient _client;
    private readonly Uri _api;

    /// <param name="apiUrl">e.g. https://api.github.com, or https://ghe.example.com/api/v3.</param>
    /// <param name="log">Told of every retry (never given the token).</param>
    /// <param name="requestTimeout">How long one request (with its retries' waits, which Octokit cannot see) may take.</param>
    public OctokitGitHubClient(Uri apiUrl, string token, Action<string> log, TimeSpan? baseDelay = null, TimeSpan? requestTimeout = null)
    {
        _api = new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/");
        var version = typeof(OctokitGitHubClient).Assembly.GetName().Version?.ToString(3) ?? "0";
        var connection = new Connection(
            new ProductHeaderValue("bench", version), _api,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => new GitHubHandler(HttpMessageHandlerFactory.CreateDefault(), log, baseDelay)),
            new SimpleJsonSerializer());
        connection.SetRequestTimeout(requestTimeout ?? TimeSpan.FromMinutes(10));
        _client = new Octokit.GitHubClient(connection);
    }

    public Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number) =>
        Call($"list the comments of #{number} in {repo}", async () =>
            (IReadOnlyList<IssueComment>)(await _client.Issue.Comment.GetAllForIssue(repo.Owner, repo.Name, number, new ApiOptions { PageSize = 100 }))
            .Select(Comment).ToList());

    public Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body) =>
        Call($"comment on #{number} in {repo}", async () => Comment(await _client.Issue.Comment.Create(repo.Owner, repo.Name, number, body)));

    public Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body) =>
        Call($"update comment {commentId} in {repo}", async () => Comment(await _client.Issue.Comment.Update(repo.Owner, repo.Name, commentId, body)));

    public Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status) =>
        Call($"set the status {status.Context} of {Short(sha)} in {repo}", async () =>
        {
            await _client.Repository.Status.Create(repo.Owner, repo.Name, sha, new NewCommitStatus
            {
                State = status.State switch
                {
                    "success" => CommitState.Success,
                    "failure" => CommitState.Failure,
                    "pending" => CommitState.Pending,
                    _ => CommitState.Error,
                },
                Context = status.Context,
                Description = status.Description,
                TargetUrl = status.TargetUrl,
            });
            return true;
        });

    public Task CreateCheckRunAsync(RepoName repo, CheckRun run) =>
        Call($"create the check run {run.Name} on {Short(run.HeadSha)} in {repo}", async () =>
        {
            var create = new NewCheckRun(run.Name, run.HeadSha)
            {
                Status = CheckStatus.Completed,
                Conclusion = run.Conclusion switch
                {
                    "success" => CheckConclusion.Success,
                    "failure" => CheckConclusion.Failure,
                    _ => CheckConclusion.Neutral,
                },
                Output = new NewCheckRunOutput(run.Title, run.Summary),
            };
            // absent, never null: GitHub's schema takes a string or no field
            if (run.DetailsUrl is not null)
                create.DetailsUrl = run.DetailsUrl;
            await _client.Check.Run.Create(repo.Owner, repo.Name, create);
            return true;
        });

    private static IssueComment Comment(Octokit.IssueComment c) => new(c.Id, c.Body ?? "", c.HtmlUrl, c.User?.Login, c.User?.Type == AccountType.Bot);

    private static string Short(string sha) => sha[..Math.Min(7, sha.Length)];

    private async Task<T> Call<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException e)
        {
            throw new GitHubApiException((int)e.StatusCode, Explain(e, what), Said(e),
                permissionDenied: e is ForbiddenException and not (RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException));
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException(0, $"could not reach GitHub at {_api} to {what}: {e.Message}", []);
        }
        catch (TaskCanceledException)
        {
            throw new GitHubApiException(0, $"GitHub at {_api} did not answer in time to {what}.", []);
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or FormatException or InvalidCastException
                                      or ArgumentException or NullReferenceException or System.Text.Json.JsonException)
        {
            // an answer Octokit could not read (a 200 with malformed JSON): this call failed, the others are still tried
            throw new GitHubApiException(0, $"GitHub at {_api} gave an answer that could not be read trying to {what} ({e.GetType().Name}).", []);
        }
    }

    /// <summary>GitHub's own words: the message, then what each entry of <c>errors</c> says (field and code where it gives no message).</summary>
    public static IReadOnlyList<string> Said(ApiException e)
    {
        var said = new List<string>();
        if (e.ApiError?.Message is { Length: > 0 } message)
            said.Add(message);
        foreach (var d in e.ApiError?.Errors ?? [])
        {
            var where = string.Join(" ", new[] { d.Resource, d.Field }.Where(s => !string.IsNullOrEmpty(s)));
            var text = !string.IsNullOrEmpty(d.Message) ? d.Message : d.Code;
            if (!string.IsNullOrEmpty(text) || where.Length > 0)
                said.Add(where.Length > 0 ? $"{where}: {text}" : text!);
        }
        return said;
    }

    /// <summary>What a refusal means for the person reading the log.</summary>
    private static string Explain(ApiException e, string what)
    {
        var said = Said(e) is { Count: > 0 } s ? $" (GitHub: \"{string.Join("\"; \"", s)}\")" : "";
        return e switch
        {
            AuthorizationException => $"GitHub refused the token trying to {what}{said}: it is missing, expired or revoked. Pass it in GITHUB_TOKEN.",
            RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException =>
                $"GitHub's rate limit stopped the attempt to {what}{said} (retried while the wait asked for was at most {GitHubHandler.MaxRateLimitWait.TotalMinutes:0} minutes); run again later.",
            ForbiddenException => $"the token may not {what}{said}: the workflow needs `permissions: pull-requests: write` and `statuses: write` (and `checks: write` for a check run).",
            NotFoundException => $"GitHub found nothing to {what}{said}: check --repo and --pr (and that the token can see the repository).",
            ApiValidationException => $"GitHub refused to {what}{said}: {ValidationHint(what)}",
            _ => $"GitHub answered {(int)e.StatusCode} {e.StatusCode} to the attempt to {what}{said}.",
        };
    }

    private static string ValidationHint(string what) =>
        what.StartsWith("set the status", StringComparison.Ordinal) || what.StartsWith("create the check run", StringComparison.Ordinal)
            ? "check --sha (it must be a commit of the repository) and what GitHub says was wrong."
            : "see what GitHub says was wrong.";
}
