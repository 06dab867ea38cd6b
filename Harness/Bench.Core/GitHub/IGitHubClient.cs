namespace Bench.Core.GitHub;

/// <summary>owner/name of a repository.</summary>
public sealed record RepoName(string Owner, string Name)
{
    public static RepoName Parse(string text, string from)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
            throw BenchException.Usage($"{from} '{TextSafety.Shown(text, 100)}' is not a repository: give it as owner/name, e.g. --repo octo-org/bench.");
        return new RepoName(parts[0], parts[1]);
    }

    public override string ToString() => $"{Owner}/{Name}";
}

/// <param name="Author">The login of the comment's author (null when GitHub gives none, e.g. a deleted account).</param>
/// <param name="AuthorIsBot">GitHub says the author's account is a bot.</param>
public sealed record IssueComment(long Id, string Body, string? HtmlUrl, string? Author = null, bool AuthorIsBot = false);

/// <param name="State">success, failure, error or pending.</param>
public sealed record CommitStatus(string State, string Context, string Description, string? TargetUrl);

/// <param name="Conclusion">success, failure or neutral.</param>
/// <param name="DetailsUrl">null: the field is left out (GitHub takes a string or nothing).</param>
public sealed record CheckRun(string Name, string HeadSha, string Conclusion, string Title, string Summary, string? DetailsUrl);

/// <summary>
/// The few GitHub REST calls `bench post` makes. The real one is <see cref="OctokitGitHubClient"/>;
/// a dry run prints what it would send (<see cref="DryRunGitHubClient"/>). Octokit takes no
/// cancellation token, so neither does this: the caller bounds the whole post by a timeout.
/// </summary>
public interface IGitHubClient
{
    /// <summary>Every comment on the issue or PR, all pages.</summary>
    Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number);
    Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body);
    Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body);
    Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status);
    Task CreateCheckRunAsync(RepoName repo, CheckRun run);
    /// <summary>The commit the pull request's head is at now; null when it cannot be told (a dry run).</summary>
    Task<string?> GetPullRequestHeadAsync(RepoName repo, int number);
}

/// <summary>A request GitHub refused (after the retries) or that could not reach it: what to do about it, and GitHub's own words.</summary>
/// <param name="Status">The HTTP status; 0 when GitHub could not be reached or did not answer in time.</param>
/// <param name="Said">GitHub's message and each <c>errors[].message</c>, in its words.</param>
/// <param name="PermissionDenied">A 403 that is not a rate limit: the token may not do this.</param>
public sealed class GitHubApiException(int status, string message, IReadOnlyList<string> said, bool permissionDenied = false) : BenchException(message, ExitCodes.PostFailed)
{
    public bool PermissionDenied { get; } = permissionDenied;
    public int Status { get; } = status;
    public IReadOnlyList<string> Said { get; } = said;
}
