using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core.Baselines;
using Bench.Core.Gating;
using Bench.Core.Comparison;
using Bench.Core.Running;
using Bench.Core.Running.Managed;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench gate`: run, compare with this machine's stored baseline, re-sample the Unknowns, decide, exit with the verdict's code.</summary>
internal sealed class GateCommand : Command
{
    public GateCommand(TextWriter output, TextWriter error)
        : base("gate", "Judge this build against the stored baseline's build (its commit, rebuilt and cached, run paired in the same pinned workers), " +
                       "and exit with the gate's code (0 pass, 1 regression, 3 inconclusive, 4 no comparable baseline).")
    {
        var filter = CommonOptions.Filter();
        Add(filter);
        var profile = new ProfileOptions(this, paired: true);
        var config = CommonOptions.Config();
        var baselines = CommonOptions.Baselines();
        var suite = CommonOptions.Suite();
        var noRerun = CommonOptions.NoRerun();
        var outDir = CommonOptions.OutDir("gate-results");
        var cache = CommonOptions.CacheOption();
        var printConfig = new Option<bool>("--print-config") { Description = "Print the embedded default configuration (a starting point for --config) and exit." };
        var results = new Option<string?>("--results")
        {
            Description = "Gate this results file instead of measuring (e.g. kernel figures from `bench import`): compared with the stored baseline of the machine it records, decided, no rerun.",
            HelpName = "FILE",
        };
        Add(results);
        Add(config);
        Add(baselines);
        Add(suite);
        Add(noRerun);
        Add(outDir);
        Add(cache);
        var report = new ReportOptions(this, "gate", Path.Combine("reports", "history"));
        Add(printConfig);
        SetAction(parse =>
        {
            if (parse.GetValue(printConfig))
            {
                output.Write(GateConfigFile.DefaultText());
                return 0;
            }
            var gateConfig = GateConfigFile.Load(parse.GetValue(config));
            var files = new GateOutput(parse.GetValue(outDir)!);
            if (parse.GetValue(results) is { } given)
            {
                var head = Core.Results.ResultsFile.Read(given);
                var stored = new BaselineStore(CommonOptions.BaselinesToRead(parse, baselines, output)).Match(parse.GetValue(suite)!, head.Host,
                    whyNoCounts: $"{given} was not measured here, so nothing can be counted for it");
                files.Prepare();
                output.WriteLine($"gate: {given} against baseline {stored.Entry.Path} (the machine it records: {MachineFingerprint.Of(head.Host).Describe()}); nothing is measured and nothing rerun.");
                var fixedResult = GateSession.OfResults(gateConfig, stored.Entry, head, given);
                var fixedCode = files.Finish(fixedResult, writeBase: false, output);
                report.Write(parse, fixedResult, gateConfig, output, error);
                return fixedCode;
            }
            files.Prepare();
            var request = new RunRequest(parse.GetValue(filter) ?? [], profile.Profile(parse), profile.Seed(parse));
            var library = NativeLibraries.LoadDefault().Path;
            var store = new BaselineStore(CommonOptions.BaselinesToRead(parse, baselines, output));
            var source = BaselineBuild.Choose(store, parse.GetValue(suite)!, Core.Hosting.HostProbe.Describe(NativeLibraries.Load(library).BuildInfo));
            if (source.Paired)
            {
                var entry = source.Entry!;
                var name = Path.GetFileName(entry.Path);
                output.WriteLine($"gate: base = the build of baseline {name}: commit {source.Commit![..12]}, recorded {entry.Document.CreatedUtc:yyyy-MM-dd} " +
                                 $"on {entry.Fingerprint.Describe()}; {(source.Bundled is null ? "rebuilt here" : "carried by this tool")} and run paired with this build " +
                                 "in the same pinned workers: cycles and instructions are gated.");
                Action<string> say = line => error.WriteLine($"bench: {line}");
                var building = System.Diagnostics.Stopwatch.StartNew();
                using var build = source.Bundled is { } carried
                    ? BaseBuild.Carried(source.Commit, carried, say)
                    : BaseBuild.Create(source.Commit, source.Repository!, say, CommonOptions.Cache(parse, cache), Core.Suites.Suite.Current.Manifest);
                var built = building.Elapsed;
                var pairedProgress = new ConsoleProgress(error);
                var paired = GateSession.AbTest(gateConfig, AbLibraries.Of(build, library, Core.Suites.Suite.Current.Managed), request, profile.Launch(parse),
                    pairedProgress, $"baseline {name}'s build ({source.Commit[..12]})", "this run", rerun: !parse.GetValue(noRerun)).WithBuild(built);
                pairedProgress.Finish();
                if (BaselineBuild.Drift(entry, paired.Base) is { } drift)
                    paired = paired with { Comparison = paired.Comparison with { BaselineDrift = drift } };
                var pairedCode = files.Finish(paired, writeBase: true, output);
                report.Write(parse, paired, gateConfig, output, error);
                return pairedCode;
            }
            if (source.Entry is not null)
                output.WriteLine($"gate: the baseline's build cannot be had, so head is not run paired with it: {source.WhyNotPaired}. " +
                                 "Falling back to the stored figures (instructions across machines; cycles, unpaired, only on the machine that recorded them).");
            var baseline = GateSession.FindBaseline(gateConfig, store, parse.GetValue(suite)!, library);
            if (baseline.CyclesNotComparable is { } why)
                output.WriteLine($"gate: cycles will not be compared and none are measured: {why}. " +
                                 $"Gating on instruction counts against it instead (instructions.sameFromInstructions: {gateConfig.Instructions.SameFromInstructions}).");
            else
                output.WriteLine($"gate: baseline {baseline.Entry.Path} was measured on this machine: cycles and instructions are gated.");
            var progress = new ConsoleProgress(error);
            var result = GateSession.AgainstBaseline(gateConfig, baseline, library, request, profile.Launch(parse), progress, rerun: !parse.GetValue(noRerun));
            progress.Finish();
            var code = files.Finish(result, writeBase: false, output);
            report.Write(parse, result, gateConfig, output, error);
            return code;
        });
    }
}
