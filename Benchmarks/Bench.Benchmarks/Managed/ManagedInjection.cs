using System.Runtime.CompilerServices;

[assembly: Bench.Suite.TakesInjectedCalls]

namespace Bench.Benchmarks.Managed;

/// <summary>
/// The managed injected regression: <see cref="Calls"/> extra calls of an empty, never-inlined
/// method per element on the alloc path and in the baseline loops (native's <c>BENCH_INJECT_CALLS</c>).
/// Like the managed static key it is a <c>static readonly</c> field read once, when this class is
/// initialised in its load context (at <see cref="ManagedKernels.Open"/>), from the AppContext data
/// <see cref="DataName"/>: tier-1 code sees a constant, so with 0 the check is gone from the loop
/// and with 1 the call is all that differs. Two copies of the assembly in two load contexts of
/// one process (plain and injected) are the managed counterpart of two builds of a kernel library.
/// </summary>
public static class ManagedInjection
{
    public const string DataName = Bench.Suite.BenchInjection.DataName;

    /// <summary>
    /// The same for the plain BenchmarkDotNet program, whose processes take no AppContext data from
    /// Bench: <c>--envVars BENCH_MANAGED_INJECT_CALLS:N</c> (the AppContext data wins where both are set).
    /// </summary>
    public const string Variable = "BENCH_MANAGED_INJECT_CALLS";

    public static readonly int Calls = Parse(AppContext.GetData(DataName) ?? Environment.GetEnvironmentVariable(Variable)) + ContrastCall.Extra;

    /// <summary>The call control's extra call as it stood when <see cref="Calls"/> was fixed in this load context.</summary>
    public static readonly int ContrastExtra = ContrastCall.Extra;

    // an explicit static constructor: the fields are set at the first access, not earlier (no beforefieldinit),
    // so ManagedKernels.Open can mark a load context as the call control's before it fixes Calls
    static ManagedInjection()
    {
    }

    /// <summary>A non-negative integer (a number or its text); anything else is 0.</summary>
    public static int Parse(object? data) => data switch
    {
        int n when n >= 0 => n,
        string s when int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PerElement()
    {
        for (var c = 0; c < Calls; c++)
            Call();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Call()
    {
    }
}

/// <summary>
/// The call control of contrasts (<c>none+call</c>): its load context takes one injected call more
/// than the process's, set by <see cref="ManagedKernels.Open"/> before <see cref="ManagedInjection.Calls"/>
/// is first read there, so its loop is none's own with the very call the call1 twins make.
/// </summary>
internal static class ContrastCall
{
    public static int Extra;
}
