using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench run`: measure, print the table, write the results file.</summary>
internal sealed class RunCommand : Command
{
    public RunCommand(TextWriter output, TextWriter error) : base("run", "Run benchmarks and write a results file with every raw sample.")
    {
        var filter = CommonOptions.Filter();
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter samples (40 of about 1 ms per benchmark, from 4 processes): for the gate and smoke runs." };
        var launches = new Option<int?>("--launches") { Description = "Worker processes to spread the samples over (each process is a separate draw).", HelpName = "N" };
        var samples = new Option<int?>("--samples") { Description = "Kept samples per benchmark (rounded up to whole blocks of 5 in every launch).", HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the interleaving order.", DefaultValueFactory = _ => 1 };
        var output_ = new Option<string>("--out", "-o") { Description = "Results file to write.", HelpName = "FILE", DefaultValueFactory = _ => "results.json" };
        Add(filter);
        Add(quick);
        Add(samples);
        Add(launches);
        Add(seed);
        Add(output_);
        SetAction(parse => Execute(new RunOptions(parse.GetValue(filter) ?? [], parse.GetValue(quick), parse.GetValue(samples),
            parse.GetValue(launches), parse.GetValue(seed), parse.GetValue(output_)!), output, error));
    }

    private static int Execute(RunOptions options, TextWriter output, TextWriter error)
    {
        AtomicFile.EnsureWritable(options.Out, "--out");
        var progress = new ConsoleProgress(error);
        var doc = BenchRun.Execute(new RunRequest(options.Filters, options.Profile, options.Seed), WorkerLaunch.Default(), progress);
        progress.Finish();
        ResultsFile.Write(options.Out, doc);
        output.Write(RunTableRenderer.Render(doc));
        output.WriteLine($"results: {options.Out} ({doc.Run.WallSeconds:F1} s)");
        var bad = doc.Benchmarks.Where(b => b.Status is BenchmarkStatus.Crashed or BenchmarkStatus.Failed).ToList();
        if (bad.Count == 0)
            return ExitCodes.Success;
        error.WriteLine($"bench: {bad.Count} benchmark(s) did not complete: {string.Join(", ", bad.Select(b => $"{b.Id} ({b.Status.ToString().ToLowerInvariant()})"))}; the others' results are in {options.Out}.");
        return ExitCodes.BenchmarkFailed;
    }
}
