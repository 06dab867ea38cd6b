namespace Bench.Benchmarks.Suites;

/// <summary>What every suite shares.</summary>
public static class SuiteConstants
{
    /// <summary>
    /// Elements per invocation (one timed loop): BenchmarkDotNet's OperationsPerInvoke.
    /// 2^16 makes a managed invocation 0.3 to 1.5 ms here, so the call into the loop
    /// is a few parts in a million of it.
    /// </summary>
    public const int Loops = 1 << 16;

    /// <summary>
    /// Elements per P/Invoke call in the native suite: 2^20. BenchmarkDotNet's clock
    /// also times the kernel's own fenced stamps, and CPUID in a KVM guest is a VM
    /// exit (about 9 us for a start and stop pair here): at 2^16 that added 0.4
    /// cycles(tsc) to the empty loop, at 2^20 it is about 0.02.
    /// </summary>
    public const int NativeLoops = 1 << 20;
}
