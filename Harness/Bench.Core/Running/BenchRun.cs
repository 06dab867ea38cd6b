using System.Diagnostics;
using System.Reflection;
using Bench.Core.Catalog;
using Bench.Core.Hosting;
using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>`bench run` without the console: select, run in workers, assemble the results document.</summary>
public static class BenchRun
{
    public static ResultsDocument Execute(RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress = null)
    {
        var library = NativeLibraries.LoadDefault();
        var selected = BenchmarkCatalog.FromNative(library.Kernels).Select(new BenchmarkFilter(request.Filters));
        var clock = Stopwatch.StartNew();
        var outcome = new NativeRunner(launch, progress).Run(library.Path, selected.Select(b => b.Id).ToList(), request.Profile, request.Seed);
        return Document(outcome, request, clock.Elapsed);
    }

    /// <summary>The results document of one run (or one arm of an interleaved run).</summary>
    public static ResultsDocument Document(NativeRunOutcome outcome, RunRequest request, TimeSpan wall, PairingInfo? pairing = null,
        string? workingDirectory = null)
    {
        var p = request.Profile;
        return new ResultsDocument
        {
            Tool = Tool,
            CreatedUtc = DateTimeOffset.UtcNow,
            Host = HostProbe.Describe(outcome.Build, workingDirectory),
            Run = new RunSettings
            {
                Profile = p.Name,
                Filters = request.Filters.Count == 0 ? ["*"] : request.Filters,
                Launches = p.Launches,
                WarmupSamples = p.WarmupSamples,
                RoundsPerLaunch = p.RoundsPerLaunch,
                SamplesPerBlock = p.SamplesPerBlock,
                DiscardedPerBlock = p.DiscardedPerBlock,
                SampleTargetMilliseconds = p.SampleTargetMilliseconds,
                Seed = request.Seed,
                WallSeconds = Math.Round(wall.TotalSeconds, 3),
            },
            Benchmarks = outcome.Results,
            Pairing = pairing,
        };
    }

    public static ToolInfo Tool { get; } = new("bench",
        typeof(BenchRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}
