using System.CommandLine;
using Bench.Cli.Console;
using Bench.Core;
using Bench.Core.Catalog;
using Bench.Core.Comparison;
using Bench.Core.Contrasts;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>
/// `bench cost`: what each dispatch style costs, paired and decided. Every case's kernels run
/// interleaved in the same pinned workers; each style is then compared with the reference as the
/// gate compares a change, and printed as a matrix (console, results file, Markdown, HTML).
/// </summary>
internal sealed class CostCommand : Command
{
    public CostCommand(TextWriter output, TextWriter error)
        : base("cost", "What each dispatch style costs: every case's kernels interleaved in the same pinned workers, each style against the reference (and provider on against off) decided as the gate decides a change, with instructions beside.")
    {
        var filter = CommonOptions.Filter();
        filter.Description = "Contrast only the kernels whose ID matches (glob; repeatable): e.g. 'native/pp01-fast/*'. The reference of each family runs with them.";
        var config = CommonOptions.Config();
        var noRerun = CommonOptions.NoRerun();
        var results = new Option<string?>("--results")
        {
            Description = "Decide the contrasts of a results file taken before (bench run, bench import, bench cost) instead of measuring: paired where its kernels were sampled in one family, else unpaired, and said so.",
            HelpName = "FILE",
        };
        var out_ = new Option<string>("--out", "-o") { Description = "Results file to write: every kernel's samples, with the contrasts.", HelpName = "FILE", DefaultValueFactory = _ => Path.Combine("cost-results", "cost.json") };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the matrix as Markdown.", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write the HTML report (the matrix first, then the distributions of samples).", HelpName = "FILE" };
        var noCount = new Option<bool>("--no-count") { Description = "Do not count instructions under callgrind (cycles only)." };
        Add(filter);
        var profile = new ProfileOptions(this, paired: true);
        Add(config);
        Add(noRerun);
        Add(results);
        Add(out_);
        Add(markdown);
        Add(html);
        Add(noCount);
        SetAction(parse =>
        {
            var outPath = parse.GetValue(out_)!;
            var from = parse.GetValue(results);
            var inputs = from is null ? Array.Empty<string>() : [from];
            // the default folder is made here, as gate and ab make theirs
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } folder && !File.Exists(folder))
                Directory.CreateDirectory(folder);
            AtomicFile.EnsureWritable(outPath, "--out", inputs);
            foreach (var (path, name) in new[] { (parse.GetValue(markdown), "--markdown"), (parse.GetValue(html), "--html") })
                if (path is not null)
                    AtomicFile.EnsureWritable(path, name, [.. inputs, outPath]);
            var gateConfig = GateConfigFile.Load(parse.GetValue(config));
            var suite = Core.Suites.Suite.Current;
            var globs = parse.GetValue(filter) ?? [];
            ResultsDocument doc;
            if (from is not null)
                doc = CostRun.Decide(ResultsFile.Read(from), suite.Contrasts, gateConfig, new BenchmarkFilter(globs));
            else
            {
                var library = suite.NativeLibrary;
                var kernels = ContrastPlan.Kernels(NativeLibraries.Load(library).Kernels, suite.ManagedKernels).ToList();
                var selector = new BenchmarkFilter(globs);
                var unmatched = selector.Unmatched(kernels.Select(k => k.Id));
                if (unmatched.Count > 0)
                    throw BenchException.Usage($"no kernel matches {string.Join(", ", unmatched.Select(g => $"'{g}'"))}: `bench list` shows every ID.");
                var plan = ContrastPlan.For(kernels, suite.Contrasts, selector);
                var request = new RunRequest(globs, profile.Profile(parse), profile.Seed(parse));
                var progress = new ConsoleProgress(error);
                doc = CostRun.Execute(plan, gateConfig, library, suite.Managed, request, profile.Launch(parse), progress, rerun: !parse.GetValue(noRerun),
                    countInstructions: !parse.GetValue(noCount));
                progress.Finish();
            }
            ReportWriter.Text(outPath, ResultsFile.Serialize(doc) + "\n");
            var report = doc.Contrasts!;
            output.Write(CostMatrixRenderer.Text(report));
            if (Core.Hosting.CpuProbe.Describe(doc.Run.CpuProbe) is { } speeds)
                output.WriteLine(speeds + ": the costs are paired within each launch, so they hold whichever CPU a launch ran on.");
            if (from is null && Core.Reporting.TimeLine.Describe(doc.Run) is { } time)
                output.WriteLine(time);
            output.WriteLine($"results: {outPath}{(from is null ? $" ({doc.Run.WallSeconds:F1} s of measuring)" : "")}");
            if (parse.GetValue(markdown) is { } md)
            {
                ReportWriter.Text(md, CostMatrixRenderer.Markdown(report));
                output.WriteLine($"markdown: {md}");
            }
            if (parse.GetValue(html) is { } page)
            {
                ReportWriter.Html(page, ReportBuilder.Build(doc, null, null, "Bench cost"));
                output.WriteLine($"report: {page}");
            }
            var bad = doc.Benchmarks.Where(b => b.Status is BenchmarkStatus.Crashed or BenchmarkStatus.Failed).ToList();
            if (bad.Count > 0)
            {
                error.WriteLine($"bench: {bad.Count} kernel(s) did not complete, so their contrasts are not decided: {string.Join(", ", bad.Select(b => b.Id))}.");
                return ExitCodes.BenchmarkFailed;
            }
            return ExitCodes.Success;
        });
    }
}
