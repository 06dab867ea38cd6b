namespace Bench.Tests.TestSupport;

/// <summary>
/// Golden files live beside the tests that use them (e.g. Reporting/Golden/). Set
/// BENCH_UPDATE_GOLDEN=1 to rewrite them from the current output, then review the diff.
/// </summary>
internal static class Golden
{
    /// <summary>Renders under <paramref name="culture"/> ("" for the invariant one) and compares: a renderer's output must not depend on it.</summary>
    public static void AssertMatchesInCulture(string culture, string name, Func<string> render, [System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
            AssertMatches(name, render(), caller);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    public static void AssertMatches(string name, string actual, [System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name);
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("BENCH_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests with BENCH_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}
