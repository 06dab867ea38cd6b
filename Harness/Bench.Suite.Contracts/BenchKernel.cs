namespace Bench.Suite;

/// <summary>
/// Marks a class as a kernel of a suite: Bench creates it (its public parameterless constructor
/// is the setup) in a load context of its own in a pinned worker, brings its loop to tier-1 code
/// and times calls of <see cref="IBenchKernel.Run"/>. Its benchmark ID is <c>managed/</c> followed
/// by <paramref name="id"/>.
/// </summary>
/// <param name="id">One to four segments of <c>[a-z0-9._+-]</c> joined by '/', e.g. <c>"lookup/switch"</c>; permanent (results and baselines are keyed on it).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BenchKernelAttribute(string id) : Attribute
{
    public string Id { get; } = id;

    /// <summary>Space-separated <c>key=value</c> pairs; <c>case</c> and <c>style</c> are shown in Bench's tables.</summary>
    public string Tags { get; init; } = "";

    /// <summary>What one element is, for people: "one lookup".</summary>
    public string Element { get; init; } = "";
}

/// <summary>A kernel: its constructor sets it up, <see cref="Run"/> is the timed loop, <see cref="Close"/> checks and tears down.</summary>
public interface IBenchKernel
{
    /// <summary>Runs <paramref name="loops"/> elements and returns how many ran; fewer fails the sample.</summary>
    ulong Run(ulong loops);

    /// <summary>Checks what the runs left behind and releases it: null when all is well, else what is wrong (the kernel's results fail).</summary>
    string? Close();
}

/// <summary>
/// A suite whose kernels are a matrix (cases by styles by providers) rather than a class each:
/// a public class with a public parameterless constructor that implements this is read for its
/// <see cref="Kernels"/> once, and, in every kernel's own load context, created again to
/// <see cref="Open"/> that one kernel. Its constructor must be cheap: it runs once per kernel.
/// An assembly may hold catalogs and <see cref="BenchKernelAttribute"/> classes side by side; every ID is unique across them.
/// </summary>
public interface IBenchKernelCatalog
{
    /// <summary>Every kernel, in the order the suite lists them.</summary>
    IReadOnlyList<BenchKernelDescription> Kernels { get; }

    /// <summary>Sets up the kernel of <paramref name="id"/> (one of <see cref="Kernels"/>' IDs) and returns it.</summary>
    IBenchKernel Open(string id);
}

/// <summary>One kernel of a catalog: as <see cref="BenchKernelAttribute"/> says of a class.</summary>
/// <param name="Id">As <see cref="BenchKernelAttribute.Id"/>: without the <c>managed/</c> prefix, which Bench adds.</param>
/// <param name="Tags">As <see cref="BenchKernelAttribute.Tags"/>: space-separated <c>key=value</c> pairs; <c>case</c>, <c>style</c> and <c>provider</c> (<c>on</c>/<c>off</c>) are shown in Bench's tables.</param>
/// <param name="Element">What one element is, for people.</param>
public sealed record BenchKernelDescription(string Id, string Tags, string Element = "");

/// <summary>
/// How Bench asks a suite's managed kernels for an injected regression (<c>bench selftest</c>,
/// <c>ab --inject-calls</c>): before a kernel's load context opens it, the AppContext data
/// <see cref="DataName"/> holds the extra calls per element (an int, 0 for the real code). A
/// suite that reads it into a <c>static readonly</c> field when its kernel opens, and makes that
/// many calls of an empty, never-inlined method per element, can have its gate's detection measured.
/// </summary>
public static class BenchInjection
{
    public const string DataName = "Bench.Managed.InjectCalls";
}

/// <summary>
/// Says that an assembly's kernels honour <see cref="BenchInjection"/>: Bench injects calls only
/// into an assembly that says so, since a kernel that ignored them would report a detection of zero.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class TakesInjectedCallsAttribute : Attribute;
