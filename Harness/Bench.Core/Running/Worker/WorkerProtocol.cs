using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Benchmarks.Native;

namespace Bench.Core.Running.Worker;

/// <summary>
/// The parent-worker protocol: one JSON object per line, a request on the
/// worker's stdin, its response on the worker's stdout. The parent always
/// knows which request was in flight, so a crash is pinned on one benchmark.
/// </summary>
public static class WorkerProtocol
{
    public const string Hello = "hello";
    public const string Open = "open";
    public const string Sample = "sample";
    public const string Close = "close";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <param name="Op">hello | open | sample | close.</param>
/// <param name="Index">Kernel index in the worker's library.</param>
/// <param name="Loops">Elements per sample.</param>
/// <param name="Count">Samples to run back to back.</param>
public sealed record WorkerRequest(string Op, int Index = -1, ulong Loops = 0, int Count = 0);

public sealed record WorkerResponse
{
    public bool Ok { get; init; }
    public NativeStatus Status { get; init; }
    public string? Error { get; init; }
    public NativeBuildInfo? Build { get; init; }
    public IReadOnlyList<NativeKernelInfo>? Kernels { get; init; }
    /// <summary>Per sample: [invocations, ticks, ns].</summary>
    public IReadOnlyList<ulong[]>? Samples { get; init; }
}
