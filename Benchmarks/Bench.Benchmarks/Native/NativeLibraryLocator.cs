namespace Bench.Benchmarks.Native;

/// <summary>
/// Finds the kernel library: <c>BENCH_NATIVE_LIB</c> (a file) first, then
/// <c>BENCH_NATIVE_DIR</c> (a folder), then the folder of this assembly, where
/// the build copies it.
/// </summary>
public static class NativeLibraryLocator
{
    public const string FileVariable = "BENCH_NATIVE_LIB";
    public const string DirectoryVariable = "BENCH_NATIVE_DIR";

    /// <summary>File name of the build with <paramref name="injectK"/> extra ops per element (0: the real build).</summary>
    public static string FileName(int injectK) => injectK == 0 ? "libbenchnative.so" : $"libbenchnative-k{injectK}.so";

    public static string Resolve(int injectK = 0)
    {
        var file = Environment.GetEnvironmentVariable(FileVariable);
        if (!string.IsNullOrEmpty(file) && injectK == 0)
            return Path.GetFullPath(file);
        var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(dir))
            dir = Path.GetDirectoryName(typeof(NativeLibraryLocator).Assembly.Location) ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(dir, FileName(injectK)));
    }
}
