using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bench.Core.Reporting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Reporting;

public class HtmlReportRendererTests
{
    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Render_StructureIsStableUnderAnyCulture(string culture)
    {
        Golden.AssertMatchesInCulture(culture, "report.html", () => HtmlReportRenderer.Render(ReportSamples.Model(), ReportSamples.StubAssets()));
    }

    [Fact]
    public void Render_HostileBenchmarkName_IsTextNeverMarkup()
    {
        var html = HtmlReportRenderer.Render(ReportSamples.Model(), ReportSamples.StubAssets());
        // the only <script elements are the data block and the three inlined scripts
        Assert.Equal(4, Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count);
        Assert.DoesNotContain("alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<gate>", html);
        Assert.Contains("Bench &lt;gate&gt; &amp; &quot;friends&quot;", html);
        // inside the JSON block, < and > are \u escapes: nothing there can end the block
        var data = Regex.Match(html, "<script type=\"application/json\" id=\"bench-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(@"\u003Cscript\u003Ealert(1)\u003C/script\u003E", data);
        Assert.DoesNotContain("<", data);
    }

    [Fact]
    public void Render_ContentSecurityPolicy_AdmitsExactlyTheInlinedScripts()
    {
        var assets = ReportSamples.StubAssets();
        var html = HtmlReportRenderer.Render(ReportSamples.Model(), assets);
        var csp = Regex.Match(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value;
        Assert.StartsWith("default-src &#39;none&#39;; script-src ", csp);
        foreach (var script in new[] { assets.ChartJs, assets.BoxplotJs, assets.ReportJs })
            Assert.Contains("sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))), csp);
        Assert.Equal(3, Regex.Matches(csp, "sha256-").Count);
    }

    [Fact]
    public void Render_RegressionsComeFirst_AndEveryChartHasACanvas()
    {
        var model = ReportSamples.Model();
        var html = HtmlReportRenderer.Render(model, ReportSamples.StubAssets());
        var rows = Regex.Matches(html, "<tr class=\"v-([a-z]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("slower", rows[0]);
        Assert.Equal(rows.OrderBy(v => Bench.Core.Comparison.VerdictOrder.Rank(Enum.Parse<Bench.Core.Comparison.Verdict>(v, true))).ToList(), rows);
        Assert.Equal(HtmlReportRenderer.ChartCount(model), Regex.Matches(html, "<canvas id=\"chart-").Count);
        Assert.Contains("managed, PGO off", html);
        Assert.Contains("native/pp03-slow/ops-retpoline/provider-on", html[html.IndexOf("id=\"not-measured\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Embedded_AssetsAreThePinnedFilesAndCarryTheirLicences()
    {
        var assets = ReportAssets.Embedded();
        Assert.StartsWith("/*!\n * Chart.js v" + assets.Notices[0].Version, assets.ChartJs);
        Assert.Contains("Permission is hereby granted", assets.Notices[0].LicenceText);
        Assert.Contains("Permission is hereby granted", assets.Notices[1].LicenceText);
        // the files are the ones update.sh fetched: SHA256SUMS is written by it
        var dir = Path.Combine(Bench.Core.Running.Dotnet.SourceTree.Root(), "Harness", "Bench.Core", "Reporting", "Assets");
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")))
        {
            var (sum, name) = (line[..64], line[66..]);
            Assert.Equal(sum, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))));
        }
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "chart.umd.min.js")), assets.ChartJs);
    }
}
