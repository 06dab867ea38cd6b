using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench run`, as typed options.</summary>
internal sealed record RunOptions(IReadOnlyList<string> Filters, RunProfile Profile, int Seed, string Out, bool WithCount, bool Thorough = false,
    bool CrossCheck = false, bool Disasm = false, Bench.Core.Running.Worker.WorkerLaunch? Launch = null);
