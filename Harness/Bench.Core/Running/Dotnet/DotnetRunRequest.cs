namespace Bench.Core.Running.Dotnet;

/// <summary>What to run under BenchmarkDotNet.</summary>
/// <param name="Ids">Managed (<c>managed/...</c>, <c>...@pgo-off</c>) and cross-check (<c>native/...@bdn</c>) IDs.</param>
/// <param name="Launches">Processes per benchmark for the quick job.</param>
/// <param name="Thorough">BenchmarkDotNet's own accuracy rules instead of the fixed quick job.</param>
/// <param name="TimerFrequencyHz">The TSC frequency the native side recorded: converts ns to cycles(tsc).</param>
/// <param name="LogPath">BenchmarkDotNet's whole log goes here.</param>
/// <param name="Cpu">The CPU every BenchmarkDotNet process is pinned to (its job's affinity); null: not pinned.</param>
public sealed record DotnetRunRequest(IReadOnlyList<string> Ids, int Launches, bool Thorough, double TimerFrequencyHz, string LogPath, int? Cpu = null);
