namespace Bench.Benchmarks.Native;

/// <summary>How a kernel library was built and what it found at run time (timer rate, static key).</summary>
public sealed record NativeBuildInfo(
    int AbiVersion,
    int InjectK,
    string Architecture,
    string Compiler,
    string Flags,
    string? RetpolineFlags,
    string Timer,
    double TimerHz,
    string TimerHzSource,
    string StaticKeyImplementation,
    string StaticKeyNote);
