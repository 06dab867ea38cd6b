using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Counting;
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
        Add(filter);
        var profile = new ProfileOptions(this);
        var out_ = new Option<string>("--out", "-o") { Description = "Results file to write.", HelpName = "FILE", DefaultValueFactory = _ => "results.json" };
        var withCount = CommonOptions.WithCount();
        Add(out_);
        Add(withCount);
        SetAction(parse => Execute(new RunOptions(parse.GetValue(filter) ?? [], profile.Profile(parse), profile.Seed(parse), parse.GetValue(out_)!,
            parse.GetValue(withCount)), output, error));
    }

    private static int Execute(RunOptions options, TextWriter output, TextWriter error)
    {
        AtomicFile.EnsureWritable(options.Out, "--out");
        var progress = new ConsoleProgress(error);
        var doc = BenchRun.Execute(new RunRequest(options.Filters, options.Profile, options.Seed), WorkerLaunch.Default(), progress);
        if (options.WithCount)
            doc = BenchCount.TryAddCounts(doc, NativeLibraries.LoadDefault().Path, cacheSim: true, progress);
        progress.Finish();
        ResultsFile.Write(options.Out, doc);
        output.Write(RunTableRenderer.Render(doc));
        output.WriteLine($"results: {options.Out} ({doc.Run.WallSeconds:F1} s)");
        var bad = doc.Benchmarks.Where(b => b.Status is BenchmarkStatus.Crashed or BenchmarkStatus.Failed).ToList();
        if (doc.CountingSkipped is { } why)
        {
            error.WriteLine($"bench: {why} The timings are in {options.Out}.");
            return ExitCodes.EnvironmentProblem;
        }
        if (bad.Count == 0)
            return ExitCodes.Success;
        error.WriteLine($"bench: {bad.Count} benchmark(s) did not complete: {string.Join(", ", bad.Select(b => $"{b.Id} ({b.Status.ToString().ToLowerInvariant()})"))}; the others' results are in {options.Out}.");
        return ExitCodes.BenchmarkFailed;
    }
}
