namespace Bench.Core.GitHub;

/// <summary>owner/name of a repository.</summary>
public sealed record RepoName(string Owner, string Name)
{
    public static RepoName Parse(string text, string from)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
            throw BenchException.Usage($"{from} '{text}' is not a repository: give it as owner/name, e.g. --repo octo-org/bench.");
        return new RepoName(parts[0], parts[1]);
    }

    public override string ToString() => $"{Owner}/{Name}";
}

public sealed record IssueComment(long Id, string Body, string? HtmlUrl);

/// <param name="State">success, failure, error or pending.</param>
public sealed record CommitStatus(string State, string Context, string Description, string? TargetUrl);

/// <param name="Conclusion">success, failure or neutral.</param>
public sealed record CheckRun(string Name, string HeadSha, string Conclusion, string Title, string Summary, string? DetailsUrl);

/// <summary>
/// The few GitHub REST calls `bench post` makes. The real one is <see cref="GitHubClient"/>; a
/// dry run prints what it would send (<see cref="DryRunGitHubClient"/>).
/// </summary>
public interface IGitHubClient
{
    /// <summary>Every comment on the issue or PR, following the Link header's next pages.</summary>
    Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number, CancellationToken ct);
    Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body, CancellationToken ct);
    Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body, CancellationToken ct);
    Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status, CancellationToken ct);
    Task CreateCheckRunAsync(RepoName repo, CheckRun run, CancellationToken ct);
}

/// <summary>A request GitHub answered with an error (after the retries), and what to do about it.</summary>
public sealed class GitHubApiException(int status, string message) : BenchException(message, ExitCodes.PostFailed)
{
    public int Status { get; } = status;
}
