using Bench.Core.Comparison;
using Bench.Core.Reporting;

namespace Bench.Core.GitHub;

/// <summary>One gate's comparison to post: the leg's name (a runner architecture, say) when there are several.</summary>
public sealed record PostLeg(string? Name, ComparisonDocument Comparison);

/// <summary>What `bench post` posts where.</summary>
public sealed record PostTarget(RepoName Repo, int PullRequest, string Sha, string? ReportUrl);

/// <summary>What a post did: the comment (and whether it was new), the statuses, and what was left out with why.</summary>
/// <param name="Markdown">The comment's text without the marker: what the job summary gets.</param>
public sealed record PostOutcome(long CommentId, bool Created, int CommentsSeen, IReadOnlyList<string> Statuses, string? CheckRunSkipped, string Markdown);

/// <summary>
/// Posts the gate's result to a pull request: one sticky comment (found by <see cref="Marker"/>
/// among all the PR's comments, edited in place; created only when none exists), a commit status
/// per leg, and a check run per leg where the token may create one (GitHub lets only Apps and
/// Actions tokens with <c>checks: write</c> do that; a refusal there is said, not fatal).
/// </summary>
public static class PullRequestPost
{
    /// <summary>The hidden first line of the sticky comment: how the next post finds it.</summary>
    public const string Marker = "<!-- bench:sticky-comment -->";

    /// <summary>Each leg's Markdown, sharing GitHub's limit with the marker line that precedes it in the comment.</summary>
    public static string Markdown(IReadOnlyList<PostLeg> legs, string? reportUrl)
    {
        var budget = (MarkdownReportRenderer.GitHubCommentLimit - Marker.Length - 16) / Math.Max(1, legs.Count);
        var parts = legs.Select(l => MarkdownReportRenderer.Render(l.Comparison, l.Name is null ? "Bench" : $"Bench ({l.Name})", reportUrl, limit: budget));
        return string.Join("\n---\n\n", parts);
    }

    /// <summary>The commit status of one leg: success when the gate passed, failure on a regression or a failed benchmark, error when it could not decide.</summary>
    public static CommitStatus Status(PostLeg leg, string? reportUrl)
    {
        var gate = leg.Comparison.Gate ?? throw new ArgumentException("a comparison to post carries its gate's decision");
        var state = gate.Outcome.CommitState();
        var description = $"{gate.Outcome.Word()}: {VerdictOrder.Summary(leg.Comparison)}";
        if (description.Length > 140)
            description = description[..139] + "…";
        return new CommitStatus(state, leg.Name is null ? "bench" : $"bench/{leg.Name}", description, reportUrl);
    }

    public static async Task<PostOutcome> RunAsync(IGitHubClient client, PostTarget target, IReadOnlyList<PostLeg> legs, bool checkRuns, CancellationToken ct)
    {
        var markdown = Markdown(legs, target.ReportUrl);
        var body = Marker + "\n" + markdown;
        var comments = await client.ListIssueCommentsAsync(target.Repo, target.PullRequest, ct);
        var sticky = comments.Where(c => c.Body.StartsWith(Marker, StringComparison.Ordinal)).OrderBy(c => c.Id).FirstOrDefault();
        var comment = sticky is null
            ? await client.CreateIssueCommentAsync(target.Repo, target.PullRequest, body, ct)
            : await client.UpdateIssueCommentAsync(target.Repo, sticky.Id, body, ct);

        var statuses = new List<string>();
        string? checkSkipped = checkRuns ? null : "not asked for (--no-check-run)";
        foreach (var leg in legs)
        {
            var status = Status(leg, target.ReportUrl);
            await client.CreateStatusAsync(target.Repo, target.Sha, status, ct);
            statuses.Add($"{status.Context}: {status.State}");
            if (checkSkipped is not null)
                continue;
            try
            {
                await client.CreateCheckRunAsync(target.Repo, new CheckRun(status.Context, target.Sha, status.State == "success" ? "success" : status.State == "failure" ? "failure" : "neutral",
                    status.Description, MarkdownReportRenderer.Render(leg.Comparison, status.Context, target.ReportUrl), target.ReportUrl), ct);
            }
            catch (GitHubApiException e) when (e.Status is 403 or 404)
            {
                checkSkipped = $"this token may not create check runs (GitHub answered {e.Status}; only a GitHub App or an Actions token with `checks: write` may); the commit status stands in for it";
            }
        }
        return new PostOutcome(comment.Id, sticky is null, comments.Count, statuses, checkSkipped, markdown);
    }
}
