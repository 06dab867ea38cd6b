using System.CommandLine;
using Bench.Cli.Console;
using Bench.Cli.Dotnet;
using Bench.Core;
using Bench.Core.Counting;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Dotnet;
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
        var thorough = new Option<bool>("--thorough") { Description = "Run the managed twins under BenchmarkDotNet's own accuracy rules (pilot, automatic warm-up and iteration counts, 3 processes) instead of the fixed quick job: for investigation, minutes per benchmark." };
        var crossCheck = new Option<bool>("--crosscheck") { Description = "Also time each native kernel through BenchmarkDotNet (IDs native/...@bdn): one P/Invoke call per invocation, to check the harness's figures." };
        var disasm = new Option<bool>("--disasm") { Description = "Write the JIT's tier-1 disassembly of every managed dispatch style (PGO on and off) next to the results (FILE.disasm/)." };
        Add(out_);
        Add(withCount);
        Add(thorough);
        Add(crossCheck);
        Add(disasm);
        SetAction(parse => Execute(new RunOptions(parse.GetValue(filter) ?? [], profile.Profile(parse), profile.Seed(parse), parse.GetValue(out_)!,
            parse.GetValue(withCount), parse.GetValue(thorough), parse.GetValue(crossCheck), parse.GetValue(disasm), profile.Launch(parse)), output, error));
    }

    private static int Execute(RunOptions options, TextWriter output, TextWriter error)
    {
        AtomicFile.EnsureWritable(options.Out, "--out");
        var progress = new ConsoleProgress(error);
        var request = new RunRequest(options.Filters, options.Profile, options.Seed, options.Thorough, options.CrossCheck,
            DotnetLog: SideFile(options.Out, ".bdn.log"));
        var doc = BenchRun.Execute(request, options.Launch ?? WorkerLaunch.Default(), progress);
        if (options.Disasm)
        {
            var dir = SideFile(options.Out, ".disasm");
            ManagedDisasm.Write(dir, WorkerLaunch.Default(), progress);
            doc = doc with { Disassembly = Path.GetFileName(dir) };
        }
        if (options.WithCount)
            doc = BenchCount.TryAddCounts(doc, NativeLibraries.LoadDefault().Path, cacheSim: true, progress);
        progress.Finish();
        ResultsFile.Write(options.Out, doc);
        output.Write(RunTableRenderer.Render(doc));
        if (Bench.Core.Hosting.CpuProbe.Describe(doc.Run.CpuProbe) is { } speeds)
            output.WriteLine(speeds);
        output.WriteLine($"results: {options.Out} ({doc.Run.WallSeconds:F1} s)");
        if (doc.Benchmarks.Any(b => b.Runner?.Name == "BenchmarkDotNet"))
            output.WriteLine($"BenchmarkDotNet log: {request.DotnetLog}");
        if (options.Disasm)
            output.WriteLine($"tier-1 disassembly of each managed style: {SideFile(options.Out, ".disasm")}/");
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

    /// <summary>A file beside the results file: results.json -> results.bdn.log.</summary>
    internal static string SideFile(string results, string suffix) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(results))!, Path.GetFileNameWithoutExtension(results) + suffix);
}
