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

    /// <summary>What GitHub keeps of one step's summary.</summary>
    public const int StepSummaryMaxBytes = 1 << 20;

    /// <summary>
    /// Appends to the GitHub Actions job summary file (the path in <c>GITHUB_STEP_SUMMARY</c>).
    /// Appended, not replaced: other steps of the job write to the same file. The summary is
    /// best-effort, as posting is: a path that is no regular file (a FIFO, which would block a
    /// plain open until a reader came; a socket), a folder, a missing folder or a full disk gives
    /// a warning (returned; null when appended), never a hang or an internal error. Markdown past
    /// what GitHub keeps (1 MiB) is cut at a line, with a note.
    /// </summary>
    public static string? AppendStepSummary(string summaryPath, string markdown)
    {
        markdown = markdown.EndsWith('\n') ? markdown + "\n" : markdown + "\n\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(markdown);
        if (bytes.Length > StepSummaryMaxBytes)
        {
            const string note = "\n*(cut here: a job summary keeps 1 MiB; the whole report is in the run's files)*\n\n";
            var keep = markdown[..markdown.LastIndexOf('\n', Math.Min(markdown.Length - 1, StepSummaryMaxBytes - 200))];
            while (System.Text.Encoding.UTF8.GetByteCount(keep) > StepSummaryMaxBytes - 200)
                keep = keep[..keep.LastIndexOf('\n', keep.Length - 1)];
            bytes = System.Text.Encoding.UTF8.GetBytes(keep + note);
        }
        try
        {
            using var file = IO.OutputFile.OpenAppend(summaryPath);
            file.Write(bytes);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BenchException)
        {
            return $"the job summary {summaryPath} was not appended to: {e.Message}";
        }
    }
}
