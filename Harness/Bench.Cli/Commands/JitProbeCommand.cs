using System.CommandLine;
using Bench.Benchmarks.Managed;
using Bench.Benchmarks.Suites;
using Bench.Cli.Dotnet;
using Bench.Suite.Host;

namespace Bench.Cli.Commands;

/// <summary>`bench jit-probe` (hidden): runs one managed kernel until the JIT is quiet, so `bench run --disasm` can capture its tier-1 code.</summary>
internal sealed class JitProbeCommand : Command
{
    public JitProbeCommand() : base(ManagedDisasm.ProbeVerb, "Internal: run a managed kernel until its code is tier-1.")
    {
        Hidden = true;
        var id = new Option<string>("--id") { Required = true, HelpName = "ID" };
        Add(id);
        SetAction(parse =>
        {
            var kernel = ManagedKernels.Open(parse.GetValue(id)!);
            JitWarmup.UntilQuiet(() => kernel.Run(SuiteConstants.Loops));
            var problem = kernel.Close();
            if (problem is null)
                return 0;
            System.Console.Error.WriteLine($"bench: {problem}");
            return Bench.Core.ExitCodes.BenchmarkFailed;
        });
    }
}
