namespace Bench.Core.GitHub;

/// <summary>
/// Where a post goes: the flags first, then GitHub Actions' environment. The event file
/// (GITHUB_EVENT_PATH) is read only for what the flags leave open: with --pr and --sha given it
/// is not opened at all, so a malformed one cannot stop the post.
/// </summary>
public static class PostTargetResolver
{
    /// <param name="env">Reads an environment variable (null or empty: unset).</param>
    public static PostTarget Resolve(string? repoFlag, int? prFlag, string? shaFlag, string? reportUrl, Func<string, string?> env)
    {
        string? Env(string name) => env(name) is { Length: > 0 } v ? v : null;
        ActionsEvent? read = null;
        ActionsEvent Event() => read ??= Env("GITHUB_EVENT_PATH") is { } path ? ActionsEvent.Read(path) : new ActionsEvent(null, null);

        var repo = RepoName.Parse(repoFlag ?? Env("GITHUB_REPOSITORY") ?? throw BenchException.Usage("no repository: pass --repo owner/name or set GITHUB_REPOSITORY."),
            repoFlag is null ? "GITHUB_REPOSITORY" : "--repo");
        if (prFlag is <= 0)
            throw BenchException.Usage($"--pr {prFlag} is not a pull request number: give a positive whole number.");
        var pr = prFlag ?? Event().PullRequest ?? throw BenchException.Usage(
            "no pull request number: pass --pr N (a workflow_run from a fork has none in its event; take it from the gate's artifact).");
        var (sha, from) = shaFlag is not null ? (shaFlag, "--sha")
            : Event().HeadSha is { } head ? (head, $"the head commit in GITHUB_EVENT_PATH {Env("GITHUB_EVENT_PATH")}")
            : Env("GITHUB_SHA") is { } envSha ? (envSha, "GITHUB_SHA")
            : throw BenchException.Usage("no commit: pass --sha SHA or set GITHUB_SHA.");
        if (sha.Length is < 7 or > 64 || !sha.All(char.IsAsciiHexDigit))
            throw BenchException.Usage($"{from} '{TextSafety.Shown(sha, 70)}' is not a commit SHA: give the full hexadecimal commit id with --sha.");
        // the report's URL becomes a Markdown link target and a status target_url: an absolute http(s) URL, one plain token
        if (reportUrl is not null && (!Uri.TryCreate(reportUrl, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http") ||
                                      reportUrl.Any(c => char.IsWhiteSpace(c) || TextSafety.IsUnsafe(c) || c is '(' or ')' or '<' or '>' or '"' or '`')))
            throw BenchException.Usage($"--report-url '{TextSafety.Shown(reportUrl, 100)}' is not a plain http(s) URL: give the published report's address, e.g. https://owner.github.io/repo/.");
        return new PostTarget(repo, pr, sha, reportUrl);
    }
}
