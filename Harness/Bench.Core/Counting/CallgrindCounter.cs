namespace Bench.Core.Counting;

/// <summary>What one kernel's count came to: a figure, or why there is none.</summary>
public sealed record CountOutcome(string Id, InstructionCount? Count, Results.BenchmarkStatus Status, string? Error);

/// <summary>
/// Runs the standalone driver under <c>valgrind --tool=callgrind</c> with collection limited to
/// <c>bench_session_sample</c> and a dump after each call. The driver takes three samples of each
/// kernel: the first absorbs one-time work (lazy binding, the static key's patch when the
/// provider state changes), the other two, of different lengths, are differenced. First one
/// process runs every kernel of the library (valgrind's start-up is most of a kernel's count: one
/// process for all is about 0.7 s against 0.25 s per kernel), its dumps mapped to kernels by the
/// driver's own line for each sample; when that process fails, or its lines and dumps disagree,
/// every kernel is counted in a process of its own (a crash then costs one kernel).
/// </summary>
public sealed class CallgrindCounter(string driver, bool cacheSim = true)
{
    /// <summary>Elements of the three samples: multiples of 64 (the refill bulk), so the pools' state repeats.</summary>
    public static readonly ulong[] Loops = [2048, 2048, 10240];

    /// <summary>Whether valgrind is on PATH; otherwise why not, in words.</summary>
    public static bool IsAvailable(out string? whyNot)
    {
        whyNot = Locate() is null ? "valgrind is not installed (`sudo apt-get install valgrind`), so instructions cannot be counted here" : null;
        return whyNot is null;
    }

    /// <summary>valgrind on PATH, or an environment error with the install command.</summary>
    public static string FindValgrind() =>
        Locate() ?? throw BenchException.Environment("valgrind is not installed, and instruction counts need its callgrind tool: " +
                                                     "`sudo apt-get install valgrind` (Debian/Ubuntu). Cycle timings do not need it.");

    private static string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "valgrind");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The version valgrind reports, e.g. valgrind-3.19.0.</summary>
    public static string Version(string valgrind) => Run(valgrind, ["--version"], Environment.CurrentDirectory).Stdout.Trim();

    public IReadOnlyList<CountOutcome> Count(string library, IReadOnlyList<string> ids, IProgress<Running.RunProgress>? progress = null)
    {
        var valgrind = FindValgrind();
        if (!File.Exists(driver))
            throw BenchException.Environment($"the standalone driver {driver} is missing: build with `dotnet build -c Release`.");
        var root = IO.TempFolder.Create("bench-count-");
        var done = 0;
        try
        {
            if (CountAll(valgrind, library, ids, Path.Combine(root, "all")) is { } together)
            {
                progress?.Report(new Running.RunProgress(ids.Count, ids.Count, "count", null));
                return together;
            }
            var results = new CountOutcome[ids.Count];
            Parallel.For(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                results[i] = CountOne(valgrind, library, ids[i], Path.Combine(root, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                var n = Interlocked.Increment(ref done);
                progress?.Report(new Running.RunProgress(n, ids.Count, "count", ids[i]));
            });
            return results;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every kernel of the library in one process; null when anything does not add up (the caller then counts one by one).</summary>
    private IReadOnlyList<CountOutcome>? CountAll(string valgrind, string library, IReadOnlyList<string> ids, string dir)
    {
        Directory.CreateDirectory(dir);
        var outFile = Path.Combine(dir, "cg.out");
        var r = Run(valgrind, Arguments(library, "*", outFile), dir);
        if (r.ExitCode != 0)
            return null;
        // one line per sample, in the order of the dumps: "Type:ID not timed (--timer none) - (invoke count:N)"
        var samples = new List<string>();
        var unavailable = new Dictionary<string, string>();
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("Type:", StringComparison.Ordinal))
                continue;
            var id = line[5..line.IndexOf(' ')];
            if (line.Contains(" unavailable: ", StringComparison.Ordinal))
                unavailable[id] = line.Split(" unavailable: ", 2)[1].Trim();
            else
                samples.Add(id);
        }
        if (!File.Exists($"{outFile}.{samples.Count}") || File.Exists($"{outFile}.{samples.Count + 1}"))
            return null;
        var outcomes = new List<CountOutcome>();
        foreach (var id in ids)
        {
            if (unavailable.TryGetValue(id, out var why))
            {
                outcomes.Add(new CountOutcome(id, null, Results.BenchmarkStatus.Unavailable, why));
                continue;
            }
            var first = samples.IndexOf(id);
            if (first < 0 || samples.Skip(first).Take(Loops.Length).Count(s => s == id) != Loops.Length)
                return null;
            outcomes.Add(FromDumps(id, $"{outFile}.{first + 2}", $"{outFile}.{first + 3}"));
        }
        return outcomes;
    }

    private List<string> Arguments(string library, string filter, string outFile) =>
    [
        "--tool=callgrind", "--toggle-collect=bench_session_sample", "--dump-after=bench_session_sample",
        $"--callgrind-out-file={outFile}", $"--cache-sim={(cacheSim ? "yes" : "no")}",
        // no timer instruction on the count path: valgrind cannot run one that CPUID hides (RDTSCP in some KVM guests)
        driver, "--timer", "none", "--library", library, "--filter", filter, "--loops", string.Join(',', Loops),
    ];

    private CountOutcome FromDumps(string id, string second, string third) =>
        new(id, InstructionCount.FromDumps(id, CallgrindDump.Parse(File.ReadAllText(second), second), CallgrindDump.Parse(File.ReadAllText(third), third),
            Loops[1], Loops[2], cacheSim), Results.BenchmarkStatus.Ok, null);

    private CountOutcome CountOne(string valgrind, string library, string id, string dir)
    {
        Directory.CreateDirectory(dir);
        var outFile = Path.Combine(dir, "cg.out");
        var r = Run(valgrind, Arguments(library, id, outFile), dir);
        if (r.Stdout.Contains($"Type:{id} unavailable", StringComparison.Ordinal))
            return new CountOutcome(id, null, Results.BenchmarkStatus.Unavailable, r.Stdout.Split("unavailable: ").Last().Trim());
        var dumps = Enumerable.Range(1, Loops.Length).Select(n => $"{outFile}.{n}").ToList();
        if (r.ExitCode != 0 || !dumps.All(File.Exists))
        {
            var status = r.ExitCode > 128 ? Results.BenchmarkStatus.Crashed : Results.BenchmarkStatus.Failed;
            var tail = string.Join(" | ", r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("==", StringComparison.Ordinal)).TakeLast(3));
            return new CountOutcome(id, null, status, $"counting under callgrind failed (exit {r.ExitCode}): {tail}");
        }
        return FromDumps(id, dumps[1], dumps[2]);
    }

    private static IO.ToolResult Run(string file, IReadOnlyList<string> args, string cwd) =>
        IO.ToolProcess.Run(file, args, cwd, "apt-get install valgrind");
}
