using BenchmarkDotNet.Jobs;
using Bench.Suite.Host;

namespace Bench.Benchmarks.Suites;

/// <summary>
/// The jobs that make the CLR's side of the story visible: tiered PGO on (the
/// runtime's default) and off. Both set DOTNET_TieredPGO explicitly, which only
/// an out-of-process toolchain honours (BenchmarkDotNet's default here): an
/// in-process run would silently measure the host's setting.
/// </summary>
public static class BenchJobs
{
    public const string PgoVariable = RuntimeVariables.Pgo;

    /// <summary>
    /// The gate's job: one process per benchmark, a fixed number of invocations
    /// (no pilot stage), no overhead stage (an invocation is a whole loop of
    /// 2^16 elements, so the call around it is noise), and enough warm-up for
    /// tier-1 code: the managed suite's set-up runs the loop until the JIT is
    /// quiet (<see cref="JitWarmup"/>), the call-counting delay is 0 so tiering
    /// starts at once (it decides when tier-1 code arrives, not what it is),
    /// then <see cref="QuickWarmups"/> iterations of 8 invocations.
    /// </summary>
    public static Job Quick(bool pgo, int launches = 1) => Pgo(Job.Default
            .WithLaunchCount(launches)
            .WithWarmupCount(QuickWarmups)
            .WithIterationCount(QuickIterations)
            .WithInvocationCount(8)
            .WithUnrollFactor(1)
            .WithEvaluateOverhead(false)
            .WithGcForce(false) // the kernels allocate nothing: no full collection between iterations to move their objects
            .WithEnvironmentVariable(CallCountingDelayVariable, "0"), pgo)
        .WithId(pgo ? "quick-pgo-on" : "quick-pgo-off");

    public const int QuickWarmups = 5;
    public const string CallCountingDelayVariable = RuntimeVariables.CallCountingDelay;
    public const int QuickIterations = 10;

    /// <summary>
    /// For investigation: BenchmarkDotNet's own accuracy rules (pilot, automatic warm-up and
    /// iteration counts), three processes. Tiering starts at once, as in the quick job, so the
    /// set-up's warm-up reaches tier-1 code and BenchmarkDotNet's DisassemblyDiagnoser
    /// (<c>--disasm</c>) shows the code that was measured.
    /// </summary>
    public static Job Thorough(bool pgo) => Pgo(Job.Default.WithLaunchCount(3).WithGcForce(false)
            .WithEnvironmentVariable(CallCountingDelayVariable, "0"), pgo)
        .WithId(pgo ? "thorough-pgo-on" : "thorough-pgo-off");

    private static Job Pgo(Job job, bool on) => job.WithEnvironmentVariable(PgoVariable, on ? "1" : "0");

    /// <summary>"on" or "off": what a job set, read back from its environment.</summary>
    public static string PgoOf(Job job) =>
        job.Environment.EnvironmentVariables?.FirstOrDefault(v => v.Key == PgoVariable)?.Value == "0" ? "off" : "on";
}
