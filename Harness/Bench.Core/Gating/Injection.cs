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

    /// <summary>The injected build of the kernel library: Bench's own suite has them; a suite of its own has none, and is told so.</summary>
    public string Library()
    {
        if (Suites.Suite.Current.Manifest is { } m)
            throw BenchException.Usage($"--inject {Name}: the injected native builds are of Bench's own kernels, and the suite '{m.Name}' ({m.Path}) has none. " +
                                       "Run `bench selftest --inject none` for its A/A, and measure detection with a real change through `bench ab --base`.");
        return Running.NativeLibraries.Load(Bench.Suite.Host.NativeLibraryLocator.Resolve(Name)).Path;
    }

    /// <summary>
    /// The suite's managed kernels with the injection (an assembly that says it takes injected
    /// calls, as Bench's twins do; another is refused when it loads), or null where the injection
    /// or the suite has no managed counterpart.
    /// </summary>
    public Running.Managed.ManagedKernelSpec? Managed() =>
        ManagedCalls is { } n && Suites.Suite.Current.Managed is { } spec ? spec with { InjectCalls = n } : null;
}
