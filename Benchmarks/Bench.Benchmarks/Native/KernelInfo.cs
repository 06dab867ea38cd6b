namespace Bench.Benchmarks.Native;

/// <summary>One kernel of the native matrix, as the library describes it.</summary>
/// <param name="Index">Its index in this library build (not permanent: use <see cref="Id"/>).</param>
/// <param name="Id">The permanent ID, e.g. <c>native/pp03-slow/static-key+ops/provider-on</c>.</param>
/// <param name="Style">Dispatch style; null for the baseline loops.</param>
/// <param name="Provider">true/false for page_pool cases; null where no provider applies.</param>
public sealed record KernelInfo(
    int Index, string Id, string Case, string? Style, bool? Provider, bool Available, string? UnavailableReason, ulong DefaultLoops);
