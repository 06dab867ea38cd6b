using Bench.Core.Results;
using Bench.Core.Running.Worker;
using Bench.Suite.Host;

namespace Bench.Core.Running;

/// <summary>One side's placement of a kernel in a run: which library slot, and what every launch of it collected.</summary>
internal sealed class KernelArm(int lib, KernelInfo kernel, bool managed)
{
    public bool Managed { get; } = managed;
    public int Lib { get; } = lib;
    public KernelInfo Kernel { get; } = kernel;
    public List<TimedSample> Samples { get; } = [];
    /// <summary>Kept samples from each worker process, in order.</summary>
    public List<int> SamplesPerLaunch { get; } = [];
    /// <summary>The CPU each of those processes measured on (-1: not pinned and not known).</summary>
    public List<int> LaunchCpus { get; } = [];
    /// <summary>The library each of those processes loaded for this arm (its layout).</summary>
    public List<string> LaunchLibraries { get; } = [];
}

/// <summary>A benchmark in a run: its arms (every side's placements), its loop count and how it stands.</summary>
internal sealed class KernelGroup(string id, KernelArm[] arms)
{
    public string Id { get; } = id;
    public KernelArm[] Arms { get; } = arms;
    public ulong Loops { get; set; }
    public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Ok;
    public string? Error { get; set; }
    /// <summary>Whether the group is a family of several kernels (their results name it: <see cref="BenchmarkResult.Family"/>).</summary>
    public bool Family { get; init; }
    public bool Active => Status == BenchmarkStatus.Ok;

    private readonly Lock _lock = new();

    /// <summary>Fails the group with the first reason given (launches running at once may each fail it).</summary>
    public void Fail(BenchmarkStatus status, string error)
    {
        lock (_lock)
            if (Active)
                (Status, Error) = (status, error);
    }
}
