using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bench.Core.Suites;

/// <summary>How to build one part of a suite: commands run in the suite's folder, then the file they make.</summary>
/// <param name="Build">Each command as its words (no shell): <c>["cmake", "--build", "build"]</c>. <c>${BENCH_SDK}</c> in a word is the folder of Bench's suite kit, <c>${BENCH_CONTRACTS}</c> the managed contract's assembly.</param>
/// <param name="Output">The library (native) or assembly (managed) the commands make, relative to the suite's folder.</param>
public sealed record SuitePart(IReadOnlyList<IReadOnlyList<string>> Build, string Output);

/// <summary>
/// A suite of someone's own kernels, as its repository describes it in <c>bench.json</c>:
/// <code>
/// {
///   "suite": "lookup",
///   "native":  { "build": [["cmake", "-S", ".", "-B", "build", "-DBENCH_DIR=${BENCH_SDK}"], ["cmake", "--build", "build"]],
///                "library": "build/bin/liblookupbench.so" },
///   "managed": { "build": [["dotnet", "build", "managed/Lookup.csproj", "-c", "Release", "-o", "build/managed"]],
///                "assembly": "build/managed/Lookup.dll" }
/// }
/// </code>
/// The native part is required (its library also gives the timer's rate); the managed part is
/// optional. `ab --base` and `gate` run the same commands in a worktree of the base's commit.
/// Optional: <c>"probe"</c>, the native kernel whose speed on each CPU is checked before a run
/// (default: the library's first available kernel), and <c>"controls"</c>, the benchmark globs
/// that watch the machine's drift against a stored baseline (default: the gate configuration's).
/// </summary>
public sealed partial record SuiteManifest(string Path, string Name, SuitePart Native, SuitePart? Managed)
{
    /// <summary>The native kernel the CPU probe runs; null: the library's first available kernel.</summary>
    public string? Probe { get; init; }

    /// <summary>The control benchmarks (globs); null: the gate configuration's.</summary>
    public IReadOnlyList<string>? Controls { get; init; }

    /// <summary>What `bench cost` contrasts (<c>"contrasts": {"tag": "style", "reference": "none", "toggle": "provider"}</c>); null: <see cref="global::Bench.Core.Contrasts.ContrastSpec.Default"/>.</summary>
    public global::Bench.Core.Contrasts.ContrastSpec? Contrasts { get; init; }

    public const string FileName = "bench.json";

    /// <summary>The environment variable naming a manifest to use wherever Bench runs.</summary>
    public const string EnvironmentVariable = "BENCH_SUITE";

    /// <summary>What a word of a build command may hold that Bench replaces: the folder of its suite kit.</summary>
    public const string SdkVariable = "${BENCH_SDK}";

    /// <summary>Likewise: the managed contract's assembly (Bench.Suite.Contracts.dll) a suite's assembly references.</summary>
    public const string ContractsVariable = "${BENCH_CONTRACTS}";

    /// <summary>The folder the manifest sits in: the build commands run there, outputs are relative to it.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary><see cref="EnvironmentVariable"/>'s file, else <c>bench.json</c> in <paramref name="folder"/>; null: Bench's own suite.</summary>
    public static SuiteManifest? Find(string folder)
    {
        if (System.Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
            return Read(given);
        var here = System.IO.Path.Combine(folder, FileName);
        return File.Exists(here) ? Read(here) : null;
    }

    public static SuiteManifest Read(string path)
    {
        var text = IO.InputFile.ReadAllText(path, "suite manifest", $"; {FileName} describes a suite (see README, \"Add your own suite\")");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"it is not JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(path, "it must be one JSON object with \"suite\" and \"native\"");
            foreach (var p in root.EnumerateObject())
                if (p.Name is not ("suite" or "native" or "managed" or "probe" or "controls" or "contrasts"))
                    throw Bad(path, $"it has \"{p.Name}\", which Bench does not know: the keys are \"suite\", \"native\", \"managed\", \"probe\", \"controls\" and \"contrasts\"");
            if (!root.TryGetProperty("suite", out var name) || name.ValueKind != JsonValueKind.String || !NamePattern().IsMatch(name.GetString()!))
                throw Bad(path, "\"suite\" must name the suite in [a-z0-9._-] (it names its baselines), e.g. \"suite\": \"lookup\"");
            if (!root.TryGetProperty("native", out var native))
                throw Bad(path, "it has no \"native\": a suite needs its kernel library (bench_suite.h), which also gives the timer's rate");
            return new SuiteManifest(path, name.GetString()!, Part(path, native, "native", "library"),
                root.TryGetProperty("managed", out var managed) ? Part(path, managed, "managed", "assembly") : null)
            {
                Probe = root.TryGetProperty("probe", out var probe) ? ProbeOf(path, probe) : null,
                Controls = root.TryGetProperty("controls", out var controls) ? ControlsOf(path, controls) : null,
                Contrasts = root.TryGetProperty("contrasts", out var contrasts) ? ContrastsOf(path, contrasts) : null,
            };
        }
    }

    private static SuitePart Part(string path, JsonElement e, string part, string outputKey)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"\"{part}\" must be an object with \"build\" and \"{outputKey}\"");
        foreach (var p in e.EnumerateObject())
            if (p.Name != "build" && p.Name != outputKey)
                throw Bad(path, $"\"{part}\" has \"{p.Name}\", which Bench does not know: it takes \"build\" and \"{outputKey}\"");
        if (!e.TryGetProperty(outputKey, out var output) || output.ValueKind != JsonValueKind.String || output.GetString()!.Length == 0
            || System.IO.Path.IsPathRooted(output.GetString()!))
            throw Bad(path, $"\"{part}\".\"{outputKey}\" must be the path, relative to the manifest's folder, of what the build makes");
        var commands = new List<IReadOnlyList<string>>();
        if (e.TryGetProperty("build", out var build))
        {
            if (build.ValueKind != JsonValueKind.Array)
                throw Bad(path, $"\"{part}\".\"build\" must be a list of commands, each a list of words: [[\"cmake\", \"--build\", \"build\"]]");
            foreach (var command in build.EnumerateArray())
            {
                if (command.ValueKind != JsonValueKind.Array || command.GetArrayLength() == 0
                    || command.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.String))
                    throw Bad(path, $"every command of \"{part}\".\"build\" must be a non-empty list of words (strings, no shell): [\"cmake\", \"--build\", \"build\"]");
                commands.Add(command.EnumerateArray().Select(w => w.GetString()!).ToList());
            }
        }
        return new SuitePart(commands, output.GetString()!);
    }

    private static string ProbeOf(string path, JsonElement e)
    {
        var id = e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        if (id.Length == 0 || id.Contains('*') || Catalog.BenchmarkId.Parse(id) is { Implementation: Catalog.BenchmarkId.Managed } or { Job: not null })
            throw Bad(path, "\"probe\" must be the ID of one native kernel of the suite, e.g. \"probe\": \"lookup/indirect\"");
        return id;
    }

    private static IReadOnlyList<string> ControlsOf(string path, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(g => g.ValueKind != JsonValueKind.String || g.GetString()!.Trim().Length == 0))
            throw Bad(path, "\"controls\" must be a list of benchmark globs (it may be empty), e.g. \"controls\": [\"lookup/for_loop\"]");
        var globs = e.EnumerateArray().Select(g => g.GetString()!).ToList();
        foreach (var g in globs)
            if (Catalog.BenchmarkFilter.Problem(g) is { } bad)
                throw Bad(path, $"\"controls\": {bad.TrimEnd('.')}");
        return globs;
    }

    private static global::Bench.Core.Contrasts.ContrastSpec ContrastsOf(string path, JsonElement e)
    {
        const string example = "e.g. \"contrasts\": {\"tag\": \"style\", \"reference\": \"none\", \"toggle\": \"provider\"}";
        if (e.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"\"contrasts\" must be an object naming the contrasted tag, its reference value and the toggled tag, {example}");
        string? Word(string key, bool nullable)
        {
            if (!e.TryGetProperty(key, out var v))
                return null;
            if (nullable && v.ValueKind == JsonValueKind.Null)
                return null;
            if (v.ValueKind != JsonValueKind.String || !TagWord().IsMatch(v.GetString()!))
                throw Bad(path, $"\"contrasts\".\"{key}\" must be a tag's key or value (no spaces, no '='){(nullable ? ", or null" : "")}, {example}");
            return v.GetString();
        }
        foreach (var p in e.EnumerateObject())
            if (p.Name is not ("tag" or "reference" or "toggle"))
                throw Bad(path, $"\"contrasts\" has \"{p.Name}\", which Bench does not know: it takes \"tag\", \"reference\" and \"toggle\"");
        var spec = new global::Bench.Core.Contrasts.ContrastSpec(Word("tag", false) ?? global::Bench.Core.Contrasts.ContrastSpec.DefaultTag, Word("reference", false),
            e.TryGetProperty("toggle", out _) ? Word("toggle", true) : global::Bench.Core.Contrasts.ContrastSpec.DefaultToggle);
        if (spec.Toggle == spec.Tag)
            throw Bad(path, "\"contrasts\": the toggled tag must be another tag than the contrasted one");
        return spec;
    }

    [GeneratedRegex("^[^\\s=]{1,64}$")]
    private static partial Regex TagWord();

    private static BenchException Bad(string path, string what) =>
        BenchException.Usage($"suite manifest {path}: {what}. See README, \"Add your own suite\".");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
