using System.CommandLine;
using System.Globalization;
using Bench.Core;
using Bench.Core.Import;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>
/// `bench import FILE... --out results.json`: the kernel's bench_page_pool_simple output, or
/// BenchmarkDotNet's JSON export (told apart by content), as a results file that compare, gate,
/// report and post take unchanged.
/// </summary>
internal sealed class ImportCommand : Command
{
    public ImportCommand(TextWriter output, TextWriter error)
        : base("import", "Read the kernel's bench_page_pool_simple output (dmesg, journalctl -k or the selftest log; each module load one launch, each line one sample), " +
                         "or BenchmarkDotNet's full JSON export (each workload measurement one sample, each of its launches one launch), into a results file.")
    {
        var files = new Argument<string[]>("FILE") { Description = "Captures of one kernel build: every load of the module in them is one launch.", Arity = ArgumentArity.OneOrMore };
        var out_ = new Option<string>("--out", "-o") { Description = "Results file to write.", HelpName = "FILE", DefaultValueFactory = _ => "results.json" };
        var machine = new Option<string?>("--machine") { Description = "The machine the module ran on (CPU, cores, VM or not): recorded as given, never guessed.", HelpName = "TEXT" };
        var kernel = new Option<string?>("--kernel") { Description = "The kernel under test (uname -r, or the patch it carries).", HelpName = "TEXT" };
        var commit = new Option<string?>("--commit") { Description = "The kernel commit under test.", HelpName = "SHA" };
        var arch = new Option<string?>("--arch") { Description = "The machine's architecture, e.g. x86-64.", HelpName = "ARCH" };
        var cores = new Option<int?>("--cores") { Description = "Its logical CPUs.", HelpName = "N" };
        var context = new Option<string?>("--context")
        {
            Description = "A small JSON file with any of machine, kernel, commit, architecture, cores (the flags win over it).", HelpName = "FILE",
        };
        foreach (var o in new Option[] { out_, machine, kernel, commit, arch, cores, context })
            Add(o);
        Add(files);
        SetAction(parse =>
        {
            var outPath = parse.GetValue(out_)!;
            AtomicFile.EnsureWritable(outPath, "--out", [.. parse.GetValue(files) ?? [], .. parse.GetValue(context) is { } ctxFile ? [ctxFile] : Array.Empty<string>()]);
            if (parse.GetValue(cores) is <= 0)
                throw BenchException.Usage($"--cores {parse.GetValue(cores)} is not a number of CPUs: give a positive whole number.");
            var given = new ImportContext(parse.GetValue(machine), parse.GetValue(kernel), parse.GetValue(commit), parse.GetValue(arch), parse.GetValue(cores));
            if (parse.GetValue(context) is { } sidecar)
                given = given.Over(ImportContext.Read(sidecar));
            var paths = parse.GetValue(files)!;
            var texts = paths.Select(p => (Path: p, Text: InputFile.ReadAllText(p, "the capture",
                "; give the dmesg, journalctl -k or selftest log file, or BenchmarkDotNet's JSON export."))).ToList();
            var exports = texts.Where(t => BenchmarkDotNetImport.Recognizes(t.Text)).ToList();
            if (exports.Count > 0 && exports.Count < texts.Count)
                throw BenchException.Usage($"{string.Join(", ", exports.Select(t => t.Path))} {(exports.Count == 1 ? "is a BenchmarkDotNet export" : "are BenchmarkDotNet exports")}, " +
                                           $"but {string.Join(", ", texts.Except(exports).Select(t => t.Path))} not: import kernel captures and BenchmarkDotNet exports apart.");
            if (exports.Count > 0)
                return ImportBenchmarkDotNet(exports, given, outPath, output);
            var capture = KernelLog.Read(texts);
            foreach (var r in capture.Refused)
                error.WriteLine($"bench: {r.File}:{r.Line}: not imported: {r.Why}: {r.Text}");
            var result = KernelImport.Build(capture, given, paths, new ToolInfo("bench", typeof(ImportCommand).Assembly.GetName().Version?.ToString(3) ?? "0"),
                DateTimeOffset.UtcNow);
            foreach (var group in result.Unknown.GroupBy(l => l.Name))
                error.WriteLine($"bench: not imported: '{group.Key}' is not a bench_page_pool_simple case (lines {string.Join(", ", group.Select(l => l.Where))})");
            var doc = result.Document;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imported {doc.Host.Imported!.Lines} line(s) from {doc.Host.Imported.Loads} module load(s) (launches); TSC {doc.Host.TimerFrequencyHz / 1e6:F1} MHz from the lines themselves"));
            output.WriteLine($"{"benchmark",-44} {"loads",5} {"median",9} {"min",9} {"max",9}  printed (cycles(tsc), as time_bench truncates)");
            foreach (var b in doc.Benchmarks)
            {
                var c = b.Metrics[MetricNames.Cycles].Samples;
                var printed = b.Imported!.PrintedCycles;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{b.Id,-44} {c.Count,5} {Core.Statistics.SampleSummary.Of(c).Median,9:F3} {c.Min(),9:F3} {c.Max(),9:F3}  {string.Join(" ", printed.Select(p => p.ToString("0.###", CultureInfo.InvariantCulture)))}"));
            }
            var missing = new[] { ("--machine", doc.Host.CpuModel), ("--kernel", doc.Host.Kernel), ("--commit", doc.Host.Commit ?? KernelImport.NotGiven) }
                .Where(x => x.Item2 == KernelImport.NotGiven).Select(x => x.Item1).ToList();
            if (missing.Count > 0)
                output.WriteLine($"note: {string.Join(", ", missing)} not given: the results file says \"{KernelImport.NotGiven}\" there, and compare cannot tell two machines apart by what was not given.");
            if (doc.Host.Imported.Loads < 5)
                output.WriteLine($"note: {doc.Host.Imported.Loads} load(s): a verdict against another capture needs at least 3 per side, and about 5 to call a 20 % change (see docs/imports.md).");
            ResultsFile.Write(outPath, doc);
            output.WriteLine($"results: {outPath}");
            return ExitCodes.Success;
        });
    }

    private static ToolInfo Tool => new("bench", typeof(ImportCommand).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>BenchmarkDotNet's exports: each workload measurement a sample, each of its launches a launch; time only.</summary>
    private static int ImportBenchmarkDotNet(IReadOnlyList<(string Path, string Text)> exports, ImportContext given, string outPath, TextWriter output)
    {
        var doc = BenchmarkDotNetImport.Build(exports, given, Tool, DateTimeOffset.UtcNow);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {doc.Benchmarks.Count} benchmark(s), {doc.Host.Imported!.Lines} workload measurement(s), from {exports.Count} BenchmarkDotNet export(s); time only (ns per operation), no cycles"));
        output.WriteLine($"{"benchmark",-60} {"launches",8} {"samples",7} {"median ns",11} {"min",11} {"max",11}");
        foreach (var b in doc.Benchmarks)
        {
            var ns = b.Metrics[MetricNames.Nanoseconds].Samples;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{b.Id,-60} {b.SamplesPerLaunch.Count,8} {ns.Count,7} {Core.Statistics.SampleSummary.Of(ns).Median,11:G5} {ns.Min(),11:G5} {ns.Max(),11:G5}"));
        }
        var fewest = doc.Benchmarks.Min(b => b.SamplesPerLaunch.Count);
        if (fewest < 3)
            output.WriteLine($"note: {fewest} launch(es) of a benchmark: against another run a launch is the unit (one process is one draw of the JIT's placement), " +
                             "and a verdict needs at least 3 a side: run BenchmarkDotNet with --launchCount 3 or more (5 to call a small change).");
        ResultsFile.Write(outPath, doc);
        output.WriteLine($"results: {outPath}");
        return ExitCodes.Success;
    }
}
