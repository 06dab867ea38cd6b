using System.Text;

namespace Bench.Core.GitHub;

/// <summary>
/// `bench post --dry-run`: prints each request it would send (method, URL, body and its size as
/// GitHub counts it) and sends nothing. It has no comments to find, so it shows the create; a real
/// post updates the sticky comment instead when one exists. The token is shown as <c>***</c>, whatever it is.
/// </summary>
public sealed class DryRunGitHubClient(Uri apiUrl, Action<string> print) : IGitHubClient
{
    private readonly string _api = apiUrl.AbsoluteUri.TrimEnd('/');
    private long _nextId = 1;

    public Task<IReadOnlyList<IssueComment>> ListIssueCommentsAsync(RepoName repo, int number)
    {
        Print("GET", $"repos/{repo}/issues/{number}/comments?per_page=100", "(then every page its Link header names; none are read in a dry run)");
        return Task.FromResult<IReadOnlyList<IssueComment>>([]);
    }

    public Task<IssueComment> CreateIssueCommentAsync(RepoName repo, int number, string body)
    {
        Print("POST", $"repos/{repo}/issues/{number}/comments", Body(body));
        return Task.FromResult(new IssueComment(_nextId++, body, null));
    }

    public Task<IssueComment> UpdateIssueCommentAsync(RepoName repo, long commentId, string body)
    {
        Print("PATCH", $"repos/{repo}/issues/comments/{commentId}", Body(body));
        return Task.FromResult(new IssueComment(commentId, body, null));
    }

    public Task CreateStatusAsync(RepoName repo, string sha, CommitStatus status)
    {
        Print("POST", $"repos/{repo}/statuses/{sha}",
            $"state={status.State} context={status.Context} description=\"{status.Description}\" ({status.Description.Length} characters) target_url={status.TargetUrl ?? "(none)"}");
        return Task.CompletedTask;
    }

    public Task CreateCheckRunAsync(RepoName repo, CheckRun run)
    {
        Print("POST", $"repos/{repo}/check-runs",
            $"name={run.Name} head_sha={run.HeadSha} status=completed conclusion={run.Conclusion} details_url={run.DetailsUrl ?? "(left out)"} " +
            $"title=\"{run.Title}\" summary ({run.Summary.Length} characters, {Encoding.UTF8.GetByteCount(run.Summary)} bytes)");
        return Task.CompletedTask;
    }

    public Task<string?> GetPullRequestHeadAsync(RepoName repo, int number)
    {
        Print("GET", $"repos/{repo}/pulls/{number}", "(its head.sha is compared with --sha; a dry run reads nothing, so it posts as if they matched)");
        return Task.FromResult<string?>(null);
    }

    private void Print(string method, string path, string detail) =>
        print($"dry run: {method} {_api}/{path}  [Authorization: Bearer ***]\n  {detail}");

    private static string Body(string body) => $"body ({body.Length} characters):\n" + string.Join("\n", body.Split('\n').Select(l => "    | " + l));
}
