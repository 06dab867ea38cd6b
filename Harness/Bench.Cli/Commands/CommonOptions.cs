using System.CommandLine;

namespace Bench.Cli.Commands;

/// <summary>Options more than one verb takes, spelled once.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Filter() => new("--filter", "-f")
    {
        Description = "Only benchmarks whose ID matches this glob ('*' matches '/' too); repeat for a union.",
        HelpName = "GLOB",
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "Gate configuration (thresholds, floors, confidence, rerun budget, overrides); default: the embedded one (`bench gate --print-config`).",
        HelpName = "FILE",
    };

    /// <summary>The CPUs launches spread over (as taskset writes them); default: every CPU this process may use.</summary>
    public static Option<string?> Cpus() => new("--cpus")
    {
        Description = "CPUs the launches take in turn, each worker pinned to one (as taskset writes them: 0,1 or 0-3). Default: every CPU this process may use. " +
                      "'none': workers not pinned (to see what pinning buys; the results then record no launch CPUs).",
        HelpName = "LIST",
    };

    public static Option<bool> NoRerun() => new("--no-rerun") { Description = "Take only the looks within the profile's launches: no tail looks for what is still undecided." };

    public static Option<string> OutDir(string defaultDir) => new("--out-dir")
    {
        Description = "Folder for base-results.json, head-results.json and comparison.json (created if missing).",
        HelpName = "DIR",
        DefaultValueFactory = _ => defaultDir,
    };

    public static Option<string> Baselines() => new("--baselines")
    {
        Description = "The baselines folder.",
        HelpName = "DIR",
        DefaultValueFactory = _ => Bench.Core.Baselines.BaselineStore.DefaultDirectory,
    };

    /// <summary>
    /// The baselines folder to read: the one given, else ./baselines when it is here, else the ones
    /// an installed tool carries (said on <paramref name="output"/>, with where a save writes instead).
    /// </summary>
    public static string BaselinesToRead(ParseResult parse, Option<string> option, TextWriter output)
    {
        var dir = parse.GetValue(option)!;
        if (parse.GetResult(option) is { Implicit: false } || Directory.Exists(dir) || Bench.Core.Running.ToolBundle.Baselines is not { } carried)
            return dir;
        output.WriteLine($"baselines: there is no {dir}/ here, so the ones this tool carries are read: {carried} " +
                         $"(--baselines DIR reads others; `bench baseline save` writes to ./{dir}/).");
        return carried;
    }

    public static Option<string> Suite() => new("--suite")
    {
        Description = "Which suite's baseline (part of its file name; default: the suite in force, bench.json's \"suite\" or native).",
        HelpName = "NAME",
        DefaultValueFactory = _ => Bench.Core.Suites.Suite.Current.Name,
    };

    public static Option<bool> NoCacheSim() => new("--no-cache-sim")
    {
        Description = "Count instructions only, without callgrind's cache simulation (no estimated cycles; about twice as fast).",
    };

    public static Option<bool> WithCount() => new("--with-count")
    {
        Description = "Also count instructions per element under callgrind (needs valgrind) and add them to the results.",
    };

    public static Option<string?> CacheOption() => new("--cache")
    {
        Description = "Folder where base builds are kept per commit and toolchain, so a second comparison with the same base builds nothing. " +
                      "Default: $BENCH_CACHE/base-builds, else $XDG_CACHE_HOME/bench/base-builds, else ~/.cache/bench/base-builds. 'none': build for this run only.",
        HelpName = "DIR",
    };

    public static Bench.Core.Running.BuildCache? Cache(ParseResult parse, Option<string?> option) => parse.GetValue(option) switch
    {
        "none" => null,
        { Length: > 0 } dir => new Bench.Core.Running.BuildCache(dir),
        _ => Bench.Core.Running.BuildCache.Default(),
    };
}
