namespace Bench.Core.Running;

/// <summary>How far a run is: steps done of the total, what runs now.</summary>
public readonly record struct RunProgress(int Done, int Total, string Phase, string? Current);
