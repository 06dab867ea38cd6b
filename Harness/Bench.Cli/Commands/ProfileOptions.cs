using System.CommandLine;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>The sampling options every measuring verb takes (--quick, --samples, --launches, --seed, --cpus), spelled once.</summary>
internal sealed class ProfileOptions
{
    private readonly Option<bool> _quick = new("--quick") { Description = "Shorter runs: 30 samples of about 0.25 ms from each of 32 processes per native kernel, 15 from each of 16 per managed twin (default: 50 and 25 of 0.5 ms): for the gate and smoke runs." };
    private readonly Option<int?> _launches = new("--launches") { Description = "Worker processes to spread the samples over (each process is a separate draw).", HelpName = "N" };
    private readonly Option<int?> _samples = new("--samples") { Description = "Kept samples per benchmark (rounded up to whole blocks of 5 in every launch).", HelpName = "N" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the interleaving order.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _cpus = CommonOptions.Cpus();

    public ProfileOptions(Command command)
    {
        command.Add(_quick);
        command.Add(_samples);
        command.Add(_launches);
        command.Add(_seed);
        command.Add(_cpus);
    }

    /// <summary>How to start the workers: pinned to the CPUs asked (default: every CPU this process may use).</summary>
    public Bench.Core.Running.Worker.WorkerLaunch Launch(ParseResult parse) =>
        Bench.Core.Running.Worker.WorkerLaunch.Default() with
        {
            Cpus = parse.GetValue(_cpus)?.Trim() == "none" ? null : Bench.Core.Hosting.CpuAffinity.Parse(parse.GetValue(_cpus)),
        };

    public RunProfile Profile(ParseResult parse)
    {
        var p = parse.GetValue(_quick) ? RunProfile.Quick : RunProfile.Default;
        if (parse.GetValue(_launches) is { } l)
            p = p.WithLaunches(l);
        return parse.GetValue(_samples) is { } n ? p.WithSamples(n) : p;
    }

    public int Seed(ParseResult parse) => parse.GetValue(_seed);
}
