namespace Bench.Suite.Host;

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
    public static string FileName(int injectK) => FileName(injectK == 0 ? "" : $"k{injectK}");

    /// <summary>File name of an injected-regression build by its name (k1, k2, k4, call1; empty: the real build).</summary>
    public static string FileName(string variant) => variant.Length == 0 ? "libbenchnative.so" : $"libbenchnative-{variant}.so";

    public static string Resolve(int injectK = 0) => Resolve(injectK == 0 ? "" : $"k{injectK}");

    public static string Resolve(string variant)
    {
        var file = Environment.GetEnvironmentVariable(FileVariable);
        if (!string.IsNullOrEmpty(file) && variant.Length == 0)
            return Path.GetFullPath(file);
        var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(dir))
            dir = Path.GetDirectoryName(typeof(NativeLibraryLocator).Assembly.Location) ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(dir, FileName(variant)));
    }
}
