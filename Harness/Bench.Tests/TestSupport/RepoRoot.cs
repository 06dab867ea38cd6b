namespace Bench.Tests.TestSupport;

/// <summary>The checkout the tests were built from: the folder above their output that holds Bench.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(System.IO.Path.Combine(d.FullName, "Bench.sln")))
            d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("the tests' output is not inside the repository");
    }
}
