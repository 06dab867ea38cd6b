namespace Bench.Core.Results;

/// <summary>How instructions were counted: enough to reproduce the figure and to know what it means.</summary>
/// <param name="Tool">e.g. valgrind-3.19.0 callgrind.</param>
/// <param name="Loops">Elements of the driver's samples; the last two are differenced.</param>
/// <param name="EstimatedCyclesFormula">With the cache simulation; null without it.</param>
public sealed record CountSettings(string Tool, IReadOnlyList<ulong> Loops, bool CacheSimulation, string? EstimatedCyclesFormula);
