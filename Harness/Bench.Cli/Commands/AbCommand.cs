using System.CommandLine;
using Bench.Cli.Console;
using Bench.Suite.Host;
using Bench.Core;
using Bench.Core.Gating;
using Bench.Core.Comparison;
using Bench.Core.Running;
using Bench.Core.Running.Managed;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench ab`: the base and the head side by side in one process, interleaved, compared with paired statistics, gated.</summary>
internal sealed class AbCommand : Command
{
    public AbCommand(TextWriter output, TextWriter error)
        : base("ab", "Build a git ref's kernels beside this build's, run both interleaved in the same processes, and gate on the paired comparison.")
    {
        var baseRef = new Option<string?>("--base") { Description = "Git ref of the base (branch, tag, SHA): checked out in a temporary worktree and built there.", HelpName = "REF" };
        var baseLib = new Option<string?>("--base-library") { Description = "A prebuilt kernel library as the base, instead of --base.", HelpName = "FILE" };
        var headLib = new Option<string?>("--head-library") { Description = "The head's kernel library (default: this build's).", HelpName = "FILE" };
        var baseManaged = new Option<string?>("--base-managed")
        {
            Description = "With --base-library: the base's build of the managed twins (a Bench.Benchmarks.dll); without it they are not compared.", HelpName = "FILE",
        };
        var headManaged = new Option<string?>("--head-managed")
        {
            Description = "The head's build of the managed twins (default: this build's); FILE#inject-calls=N injects N calls per element.", HelpName = "FILE",
        };
        var filter = CommonOptions.Filter();
        var config = CommonOptions.Config();
        var noRerun = CommonOptions.NoRerun();
        var outDir = CommonOptions.OutDir("ab-results");
        var cache = CommonOptions.CacheOption();
        Add(baseRef);
        Add(baseLib);
        Add(headLib);
        Add(baseManaged);
        Add(headManaged);
        Add(filter);
        var profile = new ProfileOptions(this, paired: true);
        Add(config);
        Add(noRerun);
        Add(outDir);
        Add(cache);
        var report = new ReportOptions(this, "ab", null);
        SetAction(parse =>
        {
            var gitRef = parse.GetValue(baseRef);
            var prebuilt = parse.GetValue(baseLib);
            if ((gitRef is null) == (prebuilt is null))
                throw BenchException.Usage("give the base as --base REF (built here) or --base-library FILE, not both and not neither.");
            var gateConfig = GateConfigFile.Load(parse.GetValue(config));
            var files = new GateOutput(parse.GetValue(outDir)!);
            files.Prepare();
            var head = parse.GetValue(headLib) ?? Core.Suites.Suite.Current.NativeLibrary;
            var request = new RunRequest(parse.GetValue(filter) ?? [], profile.Profile(parse), profile.Seed(parse));

            var building = System.Diagnostics.Stopwatch.StartNew();
            using var build = gitRef is null ? null
                : BaseBuild.Create(gitRef, Environment.CurrentDirectory, line => error.WriteLine($"bench: {line}"), CommonOptions.Cache(parse, cache),
                    Core.Suites.Suite.Current.Manifest);
            var built = building.Elapsed;
            var managedHead = parse.GetValue(headManaged) is { } h ? ManagedKernelSpec.Parse(h) : Core.Suites.Suite.Current.Managed;
            AbLibraries libraries;
            if (build is not null)
                libraries = AbLibraries.Of(build, head, managedHead);
            else
            {
                var managedBase = parse.GetValue(baseManaged);
                if (managedBase is null)
                    error.WriteLine("bench: the managed twins are not compared: --base-library gives the base's native kernels only (add --base-managed FILE).");
                libraries = new AbLibraries(prebuilt!, head, null, managedBase is null ? null : ManagedKernelSpec.Parse(managedBase), managedHead);
            }
            if (build is not null && build.Managed is null)
                error.WriteLine("bench: the managed twins are not compared: the base has none.");
            var progress = new ConsoleProgress(error);
            var result = GateSession.AbTest(gateConfig, libraries, request, profile.Launch(parse), progress,
                gitRef ?? prebuilt!, parse.GetValue(headLib) ?? "working tree", rerun: !parse.GetValue(noRerun));
            if (build is not null)
                result = result.WithBuild(built);
            progress.Finish();
            var code = files.Finish(result, writeBase: true, output);
            report.Write(parse, result, gateConfig, output, error);
            return code;
        });
    }
}
