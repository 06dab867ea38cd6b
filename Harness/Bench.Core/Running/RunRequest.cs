namespace Bench.Core.Running;

/// <summary>What `bench run` was asked for.</summary>
public sealed record RunRequest(IReadOnlyList<string> Filters, RunProfile Profile, int Seed);
