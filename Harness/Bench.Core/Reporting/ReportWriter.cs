using System.Diagnostics;
using Bench.Core.IO;

namespace Bench.Core.Reporting;

/// <summary>Writes rendered reports: whole files atomically (their folder created), the job summary appended.</summary>
public static class ReportWriter
{
    /// <summary>Renders <paramref name="model"/> with the embedded assets and writes it; returns the size in bytes and how long rendering took.</summary>
    public static (long Bytes, TimeSpan Render) Html(string path, ReportModel model)
    {
        var clock = Stopwatch.StartNew();
        var html = HtmlReportRenderer.Render(model, ReportAssets.Embedded());
        var took = clock.Elapsed;
        Text(path, html);
        return (new FileInfo(path).Length, took);
    }

    public static void Text(string path, string contents)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot create {dir} for {path}: {e.Message}");
        }
        AtomicFile.WriteAllText(path, contents);
    }

    /// <summary>
    /// Appends to the GitHub Actions job summary file (the path in <c>GITHUB_STEP_SUMMARY</c>).
    /// Appended, not replaced: other steps of the job write to the same file.
    /// </summary>
    public static void AppendStepSummary(string summaryPath, string markdown) =>
        File.AppendAllText(summaryPath, markdown.EndsWith('\n') ? markdown + "\n" : markdown + "\n\n");
}
