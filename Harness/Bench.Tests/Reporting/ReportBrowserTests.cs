using Bench.Core.Reporting;
using Bench.Core.Running.Dotnet;
using Bench.Tests.TestSupport;
using Microsoft.Playwright;

namespace Bench.Tests.Reporting;

/// <summary>
/// The report in a real browser: Debian's headless Chromium, driven by Playwright, opens the
/// file from disk. Every chart must have drawn (a Chart.js instance on a canvas of non-zero size
/// with pixels on it), with no error on the console, no script from a benchmark name run (no
/// dialog), and no request leaving the file. A screenshot is kept as an artifact.
/// </summary>
public class ReportBrowserTests
{
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    public static string ChromiumPath() => Environment.GetEnvironmentVariable("BENCH_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Where test artifacts go: $BENCH_TEST_ARTIFACTS, else reports/test-artifacts in the repository (CI uploads reports/).</summary>
    public static string ArtifactsDirectory() =>
        Environment.GetEnvironmentVariable("BENCH_TEST_ARTIFACTS") ?? Path.Combine(SourceTree.Root(), "reports", "test-artifacts");

    [Fact]
    public async Task Report_OpenedFromDisk_DrawsEveryChartWithoutErrors()
    {
        var chromium = ChromiumPath();
        Assert.True(File.Exists(chromium),
            $"headless Chromium is needed at {chromium}: install Debian's with `.ci/install-test-deps` (as root, or with sudo), or set BENCH_CHROMIUM to a chromium binary.");
        using var dir = new TempDir();
        var model = ReportSamples.Model();
        var path = dir.File("report.html");
        ReportWriter.Html(path, model);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumFlags });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        var dialogs = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                errors.Add(m.Text);
        };
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith("file:", StringComparison.Ordinal))
                requests.Add(r.Url);
        };

        await page.GotoAsync(new Uri(path).AbsoluteUri);
        try
        {
            await page.WaitForSelectorAsync("body[data-charts-rendered]", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the report's script never finished; console errors: " + string.Join(" | ", errors));
        }

        var expected = HtmlReportRenderer.ChartCount(model);
        Assert.True(expected >= 6, $"the sample should draw cases, the comparison and history charts, not {expected}");
        Assert.Equal(expected.ToString(), await page.GetAttributeAsync("body", "data-charts-rendered"));
        Assert.Equal("0", await page.GetAttributeAsync("body", "data-charts-failed"));
        var canvases = await page.QuerySelectorAllAsync("canvas");
        Assert.Equal(expected, canvases.Count);
        foreach (var canvas in canvases)
        {
            var id = await canvas.GetAttributeAsync("id");
            var box = await canvas.BoundingBoxAsync();
            Assert.True(box is { Width: > 0, Height: > 0 }, $"#{id} has no size");
            Assert.True(await canvas.EvaluateAsync<bool>("c => !!Chart.getChart(c)"), $"#{id} has no chart");
            var painted = await canvas.EvaluateAsync<int>(
                "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
            Assert.True(painted > 1000, $"#{id} is (nearly) blank: {painted} painted pixels");
        }
        // the hostile name is on the page as text
        Assert.Contains("<script>alert(1)</script>", await page.InnerTextAsync("#comparison"));

        Directory.CreateDirectory(ArtifactsDirectory());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory(), "report.png"), FullPage = true });

        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
        Assert.True(dialogs.Count == 0, "a script ran: " + string.Join(" | ", dialogs));
        Assert.True(requests.Count == 0, "requests left the file: " + string.Join(" | ", requests));
    }
}
