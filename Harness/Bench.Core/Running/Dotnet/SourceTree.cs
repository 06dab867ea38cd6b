namespace Bench.Core.Running.Dotnet;

/// <summary>The checkout this bench was built from: BenchmarkDotNet builds its benchmark processes from the source.</summary>
public static class SourceTree
{
    public const string Marker = "Bench.sln";

    /// <summary>The nearest directory above this assembly holding <see cref="Marker"/>.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
                return dir.FullName;
        throw BenchException.Environment(
            $"the managed benchmarks need the Bench source tree (BenchmarkDotNet builds them from it), and no {Marker} is above {AppContext.BaseDirectory}: " +
            "run bench from its checkout (./bench), or leave the managed twins out with --filter 'native/*'.");
    }
}
