using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.GitHub;
using Bench.Core.Reporting;

namespace Bench.Cli.Commands;

/// <summary>
/// `bench post`: the gate's comparison(s) to a pull request: the sticky comment, a status per leg,
/// a check run where allowed, the job summary. GitHub Actions' environment supplies what the
/// flags do not. A failed post is a warning (exit 0) unless --fail-on-post-error.
/// </summary>
internal sealed class PostCommand : Command
{
    public PostCommand(TextWriter output, TextWriter error)
        : base("post", "Post comparison(s) to a pull request: one sticky comment updated in place, a commit status (and a check run where the token may), the job summary.")
    {
        var comparisons = new Option<string[]>("--comparison")
        {
            Description = "A comparison file to post; NAME=FILE names its leg (e.g. x64=out/x64/comparison.json). Repeat for each leg of a matrix.",
            HelpName = "[NAME=]FILE", Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var pr = new Option<int?>("--pr") { Description = "The pull request's number (default: from GITHUB_EVENT_PATH).", HelpName = "N" };
        var repo = new Option<string?>("--repo") { Description = "owner/name (default: GITHUB_REPOSITORY).", HelpName = "OWNER/NAME" };
        var sha = new Option<string?>("--sha") { Description = "The commit the status is set on (default: the PR head from GITHUB_EVENT_PATH, else GITHUB_SHA).", HelpName = "SHA" };
        var reportUrl = new Option<string?>("--report-url") { Description = "The published HTML report: linked from the comment and the status.", HelpName = "URL" };
        var apiUrl = new Option<string?>("--api-url") { Description = "GitHub's REST API (default: GITHUB_API_URL, else https://api.github.com).", HelpName = "URL" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the requests it would send, send nothing (no token needed)." };
        var failOnError = new Option<bool>("--fail-on-post-error") { Description = "Exit 7 when GitHub refuses or cannot be reached (default: a warning and exit 0)." };
        var noCheckRun = new Option<bool>("--no-check-run") { Description = "Set only the commit status; do not try a check run." };
        var skipStale = new Option<bool>("--skip-stale")
        {
            Description = "First read the pull request's head from GitHub: post only if it is still --sha. A PR pushed again since is skipped with a note (exit 0; " +
                          "the newer run posts), and a number that is not the PR of that commit posts nothing. A head that cannot be read is a failed post.",
        };
        var author = new Option<string>("--comment-author")
        {
            Description = $"The login whose comment starting with the marker is bench's own sticky comment (default: {PullRequestPost.ActionsBot}, the author of comments made with an Actions GITHUB_TOKEN; a GitHub App posts as APP-NAME[bot]). Nobody else's comment is ever edited.",
            HelpName = "LOGIN", DefaultValueFactory = _ => PullRequestPost.ActionsBot,
        };
        var missingLeg = new Option<string[]>("--missing-leg")
        {
            Description = "A leg of the matrix that produced no comparison, NAME or NAME=WHY: it gets a section in the comment and an error status. Repeat for each.",
            HelpName = "NAME[=WHY]", AllowMultipleArgumentsPerToken = false,
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = $"Seconds the whole post may take, retries and rate-limit waits included; a call still open then is a failed call (default: {PullRequestPost.DefaultTimeout.TotalSeconds:0}).",
            HelpName = "SECONDS", DefaultValueFactory = _ => (int)PullRequestPost.DefaultTimeout.TotalSeconds,
        };
        foreach (var o in new Option[] { comparisons, pr, repo, sha, reportUrl, apiUrl, dryRun, failOnError, noCheckRun, skipStale, author, missingLeg, timeout })
            Add(o);
        SetAction(async (parse, ct) =>
        {
            // a copied secret often ends in CR or LF: surrounding whitespace is never part of a token
            var token = (Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "").Trim();
            var outWriter = new RedactingWriter(output, token);
            var errWriter = new RedactingWriter(error, token);
            try
            {
                return await Run(parse, outWriter, errWriter, token);
            }
            finally
            {
                outWriter.Flush();
                errWriter.Flush();
            }
        });

        async Task<int> Run(ParseResult parse, TextWriter output, TextWriter error, string token)
        {
            var legs = parse.GetValue(comparisons)!.Select(Leg).ToList();
            var missing = (parse.GetValue(missingLeg) ?? []).Select(Missing).ToList();
            var names = legs.Select(l => l.Name ?? "").Concat(missing.Select(m => m.Name)).ToList();
            if (names.Distinct().Count() != names.Count)
                throw BenchException.Usage("two legs have the same name: name each --comparison as NAME=FILE, and each --missing-leg differently.");
            if (parse.GetValue(timeout) <= 0)
                throw BenchException.Usage($"--timeout {parse.GetValue(timeout)} is not a time: give the seconds the post may take, e.g. --timeout 600.");
            var commentAuthor = parse.GetValue(author)!.Trim();
            if (commentAuthor.Length == 0)
                throw BenchException.Usage("--comment-author is empty: give the login bench posts as, e.g. github-actions[bot].");
            var target = PostTargetResolver.Resolve(parse.GetValue(repo), parse.GetValue(pr), parse.GetValue(sha), parse.GetValue(reportUrl), Environment.GetEnvironmentVariable);
            var api = ApiUrl(parse.GetValue(apiUrl) ?? Env("GITHUB_API_URL") ?? "https://api.github.com");
            var dry = parse.GetValue(dryRun);
            if (!dry && token.Length == 0)
                throw BenchException.Usage("no token: set GITHUB_TOKEN (the workflow's `secrets.GITHUB_TOKEN`), or use --dry-run to see the requests.");

            IGitHubClient client = dry ? new DryRunGitHubClient(api, output.WriteLine) : new OctokitGitHubClient(api, token, line => error.WriteLine($"bench: {line}"));
            var options = new PostOptions(!parse.GetValue(noCheckRun), commentAuthor, TimeSpan.FromSeconds(parse.GetValue(timeout)));
            if (parse.GetValue(skipStale))
            {
                if (parse.GetValue(sha) is null)
                    throw BenchException.Usage("--skip-stale compares the pull request's head with --sha: give the commit the gate ran on (in workflow_run: github.event.workflow_run.head_sha).");
                string? head;
                try
                {
                    head = await client.GetPullRequestHeadAsync(target.Repo, target.PullRequest).WaitAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)));
                }
                catch (Exception e) when (e is GitHubApiException or TimeoutException)
                {
                    error.WriteLine($"bench: the post's head check failed, so nothing was posted: {e.Message}");
                    return parse.GetValue(failOnError) ? ExitCodes.PostFailed : ExitCodes.Success;
                }
                if (head is not null && !string.Equals(head, target.Sha, StringComparison.OrdinalIgnoreCase))
                {
                    output.WriteLine($"note: {target.Repo}#{target.PullRequest}'s head is {TextSafety.Shown(head, 64)}, not {target.Sha}: the PR was pushed again since this gate ran " +
                                     "(or the number is not that commit's PR), so this result is not posted; the newer run posts its own.");
                    return ExitCodes.Success;
                }
            }
            var outcome = await PullRequestPost.RunAsync(client, target, legs, options, missing);

            var verb = dry ? "would post" : outcome.Created ? "created" : "updated";
            if (outcome.CommentId is { } id)
                output.WriteLine($"comment {id} {verb} on {target.Repo}#{target.PullRequest} (found among {outcome.CommentsSeen} comment(s))");
            else
                output.WriteLine($"comment: not posted on {target.Repo}#{target.PullRequest}");
            output.WriteLine($"status on {target.Sha}: {(outcome.Statuses.Count > 0 ? string.Join(", ", outcome.Statuses) : "none set")}");
            if (outcome.CheckRunSkipped is { } why)
                output.WriteLine($"check run: not created: {why}");
            else if (outcome.CheckRuns.Count > 0)
                output.WriteLine($"check run: {string.Join(", ", outcome.CheckRuns)}");
            foreach (var note in outcome.Notes)
                output.WriteLine($"note: {note}");
            foreach (var f in outcome.Failures)
                error.WriteLine($"bench: the post's {f.Call} failed: {f.Message}");
            if (!dry)
                ReportOptions.StepSummary(outcome.Markdown + FailureSummary(outcome.Failures), output);
            if (outcome.Failures.Count == 0)
                return ExitCodes.Success;
            if (parse.GetValue(failOnError))
                return ExitCodes.PostFailed;
            error.WriteLine($"bench: {outcome.Failures.Count} of the post's calls failed; the gate's verdict stands; pass --fail-on-post-error to fail on this.");
            return ExitCodes.Success;
        }
    }

    /// <summary>What the job summary says of failed calls, so the run page shows it next to the verdict.</summary>
    private static string FailureSummary(IReadOnlyList<PostFailure> failures) =>
        failures.Count == 0 ? "" : "\n#### Posting to the pull request\n\n" + string.Concat(failures.Select(f =>
            $"- {MarkdownText.Escape(f.Call)} failed: {MarkdownText.Escape(f.Message)}\n"));

    private static MissingLeg Missing(string spec)
    {
        var eq = spec.IndexOf('=');
        var (name, why) = eq > 0 ? (spec[..eq].Trim(), spec[(eq + 1)..].Trim()) : (spec.Trim(), "");
        if (name.Length == 0)
            throw BenchException.Usage($"--missing-leg '{TextSafety.Shown(spec)}' names no leg: give NAME or NAME=WHY.");
        // the text goes to a terminal, the PR comment and a status description: one line of plain text
        if (TextSafety.FirstUnsafe(spec) >= 0)
            throw BenchException.Usage($"--missing-leg '{TextSafety.Shown(spec)}' holds a control or bidirectional character: give one line of plain text.");
        if (spec.Length > 1000)
            throw BenchException.Usage($"--missing-leg '{TextSafety.Shown(spec, 60)}' is {spec.Length} characters long: give at most 1000.");
        return new MissingLeg(name, why.Length > 0 ? why : "the gate produced no comparison for this leg; see the gate's run");
    }

    private static PostLeg Leg(string spec)
    {
        var eq = spec.IndexOf('=');
        var (name, path) = eq > 0 && !File.Exists(spec) ? (spec[..eq], spec[(eq + 1)..]) : ((string?)null, spec);
        return new PostLeg(name, ComparisonFile.Read(path));
    }

    private static Uri ApiUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp))
            throw BenchException.Usage("the API URL is not one: give e.g. https://api.github.com or https://ghe.example.com/api/v3.");
        // a user name or password in the URL would be printed with every request line: the token is the only credential
        if (u.UserInfo.Length > 0)
            throw BenchException.Usage($"the API URL {u.Scheme}://***@{u.Authority} carries a user name or password: remove it and pass the token in GITHUB_TOKEN.");
        return u;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
