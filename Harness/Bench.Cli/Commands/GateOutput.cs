using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.IO;
using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>Where `bench gate` and `bench ab` write: results of both sides and the comparison, in one folder.</summary>
internal sealed record GateOutput(string Directory)
{
    public string BaseResults => Path.Combine(Directory, "base-results.json");
    public string HeadResults => Path.Combine(Directory, "head-results.json");
    public string Comparison => Path.Combine(Directory, "comparison.json");

    /// <summary>Creates the folder and proves it writable before anything is measured.</summary>
    public void Prepare()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bench.Core.BenchException.Usage($"--out-dir {Directory}: cannot create it ({e.Message}); choose another folder.");
        }
        AtomicFile.EnsureWritable(Comparison, "--out-dir");
    }

    /// <summary>Writes the files (the base's only when it was measured here), prints the table, returns the gate's exit code.</summary>
    public int Finish(GateResult result, bool writeBase, TextWriter output)
    {
        if (writeBase)
            ResultsFile.Write(BaseResults, result.Base);
        ResultsFile.Write(HeadResults, result.Head);
        ComparisonFile.Write(Comparison, result.Comparison);
        output.Write(ComparisonTableRenderer.Render(result.Comparison));
        if (Bench.Core.Hosting.CpuProbe.Describe(result.Head.Run.CpuProbe) is { } speeds)
            output.WriteLine(speeds);
        foreach (var skipped in new[] { result.Base.CountingSkipped, result.Head.CountingSkipped }.OfType<string>().Distinct())
            output.WriteLine($"instructions were not counted, so the verdicts rest on cycles alone: {skipped}");
        if (TimeLine.Describe(result.Head.Run) is { } time)
            output.WriteLine(time);
        output.WriteLine($"files: {(writeBase ? BaseResults + ", " : "")}{HeadResults}, {Comparison}");
        return result.Comparison.Gate!.ExitCode;
    }
}
