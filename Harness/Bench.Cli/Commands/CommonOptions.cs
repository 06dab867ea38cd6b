using System.CommandLine;

namespace Bench.Cli.Commands;

/// <summary>Options more than one verb takes, spelled once.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Filter() => new("--filter", "-f")
    {
        Description = "Only benchmarks whose ID matches this glob ('*' matches '/' too); repeat for a union.",
        HelpName = "GLOB",
    };
}
