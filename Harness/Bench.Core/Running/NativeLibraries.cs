using Bench.Suite.Host;

namespace Bench.Core.Running;

/// <summary>Loads the kernel library the harness runs, turning a missing one into an environment error.</summary>
public static class NativeLibraries
{
    /// <summary>The library of the suite in force (<see cref="Suites.Suite.Current"/>), or Bench's build with <paramref name="injectK"/> injected ops.</summary>
    public static NativeKernelLibrary LoadDefault(int injectK = 0) => Load(injectK == 0 ? Suites.Suite.Current.NativeLibrary : NativeLibraryLocator.Resolve(injectK));

    public static NativeKernelLibrary Load(string path)
    {
        try
        {
            return NativeKernelLibrary.Load(path);
        }
        catch (NativeLibraryException e)
        {
            throw BenchException.Environment(e.Message, e);
        }
    }
}
