using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Bench.Suite.Host;

namespace Bench.Benchmarks.Suites;

/// <summary>
/// What the managed-to-native transition costs: the same trivial export
/// (<c>bench_kernel_count</c>) called through a plain unmanaged function
/// pointer (GC transition on every call) and through a SuppressGCTransition one,
/// beside a managed call that is not inlined. Each invocation makes
/// <see cref="Calls"/> calls in a loop; the figure is per call.
/// </summary>
public unsafe class PInvokeSuite
{
    public const int Calls = 4096;
    private delegate* unmanaged<int> _withTransition;
    private delegate* unmanaged[SuppressGCTransition]<int> _suppressed;

    [GlobalSetup]
    public void Setup()
    {
        var library = NativeKernelLibrary.Load(NativeLibraryLocator.Resolve());
        var export = library.ExportAddress("bench_kernel_count");
        _withTransition = (delegate* unmanaged<int>)export;
        _suppressed = (delegate* unmanaged[SuppressGCTransition]<int>)export;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int ManagedCall()
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
            sum += Count();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int PInvoke()
    {
        var sum = 0;
        var f = _withTransition;
        for (var i = 0; i < Calls; i++)
            sum += f();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int PInvokeSuppressGCTransition()
    {
        var sum = 0;
        var f = _suppressed;
        for (var i = 0; i < Calls; i++)
            sum += f();
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Count() => 55;
}
