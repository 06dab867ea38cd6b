using System.Net;
using Octokit;
using Octokit.Internal;

namespace Bench.Core.GitHub;

/// <summary>
/// GitHub's REST API through Octokit. The connection is built with the base URL exactly as given
/// (<c>https://api.github.com</c>, or a GitHub Enterprise <c>https://ghe.example.com/api/v3</c>):
/// Octokit's <c>GitHubClient(header, uri)</c> would rewrite a non-github.com host and drop a path
/// prefix. The token is a Bearer credential and goes only into the Authorization header, and only
/// to the API's own origin: <see cref="GitHubHandler"/> refuses a request (a redirect) anywhere
/// else, and under every request adds the retries and the API version header. Comments are listed
/// page by page (<c>?per_page=100&amp;page=N</c>) until a short page, never by following a
/// <c>Link</c> header an answer names; a page that repeats comments already listed, or more than
/// <see cref="MaxCommentPages"/> pages, ends the listing as failed. Octokit's typed exceptions
/// become a <see cref="GitHubApiException"/> whose message says what was refused, GitHub's own
/// words (<c>message</c> and every <c>errors[].message</c>) and the likely fix; never the token,
/// which is taken out of GitHub's words before anything else sees them.
/// </summary>
public sealed class OctokitGitHubClient : IGitHubClient
{
    private readonly Octokit.GitHubClient _client;
    private readonly ApiConnection _pages;
    private readonly Uri _api;
    private readonly string _token;

    /// <summary>Comments listed at most: 100 pages of 100. A pull request with more is not one this post can keep one sticky comment on.</summary>
    public const int MaxCommentPages = 100;

    private const int PageSize = 100;

    /// <param name="apiUrl">e.g. https://api.github.com, or https://ghe.example.com/api/v3.</param>
    /// <param name="log">Told of every retry (never given the token).</param>
    /// <param name="requestTimeout">How long one request (with its retries' waits, which Octokit cannot see) may take.</param>
    public OctokitGitHubClient(Uri apiUrl, string token, Action<string> log, TimeSpan? baseDelay = null, TimeSpan? requestTimeout = null)
    {
        _api = new Uri(apiUrl.AbsoluteUri.TrimEnd('/') + "/");
        _token = token;
        var version = typeof(OctokitGitHubClient).Assembly.GetName().Version?.ToString(3) ?? "0";
        var connection = new Connection(
            new ProductHeaderValue("bench", version), _api,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => new GitHubHandler(HttpMessageHandlerFactory.CreateDefault(), log, baseDelay, origin: _api)),
            new SimpleJsonSerializer());
        connection.SetRequestTimeout(requestTimeout ?? TimeSpan.FromMinutes(10));
        _client = new Octokit.GitHubClient(connection);
        _pages = new ApiConnection(connection);
    }

    public Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number) =>
        Call($"list the comments of #{number} in {repo}", async () =>
        {
            var listed = new List<IssueComment>();
            var ids = new HashSet<long>();
            for (var page = 1; page <= MaxCommentPages; page++)
            {
                var parameters = new Dictionary<string, string>
                {
                    ["per_page"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                var items = await _pages.Get<List<Octokit.IssueComment>>(ApiUrls.IssueComments(repo.Owner, repo.Name, number), parameters) ?? [];
                var fresh = items.Where(c => ids.Add(c.Id)).ToList();
                if (items.Count > 0 && fresh.Count == 0)
                    throw new GitHubApiException(0, $"GitHub at {_api} answered page {page} of the comments of #{number} with comments already listed: stopped, the list repeats.", []);
                listed.AddRange(fresh.Select(Comment));
                if (items.Count < PageSize)
                    return (IReadOnlyList<IssueComment>)listed;
            }
            throw new GitHubApiException(0, $"#{number} in {repo} has more than {MaxCommentPages * PageSize} comments (GitHub at {_api} gave {MaxCommentPages} full pages): stopped listing.", []);
        });

    public Task<string?> GetPullRequestHeadAsync(RepoName repo, int number) =>
        Call($"read the head of #{number} in {repo}", async () =>
            (await _client.PullRequest.Get(repo.Owner, repo.Name, number)).Head?.Sha is { Length: > 0 } sha
                ? (string?)sha
                // never taken as a match: a head that cannot be read posts nothing
                : throw new GitHubApiException(0, $"GitHub at {_api} answered #{number} in {repo} without its head commit.", []));

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
            // GitHub's words may quote the request (its Authorization header): the token leaves them here, before any sink or escaping
            throw new GitHubApiException((int)e.StatusCode, Redacted(Explain(e, what)), Said(e).Select(Redacted).ToList(),
                permissionDenied: e is ForbiddenException and not (RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException));
        }
        catch (ForeignOriginException e)
        {
            throw new GitHubApiException(0, $"GitHub at {_api} sent the request to {what} elsewhere ({e.Message}): not followed, the token goes only to {GitHubHandler.Origin(_api)}.", []);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException(0, Redacted($"could not reach GitHub at {_api} to {what}: {e.Message}"), []);
        }
        catch (TaskCanceledException)
        {
            throw new GitHubApiException(0, $"GitHub at {_api} did not answer in time to {what}.", []);
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or FormatException or InvalidCastException
                                      or ArgumentException or NullReferenceException or System.Text.Json.JsonException
                                      or OverflowException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            // an answer Octokit could not read (a 200 with malformed JSON, an id past 64 bits such as 1e20): this call failed, the others are still tried
            throw new GitHubApiException(0, $"GitHub at {_api} gave an answer that could not be read trying to {what} ({e.GetType().Name}).", []);
        }
    }

    private string Redacted(string text) => _token.Trim().Length == 0 ? text : text.Replace(_token, "***", StringComparison.Ordinal);

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
