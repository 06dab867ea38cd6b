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
