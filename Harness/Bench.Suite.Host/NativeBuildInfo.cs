namespace Bench.Suite.Host;

/// <summary>How a kernel library was built and what it found at run time (timer rate, timer stop, static key). The timer stop is null from an ABI-1 library; <see cref="PagePoolStats"/>: the CONFIG_PAGE_POOL_STATS build (false before ABI 3).</summary>
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
    string StaticKeyNote,
    string? TimerStop,
    string? TimerStopNote,
    int InjectCalls = 0,
    bool PagePoolStats = false);
