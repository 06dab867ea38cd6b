using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Counting;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>`bench count`: instructions per element of the native kernels under callgrind, deterministic.</summary>
internal sealed class CountCommand : Command
{
    public CountCommand(TextWriter output, TextWriter error)
        : base("count", "Count instructions per element of the native kernels under valgrind's callgrind (deterministic: load cannot move it).")
    {
        var filter = CommonOptions.Filter();
        var noCacheSim = CommonOptions.NoCacheSim();
        var out_ = new Option<string>("--out", "-o") { Description = "Results file to write.", HelpName = "FILE", DefaultValueFactory = _ => "counts.json" };
        var library = new Option<string?>("--library") { Description = "Count this kernel library instead of the build's (e.g. an injected one).", HelpName = "FILE" };
        Add(filter);
        Add(noCacheSim);
        Add(library);
        Add(out_);
        SetAction(parse =>
        {
            var outPath = parse.GetValue(out_)!;
            AtomicFile.EnsureWritable(outPath, "--out");
            var progress = new ConsoleProgress(error);
            var doc = BenchCount.Execute(parse.GetValue(filter) ?? [], !parse.GetValue(noCacheSim), progress, parse.GetValue(library));
            progress.Finish();
            ResultsFile.Write(outPath, doc);
            output.Write(RunTableRenderer.Render(doc));
            output.WriteLine($"results: {outPath} ({doc.Run.WallSeconds:F1} s)");
            var bad = doc.Benchmarks.Count(b => b.Status is BenchmarkStatus.Crashed or BenchmarkStatus.Failed);
            return bad == 0 ? ExitCodes.Success : ExitCodes.BenchmarkFailed;
        });
    }
}
