using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Suite.Host;

namespace Bench.Core.Running.Worker;

/// <summary>
/// The parent-worker protocol: one JSON object per line, a request on the
/// worker's stdin, its response on the worker's stdout. The parent always
/// knows which request was in flight, so a crash is pinned on one benchmark.
/// A worker may load several kernel libraries (base and head for `bench ab`);
/// requests name one by its position (<see cref="WorkerRequest.Lib"/>).
/// </summary>
public static class WorkerProtocol
{
    public const string Hello = "hello";
    public const string Open = "open";
    public const string Sample = "sample";
    /// <summary>Samples of several sessions back to back, in the order given, with no message in between.</summary>
    public const string Sequence = "sequence";
    public const string Close = "close";
    /// <summary>Brings every open managed kernel to tier-1 code (nothing to do for native ones).</summary>
    public const string Settle = "settle";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <param name="Op">hello | open | settle | sample | sequence | close.</param>
/// <param name="Lib">Which of the worker's libraries (in the order of its --library options).</param>
/// <param name="Index">Kernel index in that library.</param>
/// <param name="Loops">Elements per sample.</param>
/// <param name="Count">Samples to run back to back.</param>
/// <param name="Steps">For <c>sequence</c>: one sample per step, each <c>[lib, index]</c>.</param>
public sealed record WorkerRequest(string Op, int Lib = 0, int Index = -1, ulong Loops = 0, int Count = 0, IReadOnlyList<int[]>? Steps = null);

/// <summary>What the worker found in one library: a native one's build facts, or a build of the managed twins.</summary>
public sealed record WorkerLibrary(NativeBuildInfo? Build, IReadOnlyList<KernelInfo> Kernels)
{
    public Managed.ManagedBuildInfo? Managed { get; init; }
}

public sealed record WorkerResponse
{
    public bool Ok { get; init; }
    public NativeStatus Status { get; init; }
    public string? Error { get; init; }
    /// <summary>For <c>hello</c>: each library, in order.</summary>
    public IReadOnlyList<WorkerLibrary>? Libraries { get; init; }
    /// <summary>For <c>hello</c>: the CPU the measuring thread runs on (pinned, or where it happened to be); -1 unknown.</summary>
    public int Cpu { get; init; } = -1;
    /// <summary>For <c>settle</c>: how long the managed kernels took to reach quiet tier-1 code, and whether they did.</summary>
    public double? SettleSeconds { get; init; }
    public bool? Settled { get; init; }
    /// <summary>Per sample: its elements, ticks and ns (ticks 0 for managed kernels, timed by the monotonic clock alone).</summary>
    public IReadOnlyList<TimedSample>? Samples { get; init; }
}
