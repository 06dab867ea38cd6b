using System.CommandLine;
using Bench.Core;
using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>`bench compare BASE HEAD`: verdicts from two results files, printed and written; no measuring.</summary>
internal sealed class CompareCommand : Command
{
    public CompareCommand(TextWriter output) : base("compare", "Compare two results files: a verdict per benchmark (Slower, Faster, Same, Unknown), the shift with its interval, the ratio.")
    {
        var @base = new Argument<string>("BASE") { Description = "Results of the base (a baseline, or base-results.json of `bench ab`)." };
        var head = new Argument<string>("HEAD") { Description = "Results of the head." };
        var out_ = new Option<string>("--out", "-o") { Description = "Comparison file to write.", HelpName = "FILE", DefaultValueFactory = _ => "comparison.json" };
        var config = CommonOptions.Config();
        var anyMachine = new Option<bool>("--any-machine") { Description = "Compare even when the two files come from different machines (their cycles are not comparable; the output says so)." };
        Add(@base);
        Add(head);
        Add(out_);
        Add(config);
        Add(anyMachine);
        SetAction(parse =>
        {
            var (basePath, headPath, outPath) = (parse.GetValue(@base)!, parse.GetValue(head)!, parse.GetValue(out_)!);
            var rules = GateConfigFile.Load(parse.GetValue(config));
            AtomicFile.EnsureWritable(outPath, "--out", basePath, headPath);
            var b = ResultsFile.Read(basePath);
            var h = ResultsFile.Read(headPath);
            string? cyclesNotComparable = null;
            try
            {
                if (!parse.GetValue(anyMachine))
                    cyclesNotComparable = InstructionFingerprint.CyclesNotComparable(b, h, basePath, headPath);
            }
            catch (BenchException e) when (e.ExitCode == ExitCodes.NoComparableBaseline)
            {
                throw new BenchException($"{e.Message} Measure both here (`bench ab`), or pass --any-machine to compare anyway.", e.ExitCode);
            }
            var doc = GateSession.Decide(rules, b, h, GateSession.Side(b, basePath, basePath), GateSession.Side(h, headPath, headPath), cyclesNotComparable)
                .Comparison;
            ComparisonFile.Write(outPath, doc);
            output.Write(ComparisonTableRenderer.Render(doc));
            output.WriteLine($"comparison: {outPath}");
            return ExitCodes.Success;
        });
    }
}
