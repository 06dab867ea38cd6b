namespace Bench.Benchmarks.Managed;

/// <summary>
/// The managed twin of the static key page_pool_mem_providers: a
/// <c>static readonly bool</c> read once, when this class is initialised, from
/// the AppContext switch <see cref="SwitchName"/> or else the environment
/// variable <see cref="EnvironmentVariable"/>. Tier-1 code compiled after that
/// sees a constant and drops the dead arm, as a patched branch costs nothing.
/// Unlike a kernel static key it cannot be flipped afterwards: a process has one
/// state, so provider-on and provider-off static-key benchmarks run in separate
/// processes (BenchmarkDotNet's out-of-process toolchain gives each benchmark its own).
/// </summary>
public static class PagePoolStaticKey
{
    public const string SwitchName = "Bench.PagePool.MemProviders";
    public const string EnvironmentVariable = "BENCH_MANAGED_MEM_PROVIDERS";

    public static readonly bool Enabled = Parse(
        AppContext.TryGetSwitch(SwitchName, out var on) ? on : null,
        Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The switch wins; else the variable (1/true/on, case-insensitive); else off.</summary>
    public static bool Parse(bool? appContextSwitch, string? environment) =>
        appContextSwitch ?? environment?.Trim().ToLowerInvariant() is "1" or "true" or "on";

    /// <summary>
    /// Sets the key for this process before its first use; if it was already
    /// fixed the other way (something touched it first), says so instead of
    /// measuring the wrong branch.
    /// </summary>
    public static void Require(bool enabled)
    {
        AppContext.SetSwitch(SwitchName, enabled);
        if (Enabled != enabled)
            throw new InvalidOperationException(
                $"the managed static key was fixed {(Enabled ? "on" : "off")} when it was first read in this process, and a " +
                $"provider-{(enabled ? "on" : "off")} static-key kernel needs it {(enabled ? "on" : "off")}: run each static-key " +
                "benchmark in its own process (BenchmarkDotNet's default toolchain does), not in-process.");
    }
}
