using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench run`, as typed options.</summary>
internal sealed record RunOptions(IReadOnlyList<string> Filters, bool Quick, int? Samples, int? Launches, int Seed, string Out)
{
    public RunProfile Profile
    {
        get
        {
            var p = Launches is { } l ? BaseProfile.WithLaunches(l) : BaseProfile;
            return Samples is { } n ? p.WithSamples(n) : p;
        }
    }

    private RunProfile BaseProfile => Quick ? RunProfile.Quick : RunProfile.Default;
}
