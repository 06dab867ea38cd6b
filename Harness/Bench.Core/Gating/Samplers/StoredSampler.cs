using System.Diagnostics;
using Bench.Core.Catalog;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>Head alone, measured now by native workers (and counted under callgrind on the first round where asked), for a stored baseline.</summary>
public sealed class StoredSampler(string library, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress, bool countInstructions)
    : ISampler
{
    public bool Resamples => true;

    public Measured Measure(IReadOnlyList<string>? ids, int round, IReadOnlyDictionary<string, ulong>? loops)
    {
        var selected = ids ?? BenchmarkCatalog.FromNative(NativeLibraries.Load(library).Kernels).Select(new BenchmarkFilter(request.Filters))
            .Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var probe = round == 0 ? Hosting.CpuProbe.Measure(library, launch, request.Seed) : null;
        var outcome = new NativeRunner(launch, progress).Run(library, selected, request.Profile, request.Seed + round, loops);
        var head = BenchRun.Document(outcome, ids is null ? request : request with { Filters = selected }, clock.Elapsed);
        head = head with { Run = head.Run with { CpuProbe = probe } };
        if (round == 0 && countInstructions)
            head = Counting.BenchCount.TryAddCounts(head, library, cacheSim: false, progress);
        return new Measured(null, head);
    }
}
