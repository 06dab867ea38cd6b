namespace Bench.Core.Catalog;

/// <summary>A benchmark the tool can run: permanent ID and what it measures.</summary>
public sealed record BenchmarkDescriptor(
    string Id, string Implementation, string Case, string? Dispatch, string? Provider, bool Available, string? UnavailableReason)
{
    /// <summary>"on", "off", or null where no provider applies.</summary>
    public static string? ProviderName(bool? on) => on switch { true => "on", false => "off", null => null };
}
