using System.Runtime.InteropServices;

namespace Bench.Suite.Host;

/// <summary>The C structs of <c>bench_native.h</c>, field for field (ABI version 4).</summary>
internal static class NativeAbi
{
    public const int Version = 4;
    /// <summary>
    /// The oldest library this harness still loads: each version only appended fields (version 1
    /// lacks the timer-stop fields at the end of the build info, read as unknown; version 2 the
    /// stats flag and the provider-check counter, read as 0; version 3 the kernels' tags, read as their
    /// case, style and provider), so `bench ab` can still load a base
    /// built before they were added.
    /// </summary>
    public const int MinVersion = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct KernelDesc
    {
        public nint Id;
        public nint CaseName;
        public nint Style;
        public int Provider;
        public int Available;
        public nint UnavailableReason;
        public ulong DefaultLoops;
        public nint Tags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct BuildInfo
    {
        public int AbiVersion;
        public int InjectK;
        public nint Arch;
        public nint Compiler;
        public nint Flags;
        public nint RetpolineFlags;
        public nint Timer;
        public double TimerHz;
        public nint TimerHzSource;
        public nint StaticKeyImpl;
        public nint StaticKeyNote;
        public nint TimerStop;
        public nint TimerStopNote;
        public int InjectCalls;
        public int PpStats;
    }

    public static string? Str(nint p) => p == 0 ? null : Marshal.PtrToStringUTF8(p);
}

/// <summary>One timed loop as the kernel reported it.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct KernelSample(ulong Invocations, ulong Ticks, ulong Nanoseconds);

/// <summary>Where one session's pages came from and went back to.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct NativeCounters(
    ulong AllocatorAllocs, ulong AllocatorFrees, ulong ProviderAllocs, ulong ProviderFrees, ulong PoolHold, ulong PoolRelease, ulong ProviderChecks);

/// <summary>Status codes of the native ABI (<c>enum bench_status</c>).</summary>
public enum NativeStatus
{
    Ok = 0,
    InvalidArgument = -1,
    Unavailable = -2,
    OutOfMemory = -3,
    Accounting = -4,
    TooFew = -5,
    ZeroInterval = -6,
    Short = -7,
    StaticKey = -8,
}
