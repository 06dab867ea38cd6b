using Bench.Benchmarks.Native;

namespace Bench.Core.Running;

/// <summary>Loads the kernel library the harness runs, turning a missing one into an environment error.</summary>
public static class NativeLibraries
{
    public static NativeKernelLibrary LoadDefault(int injectK = 0) => Load(NativeLibraryLocator.Resolve(injectK));

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
