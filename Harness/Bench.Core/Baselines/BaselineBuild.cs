using System.Globalization;
using Bench.Core.Results;

namespace Bench.Core.Baselines;

/// <summary>
/// How a gate judges head against a stored baseline: against the baseline's build (its commit,
/// rebuilt and run paired with head in the same workers), or, when that build cannot be had,
/// against its stored figures (<see cref="WhyNotPaired"/> says why and how to fix it).
/// </summary>
/// <param name="Entry">The baseline; null when the suite has none (the unpaired path then says what to do).</param>
/// <param name="Commit">The commit to rebuild; null when <paramref name="WhyNotPaired"/> is set.</param>
/// <param name="Repository">The git checkout holding that commit; null when the build comes from the tool's bundle.</param>
/// <param name="Bundled">That commit's build as the installed tool carries it (<see cref="Running.ToolBundle"/>): nothing to rebuild.</param>
public sealed record BaselineSource(BaselineEntry? Entry, string? Commit, string? Repository, string? WhyNotPaired, Running.CachedBuild? Bundled = null)
{
    public bool Paired => WhyNotPaired is null && Commit is not null;
}

/// <summary>
/// Chooses the baseline a gate rebuilds: of the suite's baselines, the one recorded on a machine
/// like this one first, then one of this architecture, then any; newest first within each. The
/// first whose build can be had is taken; if none can, the best one is returned with the reason.
/// </summary>
public static class BaselineBuild
{
    /// <param name="bundle">The folder the tool's bundled builds are under (<see cref="Running.ToolBundle.Home"/> unless a test says otherwise).</param>
    public static BaselineSource Choose(BaselineStore store, string suite, HostContext here, string? bundle = null)
    {
        var all = store.List(suite);
        if (all.Count == 0)
            return new BaselineSource(null, null, null, $"there is no {suite} baseline in {store.Directory}/");
        var fp = MachineFingerprint.Of(here);
        var ranked = all
            .OrderBy(e => e.Fingerprint.Differences(fp).Count == 0 ? 0 : e.Document.Host.Architecture == here.Architecture ? 1 : 2)
            .ThenByDescending(e => e.Document.CreatedUtc)
            .ToList();
        var repo = Repository(store.Directory);
        BaselineSource? first = null;
        foreach (var e in ranked)
        {
            if (Bundled(e, bundle) is { } carried)
                return new BaselineSource(e, e.Document.Host.Commit, null, null, carried);
            var why = WhyUnavailable(e, repo);
            var source = new BaselineSource(e, why is null ? e.Document.Host.Commit : null, repo, why);
            if (source.Paired)
                return source;
            first ??= source;
        }
        return first!;
    }

    /// <summary>The baseline's build as the installed tool carries it: only for a clean commit whose figures were measured (not imported).</summary>
    private static Running.CachedBuild? Bundled(BaselineEntry e, string? bundle) =>
        e.Document.Host is { Imported: null, CommitDirty: not true, Commit: { Length: > 0 } commit } ? Running.ToolBundle.FindBuild(commit, bundle) : null;

    /// <summary>Why this baseline's build cannot be rebuilt from <paramref name="repo"/>, with the command that fixes it; null when it can.</summary>
    public static string? WhyUnavailable(BaselineEntry e, string? repo)
    {
        var name = Path.GetFileName(e.Path);
        var doc = e.Document;
        if (doc.Host.Imported is not null)
            return $"{name} holds imported figures: there is no build to rerun";
        if (doc.Host.Commit is not { Length: > 0 } commit)
            return $"{name} records no commit (it was measured outside a git checkout): record it again from a clean checkout with `{BaselineMatch.RecordCommand}`";
        if (doc.Host.CommitDirty == true)
            return $"{name} was recorded from a dirty tree at {Short(commit)}, so no commit holds the code it measured: " +
                   $"commit or stash the changes and record it again (`{BaselineMatch.RecordCommand}`)";
        if (repo is null)
            return $"{FolderOf(e)} is not inside a git checkout, so commit {Short(commit)} cannot be checked out: run the gate from the repository's clone";
        if (!Git(repo, "cat-file", "-e", commit + "^{commit}"))
        {
            var shallow = GitOut(repo, "rev-parse", "--is-shallow-repository")?.Trim() == "true";
            return shallow
                ? $"this clone is shallow and lacks {name}'s commit {Short(commit)}: run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
                : $"{name}'s commit {Short(commit)} is not in this clone: run `git fetch origin {commit}` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)";
        }
        // what builds it: the suite's manifest at the same place in that commit's tree, or Bench's own native build
        var builtBy = Suites.Suite.Current.Manifest is { } m
            ? Path.GetRelativePath(repo, Path.Combine(m.Folder, Suites.SuiteManifest.FileName)).Replace('\\', '/')
            : "Benchmarks/Native/CMakeLists.txt";
        if (!Git(repo, "cat-file", "-e", $"{commit}:{builtBy}"))
            return $"{name}'s commit {Short(commit)} has no {builtBy}, so it cannot be built: record a new baseline (`{BaselineMatch.RecordCommand}`)";
        return null;
    }

    /// <summary>
    /// How this machine runs the baseline's build now against when it was recorded: per benchmark
    /// present in both with cycles, the ratio of medians (now / recorded). The machine's drift, not the code's.
    /// </summary>
    public static RecordedDrift? Drift(BaselineEntry e, ResultsDocument baseNow)
    {
        var recorded = e.Document.Benchmarks.ToDictionary(b => b.Id);
        var ratios = new List<double>();
        foreach (var b in baseNow.Benchmarks)
        {
            if (!recorded.TryGetValue(b.Id, out var r))
                continue;
            if (Median(b) is { } now && Median(r) is { } then && then > 0)
                ratios.Add(now / then);
        }
        if (ratios.Count == 0)
            return null;
        ratios.Sort();
        return new RecordedDrift(Path.GetFileName(e.Path), e.Document.CreatedUtc, MachineFingerprint.Of(e.Document.Host).Describe(), ratios.Count,
            ratios[ratios.Count / 2], ratios[0], ratios[^1]);
    }

    private static double? Median(BenchmarkResult b) =>
        b.Metrics.TryGetValue(MetricNames.Cycles, out var m) && m.Samples.Count > 0 ? Statistics.SampleSummary.Of(m.Samples).Median : null;

    private static string FolderOf(BaselineEntry e) => Path.GetDirectoryName(Path.GetFullPath(e.Path)) ?? e.Path;

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    /// <summary>The git checkout holding <paramref name="dir"/> (or the current directory when it does not exist); null outside one.</summary>
    public static string? Repository(string dir)
    {
        var from = Directory.Exists(dir) ? Path.GetFullPath(dir) : Environment.CurrentDirectory;
        return GitOut(from, "rev-parse", "--show-toplevel")?.Trim() is { Length: > 0 } top ? top : null;
    }

    private static bool Git(string cwd, params string[] args) => GitOut(cwd, args) is not null;

    private static string? GitOut(string cwd, params string[] args)
    {
        try
        {
            var r = IO.ToolProcess.Run("git", args, cwd, "apt-get install git");
            return r.ExitCode == 0 ? r.Stdout : null;
        }
        catch (BenchException)
        {
            return null;
        }
    }
}

/// <summary>The baseline's build as run now against its stored figures: the ratio of cycle medians (now / recorded), over the benchmarks in both.</summary>
public sealed record RecordedDrift(string Baseline, DateTimeOffset RecordedUtc, string RecordedOn, int Benchmarks, double Median, double Min, double Max)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"the baseline's build runs here at {Median:0.00}x the cycles stored in {Baseline} (median of {Benchmarks} benchmarks, {Min:0.00}x to {Max:0.00}x; " +
        $"recorded {RecordedUtc:yyyy-MM-dd} on {RecordedOn}): that is this machine's drift, not the code's, and no verdict rests on it");
}
