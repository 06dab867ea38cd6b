using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.GitHub;

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
        foreach (var o in new Option[] { comparisons, pr, repo, sha, reportUrl, apiUrl, dryRun, failOnError, noCheckRun })
            Add(o);
        SetAction(async (parse, ct) =>
        {
            var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "";
            var outWriter = new RedactingWriter(output, token);
            var errWriter = new RedactingWriter(error, token);
            try
            {
                return await Run(parse, outWriter, errWriter, token, ct);
            }
            finally
            {
                outWriter.Flush();
                errWriter.Flush();
            }
        });

        async Task<int> Run(ParseResult parse, TextWriter output, TextWriter error, string token, CancellationToken ct)
        {
            var legs = parse.GetValue(comparisons)!.Select(Leg).ToList();
            var names = legs.Select(l => l.Name ?? "").ToList();
            if (names.Distinct().Count() != names.Count)
                throw BenchException.Usage("two --comparison legs have the same name: name each as NAME=FILE.");
            // the event file is read only for what the flags do not give
            ActionsEvent? @event = null;
            ActionsEvent Event() => @event ??= Env("GITHUB_EVENT_PATH") is { } path ? ActionsEvent.Read(path) : new ActionsEvent(null, null);
            var target = new PostTarget(
                RepoName.Parse(parse.GetValue(repo) ?? Env("GITHUB_REPOSITORY") ?? throw BenchException.Usage("no repository: pass --repo owner/name or set GITHUB_REPOSITORY."),
                    parse.GetValue(repo) is null ? "GITHUB_REPOSITORY" : "--repo"),
                parse.GetValue(pr) ?? Event().PullRequest ?? throw BenchException.Usage(
                    "no pull request number: pass --pr N (a workflow_run from a fork has none in its event; take it from the gate's artifact)."),
                parse.GetValue(sha) ?? Event().HeadSha ?? Env("GITHUB_SHA") ?? throw BenchException.Usage("no commit: pass --sha SHA or set GITHUB_SHA."),
                parse.GetValue(reportUrl));
            var api = ApiUrl(parse.GetValue(apiUrl) ?? Env("GITHUB_API_URL") ?? "https://api.github.com");
            var dry = parse.GetValue(dryRun);
            if (!dry && token.Length == 0)
                throw BenchException.Usage("no token: set GITHUB_TOKEN (the workflow's `secrets.GITHUB_TOKEN`), or use --dry-run to see the requests.");

            using var real = dry ? null : new GitHubClient(api, token, line => error.WriteLine($"bench: {line}"));
            IGitHubClient client = real is null ? new DryRunGitHubClient(api, output.WriteLine) : real;
            try
            {
                var outcome = await PullRequestPost.RunAsync(client, target, legs, checkRuns: !parse.GetValue(noCheckRun), ct);
                var verb = dry ? "would post" : outcome.Created ? "created" : "updated";
                output.WriteLine($"comment {outcome.CommentId} {verb} on {target.Repo}#{target.PullRequest} (found among {outcome.CommentsSeen} comment(s))");
                output.WriteLine($"status on {target.Sha}: {string.Join(", ", outcome.Statuses)}");
                if (outcome.CheckRunSkipped is { } why)
                    output.WriteLine($"check run: not created: {why}");
                if (!dry)
                    ReportOptions.StepSummary(outcome.Markdown, output);
                return ExitCodes.Success;
            }
            catch (GitHubApiException e)
            {
                error.WriteLine($"bench: the post failed: {e.Message}");
                if (parse.GetValue(failOnError))
                    return ExitCodes.PostFailed;
                error.WriteLine("bench: the gate's verdict stands; pass --fail-on-post-error to fail on this.");
                return ExitCodes.Success;
            }
        }
    }

    private static PostLeg Leg(string spec)
    {
        var eq = spec.IndexOf('=');
        var (name, path) = eq > 0 && !File.Exists(spec) ? (spec[..eq], spec[(eq + 1)..]) : ((string?)null, spec);
        return new PostLeg(name, ComparisonFile.Read(path));
    }

    private static Uri ApiUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u : throw BenchException.Usage($"'{text}' is not an API URL: give e.g. https://api.github.com or https://ghe.example.com/api/v3.");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
