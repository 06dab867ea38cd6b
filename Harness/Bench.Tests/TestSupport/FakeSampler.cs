using Bench.Core.Gating.Samplers;
using Bench.Core.Results;

namespace Bench.Tests.TestSupport;

/// <summary>
/// A sampler of seeded synthetic data shaped like this project's VM: launches alternate over two
/// CPUs, one of which runs everything <see cref="SlowCpuFactor"/> slower (a bimodal per-CPU
/// machine); inside a launch, a quarter of the samples of one arm are thrown ±15 % by a ms-scale
/// state change. Paired (both arms, one run id per batch) or head alone. Records every call; a batch
/// takes the launches it is asked for (native or managed by the ID), <paramref name="launches"/> being the profile's.
/// </summary>
internal sealed class FakeSampler(IReadOnlyDictionary<string, double> centers, IReadOnlyDictionary<string, double>? shifts = null,
    bool paired = true, int launches = 32, int pairs = 30, int seed = 1) : ISampler
{
    public const double SlowCpuFactor = 1.4;

    /// <summary>IDs whose samples are so noisy that no round settles them.</summary>
    public HashSet<string> Hopeless { get; } = [];

    public List<Batch> Calls { get; } = [];

    /// <summary>Run at every batch before it is measured (a test's clock moves here).</summary>
    public Action<Batch>? OnMeasure { get; init; }

    public (int Native, int Managed) ProfileLaunches => (launches, launches);

    /// <summary>The stop each call was given (null: none).</summary>
    public List<Func<bool>?> Stops { get; } = [];

    public bool Resamples { get; init; } = true;

    public Measured Measure(Batch batch)
    {
        Calls.Add(batch);
        Stops.Add(batch.StopLaunching);
        OnMeasure?.Invoke(batch);
        var round = batch.Look;
        var rng = new Random(seed * 1000 + round);
        var selected = batch.Ids ?? centers.Keys.ToList();
        var baseResults = new List<BenchmarkResult>();
        var headResults = new List<BenchmarkResult>();
        foreach (var id in selected)
        {
            var launchCount = id.StartsWith("managed/", StringComparison.Ordinal) ? batch.ManagedLaunches : batch.NativeLaunches;
            var (b, h) = (new List<double>(), new List<double>());
            var cpus = new List<int>();
            for (var l = 0; l < launchCount; l++)
            {
                var cpu = l % 2;
                var speed = cpu == 1 ? SlowCpuFactor : 1.0;
                cpus.Add(cpu);
                for (var i = 0; i < pairs; i++)
                {
                    double Jump() => rng.NextDouble() switch { < 0.125 => 0.85, > 0.875 => 1.15, _ => 1 };
                    var x = centers[id] * speed * (1 + (rng.NextDouble() * 2 - 1) * 0.01);
                    // a hopeless benchmark's arms wander apart by up to ±50 % each, independently
                    double Wander() => Hopeless.Contains(id) ? 1 + (rng.NextDouble() * 2 - 1) * 0.5 : 1;
                    b.Add(x * Jump() * Wander());
                    h.Add((x + (shifts?.GetValueOrDefault(id) ?? 0) * speed) * Jump() * Wander());
                }
            }
            BenchmarkResult Result(List<double> v) => SampleDocuments.Samples(id, v, Enumerable.Repeat(pairs, launchCount).ToArray()) with
            {
                LaunchCpus = cpus.ToArray(), Loops = 4096,
            };
            baseResults.Add(Result(b));
            headResults.Add(Result(h));
        }
        var runId = $"fake-{round}";
        var head = SampleDocuments.With([.. headResults]);
        if (!paired)
            return new Measured(null, head);
        return new Measured(
            SampleDocuments.With([.. baseResults]) with { Pairing = new PairingInfo(runId, "base", ["base", "head"]) },
            head with { Pairing = new PairingInfo(runId, "head", ["base", "head"]) });
    }

    /// <summary>A stored baseline of the same shape (what head would measure with no change), seeded apart.</summary>
    public ResultsDocument Stored() => new FakeSampler(centers, null, paired: false, launches, pairs, seed + 77).Measure(new Batch(0, null, launches, launches)).Head;
}
