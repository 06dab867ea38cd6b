using BenchmarkDotNet.Attributes;
using Bench.Suite.Host;

namespace Bench.Benchmarks.Suites;

/// <summary>
/// The native kernels under BenchmarkDotNet, beside their managed twins: one
/// invocation is one P/Invoke call running one timed loop of
/// <see cref="SuiteConstants.NativeLoops"/> elements (BenchmarkDotNet's clock around
/// the call, the kernel's own stamps inside it).
/// </summary>
public class NativeSuite
{
    private NativeSession? _session;

    [ParamsSource(nameof(Ids))]
    public string Id { get; set; } = "";

    public static IEnumerable<string> Ids => SuiteSelection.Filter(NativeLibrary.Kernels.Where(k => k.Available).Select(k => k.Id));

    private static NativeKernelLibrary NativeLibrary => s_library ??= NativeKernelLibrary.Load(NativeLibraryLocator.Resolve());
    private static NativeKernelLibrary? s_library;

    [GlobalSetup]
    public void Setup()
    {
        var kernel = NativeLibrary.Kernels.Single(k => k.Id == Id);
        _session = NativeLibrary.Open(kernel.Index, out var status)
                   ?? throw new InvalidOperationException($"{Id}: {NativeLibrary.Describe(status)}");
    }

    [Benchmark(OperationsPerInvoke = SuiteConstants.NativeLoops)]
    public ulong Run()
    {
        var status = _session!.Sample(SuiteConstants.NativeLoops, out var sample);
        if (status != NativeStatus.Ok)
            throw new InvalidOperationException($"{Id}: {NativeLibrary.Describe(status)}");
        return sample.Invocations;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var status = _session?.Close() ?? NativeStatus.Ok;
        _session = null;
        if (status != NativeStatus.Ok)
            throw new InvalidOperationException($"{Id}: {NativeLibrary.Describe(status)}");
    }
}
