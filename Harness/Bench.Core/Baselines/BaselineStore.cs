using System.Text;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Core.Baselines;

/// <summary>A stored baseline: where it is, what it holds, and the machine it was measured on.</summary>
public sealed record BaselineEntry(string Path, string Suite, ResultsDocument Document)
{
    public MachineFingerprint Fingerprint => MachineFingerprint.Of(Document.Host);
}

/// <summary>
/// The baseline a gate compares with. <paramref name="CyclesNotComparable"/> is null when it was
/// measured on this machine; otherwise why its cycles do not compare, and only its instruction
/// counts are judged (same architecture, compiler, flags and C library).
/// </summary>
public sealed record BaselineMatch(BaselineEntry Entry, string? CyclesNotComparable)
{
    /// <summary>The command that records this machine's own baseline (so that cycles are gated too).</summary>
    public const string RecordCommand = "./bench run --with-count --out results.json && ./bench baseline save results.json";
}

/// <summary>
/// The baselines folder: one results file per suite and machine fingerprint,
/// named <c>{suite}--{cpu}-{cores}c--{key}.json.gz</c> (<c>.json</c> when saved before baselines
/// were compressed). Saving is explicit, atomic,
/// and never replaces a file without <c>force</c>.
/// </summary>
public sealed class BaselineStore(string directory)
{
    public const string DefaultDirectory = "baselines";
    public const string DefaultSuite = "native";

    public string Directory { get; } = directory;

    /// <summary>
    /// Where a save writes: gzip-compressed (<c>.json.gz</c>), since a baseline keeps every raw
    /// sample of every benchmark (a default-profile run of the whole suite is 15 MB as indented
    /// JSON, 3 MB compressed) and lives in git. Files saved before, as plain <c>.json</c>, are read alike.
    /// </summary>
    public string PathFor(string suite, MachineFingerprint fingerprint) =>
        System.IO.Path.Combine(Directory, $"{suite}--{Slug(fingerprint.CpuModel)}-{fingerprint.LogicalCores}c--{fingerprint.Key()}{Extension}");

    /// <summary>The extension of a baseline as saved now; <see cref="PlainExtension"/> ones are still read.</summary>
    public const string Extension = ".json.gz";

    public const string PlainExtension = ".json";

    /// <summary>The baseline already kept for the same key as <paramref name="target"/>: the file itself, or one saved uncompressed before; null when none.</summary>
    private static string? Kept(string target)
    {
        var plain = target[..^Extension.Length] + PlainExtension;
        return File.Exists(target) ? target : File.Exists(plain) ? plain : null;
    }

    /// <summary>Every baseline of <paramref name="suite"/> (all suites when null); a file that does not read is an error naming it.</summary>
    public IReadOnlyList<BaselineEntry> List(string? suite = null)
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*--*--*" + PlainExtension)
            .Concat(System.IO.Directory.EnumerateFiles(Directory, "*--*--*" + Extension))
            .Order(StringComparer.Ordinal)
            .Select(p => (path: p, suite: System.IO.Path.GetFileName(p).Split("--")[0]))
            .Where(x => suite is null || x.suite == suite)
            .Select(x => ReadBaseline(x.path, x.suite))
            .ToList();
    }

    /// <summary>The baseline of <paramref name="suite"/> measured on this machine; otherwise a no-comparable-baseline error that says what exists and how to make one.</summary>
    public BaselineEntry FindFor(string suite, HostContext host) => Match(suite, host, whyNoCounts: "").Entry;

    /// <summary>
    /// The baseline to gate on, found before anything is measured: this machine's own; else, when
    /// counts can be taken here (<paramref name="whyNoCounts"/> null), one from another machine of
    /// the same toolchain that has instruction counts, for an instructions-only gate; else a
    /// no-comparable-baseline error that says what exists, why neither metric compares, and how
    /// to record this machine's baseline.
    /// </summary>
    /// <param name="whyNoCounts">Why instructions cannot be counted here (valgrind missing, counting off); null when they can.</param>
    public BaselineMatch Match(string suite, HostContext host, string? whyNoCounts)
    {
        var here = MachineFingerprint.Of(host);
        var all = List(suite);
        var match = all.FirstOrDefault(e => e.Fingerprint.Differences(here).Count == 0);
        if (match is not null)
            return new BaselineMatch(match, null);
        string Differs(BaselineEntry e) => string.Join("; ", e.Fingerprint.Differences(here).Select(d => d.Replace(" vs ", " (baseline) vs ") + " (here)"));
        // Counts compare across machines of one toolchain: such a baseline gates on instructions only.
        var counted = all.FirstOrDefault(e => InstructionFingerprint.HasCounts(e.Document) &&
                                              InstructionFingerprint.Of(e.Document.Host).Differences(InstructionFingerprint.Of(host)).Count == 0);
        if (counted is not null && whyNoCounts is null)
            return new BaselineMatch(counted, $"there is no {suite} baseline for this machine, and {System.IO.Path.GetFileName(counted.Path)} " +
                                              $"was measured on another ({Differs(counted)}), so its cycles are not comparable with this run's");
        var sb = new StringBuilder($"no {suite} baseline for this machine in {Directory}/ ({here.Describe()}): cycles from another machine are not comparable, so the gate will not judge them.");
        foreach (var e in all)
            sb.Append($" {System.IO.Path.GetFileName(e.Path)} differs in {Differs(e)}.");
        if (counted is not null && whyNoCounts is { Length: > 0 })
            sb.Append($" {System.IO.Path.GetFileName(counted.Path)} has instruction counts of this toolchain, but {whyNoCounts}.");
        else if (all.Count > 0 && counted is null)
            sb.Append(" None has instruction counts of this toolchain (architecture, compiler, flags, C library) to judge instead.");
        sb.Append($" Record one here: `{BaselineMatch.RecordCommand}`.");
        throw new BenchException(sb.ToString(), ExitCodes.NoComparableBaseline);
    }

    /// <summary>Copies a results file into the store, atomically; refuses to replace one without <paramref name="force"/>.</summary>
    /// <param name="allowDirty">Keep figures measured from a dirty tree: the gate then judges them unpaired, since no commit holds their code.</param>
    public string Save(string resultsPath, string suite, bool force, bool allowDirty = false)
    {
        if (!IsValidSuite(suite))
            throw BenchException.Usage($"--suite '{suite}': use letters, digits, '.', '_' and single '-' only.");
        var doc = ResultsFile.Read(resultsPath);
        if (doc.Pairing is not null)
            throw BenchException.Usage($"{resultsPath} is one arm of a `bench ab` run, not a plain run: save the results of `bench run`.");
        var incomplete = doc.Benchmarks.Where(b => b.Status is BenchmarkStatus.Crashed or BenchmarkStatus.Failed).Select(b => b.Id).ToList();
        if (incomplete.Count > 0 && !force)
            throw BenchException.Usage($"{resultsPath} has benchmarks that did not complete ({string.Join(", ", incomplete)}): re-run, or save anyway with --force (they will compare as Unknown).");
        if (doc.Host.CommitDirty == true && !allowDirty)
            throw BenchException.Usage($"{resultsPath} was measured from a dirty tree at {doc.Host.Commit}: a baseline is a build as well as its figures, and no commit " +
                                       "holds the code it measured, so the gate could not rebuild it. Commit or stash the changes and measure again; or save it anyway " +
                                       "with --allow-dirty, and the gate will judge its stored figures only (instructions across machines, cycles unpaired).");
        if (doc.Benchmarks.Count == 0)
            throw BenchException.Usage($"{resultsPath} holds no benchmarks: nothing to keep as a baseline.");
        var target = PathFor(suite, MachineFingerprint.Of(doc.Host));
        if (Kept(target) is { } kept && !force)
            throw Exists(kept, suite, "already exists");
        var text = ResultsFile.Serialize(doc, compact: true) + "\n";
        AtomicFile.EnsureFolder(Directory, "the baselines folder (--baselines)");
        // Two saves at once: the folder's lock makes the check and the write one step, so the second
        // writer sees the first one's file and refuses, never replacing it without --force.
        using (SaveLock())
        {
            if (Kept(target) is { } meanwhile && !force)
                throw Exists(meanwhile, suite, "appeared meanwhile (another save wrote it while this one ran)");
            AtomicFile.WriteAllText(target, text);
            // --force replaces the key's baseline whole: one saved uncompressed before goes, or two files would claim it
            var plain = target[..^Extension.Length] + PlainExtension;
            if (File.Exists(plain))
                File.Delete(plain);
        }
        return target;
    }

    /// <summary>The file whose lock every save of this folder holds while it checks and writes (kept; it is empty and git-ignored).</summary>
    public const string LockFile = ".save.lock";

    private FileStream SaveLock()
    {
        var path = System.IO.Path.Combine(Directory, LockFile);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix: a second holder is refused at once
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until && File.Exists(path))
            {
                Thread.Sleep(20);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw BenchException.Usage($"cannot lock {path} to save a baseline ({e.Message}): check that {Directory}/ is writable and that no other save hangs.");
            }
        }
    }

    private static BenchException Exists(string target, string suite, string what)
    {
        string from;
        try
        {
            from = $", from {ReadBaseline(target).Document.CreatedUtc:yyyy-MM-dd HH:mm}Z";
        }
        catch (BenchException)
        {
            from = "";
        }
        return BenchException.Usage($"{target} {what} (the {suite} baseline for this machine{from}): replace it deliberately with --force.");
    }

    private static BaselineEntry ReadBaseline(string path, string? suite = null) =>
        new(path, suite ?? System.IO.Path.GetFileName(path).Split("--")[0], ReadBaselineDocument(path));

    private static ResultsDocument ReadBaselineDocument(string path)
    {
        try
        {
            return ResultsFile.Read(path);
        }
        catch (BenchException e)
        {
            throw BenchException.Usage($"baseline {e.Message} Restore it from git (`git checkout -- {path}`) or delete it and save a new one.");
        }
    }

    private static bool IsValidSuite(string s) => s.Length > 0 && !s.Contains("--") && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var slug = string.Join('-', sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "cpu" : slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }
}
