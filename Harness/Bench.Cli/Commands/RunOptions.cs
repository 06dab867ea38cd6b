using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench run`, as typed options.</summary>
internal sealed record RunOptions(IReadOnlyList<string> Filters, bool Quick, int? Samples, int Seed, string Out)
{
    public RunProfile Profile => Samples is { } n ? BaseProfile.WithSamples(n) : BaseProfile;

    private RunProfile BaseProfile => Quick ? RunProfile.Quick : RunProfile.Default;
}
