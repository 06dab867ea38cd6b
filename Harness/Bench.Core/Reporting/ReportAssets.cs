using System.Reflection;
using System.Text.Json;

namespace Bench.Core.Reporting;

/// <summary>A third-party library inlined into the report, with its pinned version and licence text.</summary>
public sealed record ThirdPartyNotice(string Name, string Version, string LicenceText);

/// <summary>
/// What an HTML report inlines besides its data: the chart libraries (from npm, pinned in
/// <c>Reporting/Assets/package.json</c>, refreshed by <c>update.sh</c>), their licences, and the
/// report's own script and style. The renderer takes them as values, so tests can pass small stand-ins.
/// </summary>
public sealed record ReportAssets(string ChartJs, string BoxplotJs, string ReportJs, string Css, IReadOnlyList<ThirdPartyNotice> Notices)
{
    private const string Prefix = "Bench.Core.Reporting.Assets.";

    /// <summary>The assets embedded in this assembly.</summary>
    public static ReportAssets Embedded()
    {
        using var package = JsonDocument.Parse(Read("package.json"));
        var pins = package.RootElement.GetProperty("dependencies");
        return new ReportAssets(Read("chart.umd.min.js"), Read("chartjs-chart-boxplot.umd.min.js"), Read("report.js"), Read("report.css"),
        [
            new("Chart.js", pins.GetProperty("chart.js").GetString()!, Read("chart.js.LICENSE.md")),
            new("chartjs-chart-boxplot (bundles @sgratzl/boxplots)", pins.GetProperty("@sgratzl/chartjs-chart-boxplot").GetString()!,
                Read("chartjs-chart-boxplot.LICENSE")),
        ]);
    }

    internal static string Read(string name)
    {
        using var stream = typeof(ReportAssets).Assembly.GetManifestResourceStream(Prefix + name)
                           ?? throw new InvalidOperationException($"report asset {name} is not embedded in {typeof(ReportAssets).Assembly.GetName().Name}: see Bench.Core.csproj");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
