namespace Bench.Core.Results;

/// <summary>
/// Marks a results file as one arm of an interleaved run (`bench ab`): sample i
/// of every benchmark was taken right beside sample i of the same benchmark in
/// the other arms' files with the same <see cref="RunId"/>, so they pair.
/// </summary>
public sealed record PairingInfo(string RunId, string Role, IReadOnlyList<string> Roles);
