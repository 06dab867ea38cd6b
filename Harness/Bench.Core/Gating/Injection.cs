namespace Bench.Core.Gating;

/// <summary>
/// An injected regression: a separately built kernel library that adds a known amount of work per
/// element on every alloc path (and to the loop of the baselines). What it costs in time is
/// measured (<see cref="TrueCost"/>), never assumed: on this project's VM the dependent ALU ops
/// hide in the core's slack, an extra call does not.
/// </summary>
/// <param name="ManagedCalls">The managed twins' counterpart (injected calls per element, <c>ManagedInjection</c>); null: none, the injection is native only.</param>
public sealed record Injection(string Name, string Description, int? ManagedCalls = null)
{
    public static readonly IReadOnlyList<Injection> Built =
    [
        new("k1", "1 dependent ALU op per element"),
        new("k2", "2 dependent ALU ops per element"),
        new("k4", "4 dependent ALU ops per element"),
        new("call1of16", "1 extra call of an empty function at every 16th element (native only)"),
        new("call1of8", "1 extra call of an empty function at every 8th element (native only)"),
        new("call1of4", "1 extra call of an empty function at every 4th element (native only)"),
        new("call1of2", "1 extra call of an empty function at every 2nd element (native only)"),
        new("call1", "1 extra call of an empty function per element (native and managed)", ManagedCalls: 1),
    ];

    /// <summary>The A/A condition: the real library against a copy of itself.</summary>
    public const string None = "none";

    public static Injection Parse(string name) => Built.FirstOrDefault(i => i.Name == name)
        ?? throw BenchException.Usage($"--inject {name}: the injected builds are {string.Join(", ", Built.Select(i => i.Name))}.");

    public string Library() => Running.NativeLibraries.Load(Bench.Suite.Host.NativeLibraryLocator.Resolve(Name)).Path;

    /// <summary>This bench's managed twins with the injection, or null where it has no managed counterpart.</summary>
    public Running.Managed.ManagedKernelSpec? Managed() => ManagedCalls is { } n ? Running.Managed.ManagedKernelSpec.Default(n) : null;
}
