using System.CommandLine;
using System.Text.Json;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Gating;
using Bench.Core.Comparison;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench selftest`: A/A and injected-regression A/B repetitions; false-alarm and detection rates of the gate and of a plain 5 % rule.</summary>
internal sealed class SelfTestCommand : Command
{
    private static readonly string[] DefaultFilters = ["native/pp01-fast/*", "native/dispatch/*", "managed/pp01-fast/*", "managed/dispatch/*"];

    public SelfTestCommand(TextWriter output, TextWriter error)
        : base("selftest", "Measure the gate's three qualities: decisiveness and false alarms on A/A, detection of injected regressions whose true cost it measures, per mode.")
    {
        var filter = CommonOptions.Filter();
        filter.Description += $" Default: {string.Join(" ", DefaultFilters)}.";
        var reps = new Option<int>("--repetitions", "-r") { Description = "Repetitions of every mode and k.", DefaultValueFactory = _ => 5 };
        var injections = new Option<string[]>("--inject")
        {
            Description = $"Injected regressions to test beside A/A (built: {string.Join(", ", Injection.Built.Select(i => $"{i.Name}: {i.Description}"))}).",
            DefaultValueFactory = _ => ["k1", "call1"], AllowMultipleArgumentsPerToken = true,
        };
        var modes = new Option<string[]>("--mode") { Description = "ab, baseline (cycles), count (instructions under callgrind) and/or contrast (bench cost's controls: the null control as A/A, the one-call control as call1).", DefaultValueFactory = _ => [SelfTest.AbMode, SelfTest.BaselineMode, SelfTest.CountMode], AllowMultipleArgumentsPerToken = true };
        var config = CommonOptions.Config();
        var noRerun = CommonOptions.NoRerun();
        var out_ = new Option<string>("--out", "-o") { Description = "Where to write every trial and the rates (JSON).", HelpName = "FILE", DefaultValueFactory = _ => "selftest.json" };
        Add(filter);
        Add(reps);
        Add(injections);
        Add(modes);
        var profile = new ProfileOptions(this);
        Add(config);
        Add(noRerun);
        Add(out_);
        SetAction(parse =>
        {
            var m = parse.GetValue(modes)!;
            if (m.Length == 0 || m.Any(x => !SelfTest.Modes.Contains(x)))
                throw BenchException.Usage($"--mode {string.Join(" ", m)}: use {string.Join(", ", SelfTest.Modes)}.");
            var inject = parse.GetValue(injections)!.Distinct().ToArray();
            foreach (var name in inject)
                Injection.Parse(name);
            var r = parse.GetValue(reps);
            if (r < 1)
                throw BenchException.Usage($"--repetitions {r}: at least 1.");
            var outPath = parse.GetValue(out_)!;
            AtomicFile.EnsureWritable(outPath, "--out");
            var filters = parse.GetValue(filter) is { Length: > 0 } f ? f : DefaultFilters;
            var options = new SelfTestOptions(filters, inject, r, m.Distinct().ToArray(), profile.Profile(parse),
                profile.Seed(parse), !parse.GetValue(noRerun));
            var progress = new ConsoleProgress(error);
            var report = new SelfTest(GateConfigFile.Load(parse.GetValue(config)), profile.Launch(parse), progress, line =>
            {
                progress.Finish();
                error.WriteLine($"bench: {line}");
            }).Run(options);
            progress.Finish();
            AtomicFile.WriteAllText(outPath, JsonSerializer.Serialize(report, ResultsFile.Json) + "\n");
            output.Write(SelfTestRenderer.Render(report));
            output.WriteLine($"trials: {outPath}");
            return ExitCodes.Success;
        });
    }
}
