using System.Diagnostics;
using Bench.Core.Comparison;
using Bench.Core.Reporting;

namespace Bench.Core.GitHub;

/// <summary>One gate's comparison to post: the leg's name (a runner architecture, say) when there are several.</summary>
public sealed record PostLeg(string? Name, ComparisonDocument Comparison);

/// <summary>A leg of the matrix that produced no comparison, and why (as the workflow knows it).</summary>
public sealed record MissingLeg(string Name, string Why);

/// <summary>What `bench post` posts where.</summary>
public sealed record PostTarget(RepoName Repo, int PullRequest, string Sha, string? ReportUrl);

/// <summary>How the post finds its own comment and how long it may take.</summary>
/// <param name="CommentAuthor">The login whose comment carrying the marker is Bench's (default: the Actions bot).</param>
/// <param name="Timeout">The whole post's time: a call not finished by then is a failure, and what is left is not tried.</param>
public sealed record PostOptions(bool CheckRuns = true, string CommentAuthor = PullRequestPost.ActionsBot, TimeSpan? Timeout = null);

/// <summary>One call that failed: what it was for, and what went wrong in bench's words and GitHub's.</summary>
/// <param name="Status">The HTTP status; 0 when GitHub was not reached or did not answer in time.</param>
/// <param name="PermissionDenied">GitHub said the token may not do this (a 403 that is not a rate limit).</param>
public sealed record PostFailure(string Call, string Message, int Status, bool PermissionDenied = false);

/// <summary>What a post did: the comment (null when it could not be posted), the statuses and check runs set, what was left out and why, what failed.</summary>
/// <param name="Markdown">The comment's text without the marker: what the job summary gets.</param>
public sealed record PostOutcome(
    long? CommentId, bool Created, int? CommentsSeen, IReadOnlyList<string> Statuses, IReadOnlyList<string> CheckRuns, string? CheckRunSkipped,
    IReadOnlyList<string> Notes, IReadOnlyList<PostFailure> Failures, string Markdown);

/// <summary>
/// Posts the gate's result to a pull request: one sticky comment (Bench's own: the marker as its
/// first line and the configured bot as its author; edited in place, created only when none
/// exists), a commit status per leg, and a check run per leg where the token may create one
/// (GitHub lets only Apps and Actions tokens with <c>checks: write</c> do that; a refusal there is
/// said, not a failure). Every call is made even when another failed: each failure is kept with
/// GitHub's own words for the caller to report. Sizes are kept as GitHub enforces them: the
/// comment in characters, the check run's summary in UTF-8 bytes, the status description in
/// characters; each is cut with a note, never refused.
/// </summary>
public static class PullRequestPost
{
    /// <summary>The hidden first line of the sticky comment: how the next post finds it.</summary>
    public const string Marker = "<!-- bench:sticky-comment -->";

    /// <summary>The login of comments made with an Actions GITHUB_TOKEN.</summary>
    public const string ActionsBot = "github-actions[bot]";

    /// <summary>GitHub refuses a commit status description longer than this many characters.</summary>
    public const int StatusDescriptionLimit = 140;

    /// <summary>The whole post's default time.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Each leg's Markdown, sharing the comment's limit with the marker line that precedes it; then every missing leg.</summary>
    public static string Markdown(IReadOnlyList<PostLeg> legs, string? reportUrl, IReadOnlyList<MissingLeg>? missing = null)
    {
        var missingText = string.Concat((missing ?? []).Select(m =>
            $"\n---\n\n### ❔ {MarkdownText.Escape($"Bench ({m.Name}): no comparison")}\n\n{MarkdownText.Escape(m.Why)}\n"));
        var share = TextLimit.Comment.Share(legs.Count, Marker.Length + 1 + missingText.Length + 8 * legs.Count);
        var parts = legs.Select(l => MarkdownReportRenderer.Render(l.Comparison, Title(l), reportUrl, limit: share));
        return string.Join("\n---\n\n", parts) + missingText;
    }

    /// <summary>A leg's check-run summary: its Markdown within GitHub's 65,535 bytes.</summary>
    public static string CheckRunSummary(PostLeg leg, string? reportUrl) =>
        MarkdownReportRenderer.Render(leg.Comparison, Title(leg), reportUrl, limit: TextLimit.CheckRunOutput);

    /// <summary>The commit status of one leg: success when the gate passed, failure on a regression or a failed benchmark, error when it could not decide.</summary>
    public static CommitStatus Status(PostLeg leg, string? reportUrl)
    {
        var gate = leg.Comparison.Gate ?? throw new ArgumentException("a comparison to post carries its gate's decision");
        return new CommitStatus(gate.Outcome.CommitState(), Context(leg.Name),
            Description($"{gate.Outcome.Word()}: {VerdictOrder.Summary(leg.Comparison)}", reportUrl), reportUrl);
    }

    /// <summary>The status of a leg that produced no comparison: error, since nothing was decided there.</summary>
    public static CommitStatus Status(MissingLeg leg, string? reportUrl) =>
        new("error", Context(leg.Name), Description($"no comparison: {leg.Why}", reportUrl), reportUrl);

    /// <summary>A description within GitHub's 140 characters: cut at a character, with a note where the rest is.</summary>
    public static string Description(string text, string? reportUrl)
    {
        if (text.Length <= StatusDescriptionLimit)
            return text;
        var note = reportUrl is null ? "… (cut; all in the comment)" : "… (cut; see Details)";
        var room = TextLimit.Comment with { Max = StatusDescriptionLimit - note.Length };
        return room.Cut(text).TrimEnd() + note;
    }

    /// <summary>Bench's own sticky comment: the marker as its first line, by the configured author (when that is a bot's login, GitHub must say the account is a bot).</summary>
    public static bool IsOurs(IssueComment c, string author) =>
        c.Body.StartsWith(Marker, StringComparison.Ordinal)
        && string.Equals(c.Author, author, StringComparison.OrdinalIgnoreCase)
        && (c.AuthorIsBot || !author.EndsWith("[bot]", StringComparison.Ordinal));

    public static async Task<PostOutcome> RunAsync(IGitHubClient client, PostTarget target, IReadOnlyList<PostLeg> legs, PostOptions options,
        IReadOnlyList<MissingLeg>? missing = null)
    {
        missing ??= [];
        var clock = Stopwatch.StartNew();
        var timeout = options.Timeout ?? DefaultTimeout;
        var failures = new List<PostFailure>();
        var notes = new List<string>();

        // Each call gets the time left; a call that fails is kept and the post goes on.
        async Task<T?> Attempt<T>(string call, Func<Task<T>> run) where T : class
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                failures.Add(new PostFailure(call, $"not tried: the post's {timeout.TotalSeconds:0} s (--timeout) were used up", 0));
                return null;
            }
            try
            {
                return await run().WaitAsync(left);
            }
            catch (TimeoutException)
            {
                failures.Add(new PostFailure(call, $"no answer within the post's {timeout.TotalSeconds:0} s (--timeout)", 0));
            }
            catch (GitHubApiException e)
            {
                failures.Add(new PostFailure(call, e.Message, e.Status, e.PermissionDenied));
            }
            return null;
        }

        var markdown = Markdown(legs, target.ReportUrl, missing);
        var body = Marker + "\n" + markdown;
        IssueComment? comment = null;
        var comments = await Attempt("comment", () => client.ListIssueCommentsAsync(target.Repo, target.PullRequest));
        IssueComment? sticky = null;
        if (comments is not null)
        {
            sticky = comments.Where(c => IsOurs(c, options.CommentAuthor)).OrderBy(c => c.Id).FirstOrDefault();
            var lookalikes = comments.Count(c => c.Body.StartsWith(Marker, StringComparison.Ordinal) && !IsOurs(c, options.CommentAuthor));
            if (lookalikes > 0)
                notes.Add($"{lookalikes} comment(s) start with the marker but are not by {options.CommentAuthor}: left alone");
            comment = sticky is null
                ? await Attempt("comment", () => client.CreateIssueCommentAsync(target.Repo, target.PullRequest, body))
                : await Attempt("comment", () => client.UpdateIssueCommentAsync(target.Repo, sticky.Id, body));
        }
        else
            notes.Add("the comment was not posted: without the list of comments the sticky one cannot be found, and a second one is not made");

        var statuses = new List<string>();
        var checkRuns = new List<string>();
        string? checkSkipped = options.CheckRuns ? null : "not asked for (--no-check-run)";
        foreach (var leg in legs)
        {
            var status = Status(leg, target.ReportUrl);
            if (await Attempt($"status {status.Context}", async () => { await client.CreateStatusAsync(target.Repo, target.Sha, status); return ""; }) is not null)
                statuses.Add($"{status.Context}: {status.State}");
            if (checkSkipped is not null)
                continue;
            var run = new CheckRun(status.Context, target.Sha, status.State switch { "success" => "success", "failure" => "failure", _ => "neutral" },
                status.Description, CheckRunSummary(leg, target.ReportUrl), target.ReportUrl);
            var before = failures.Count;
            if (await Attempt($"check run {status.Context}", async () => { await client.CreateCheckRunAsync(target.Repo, run); return ""; }) is not null)
                checkRuns.Add($"{run.Name}: {run.Conclusion}");
            else if (failures.Count > before && failures[^1].PermissionDenied)
            {
                // a token that may not create check runs is not a failed post: the status stands in for it
                failures.RemoveAt(failures.Count - 1);
                checkSkipped = "this token may not create check runs (GitHub answered 403; only a GitHub App or an Actions token with `checks: write` may); the commit status stands in for it";
            }
        }
        foreach (var leg in missing)
        {
            var status = Status(leg, target.ReportUrl);
            if (await Attempt($"status {status.Context}", async () => { await client.CreateStatusAsync(target.Repo, target.Sha, status); return ""; }) is not null)
                statuses.Add($"{status.Context}: {status.State} (no comparison)");
        }
        return new PostOutcome(comment?.Id, comment is not null && sticky is null, comments?.Count, statuses, checkRuns, checkSkipped, notes, failures, markdown);
    }

    private static string Title(PostLeg leg) => leg.Name is null ? "Bench" : $"Bench ({leg.Name})";

    private static string Context(string? leg) => leg is null ? "bench" : $"bench/{leg}";
}
