using System.CommandLine;
using Bench.Core;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>The sampling options every measuring verb takes (--quick, --samples, --launches, --seed, --cpus), spelled once.</summary>
internal sealed class ProfileOptions
{
    private readonly Option<bool> _quick = new("--quick") { Description = "Shorter runs: 30 samples of about 0.25 ms from each of 32 processes per native kernel and from each of 16 per managed twin (default: 50 of 0.5 ms from 32 each); a paired run (ab, gate) shares them among its placements: for the gate and smoke runs." };
    private readonly Option<int?> _launches = new("--launches") { Description = "Worker processes to spread the samples over (each process is a separate draw).", HelpName = "N" };
    private readonly Option<int?> _samples = new("--samples") { Description = "Kept samples per benchmark (rounded up to whole blocks of 5 in every launch).", HelpName = "N" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the interleaving order.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _cpus = CommonOptions.Cpus();
    private readonly Option<int?> _lanes = new("--lanes")
    {
        Description = "Launches measured at once, each in a worker pinned whole to a CPU of its own (default: one per CPU of --cpus). " +
                      "1: one at a time, the driving process keeping off the measuring CPU (slower; docs/methodology.md, Lanes).",
        HelpName = "N",
    };
    private readonly Option<int?> _placements = new("--placements")
    {
        Description = "Placements a side in every launch: native layouts (the same objects relinked behind a seeded padding, in a seeded order) and managed load contexts, each launch drawing its own; the effect is averaged over them (default: the profile's; 1: each build's own layout).",
        HelpName = "N",
    };
    private readonly Option<int?> _layouts = new("--layouts") { Description = "Layout variants of each native build to draw the placements from (default: 64).", HelpName = "N" };
    private readonly bool _paired;

    /// <param name="paired">A verb that runs two builds side by side (ab, gate): it takes --placements and --layouts.</param>
    public ProfileOptions(Command command, bool paired = false)
    {
        command.Add(_quick);
        command.Add(_samples);
        command.Add(_launches);
        command.Add(_seed);
        command.Add(_cpus);
        command.Add(_lanes);
        _paired = paired;
        if (!paired)
            return;
        command.Add(_placements);
        command.Add(_layouts);
    }

    /// <summary>How to start the workers: pinned to the CPUs asked (default: every CPU this process may use).</summary>
    public Bench.Core.Running.Worker.WorkerLaunch Launch(ParseResult parse)
    {
        var cpus = parse.GetValue(_cpus)?.Trim() == "none" ? null : Bench.Core.Hosting.CpuAffinity.Parse(parse.GetValue(_cpus));
        var lanes = parse.GetValue(_lanes) is { } n
            ? n >= 1 ? n : throw BenchException.Usage($"--lanes {n}: at least one launch at a time.")
            : cpus?.Count ?? 1;
        return Bench.Core.Running.Worker.WorkerLaunch.Default() with { Cpus = cpus, Lanes = lanes };
    }

    public RunProfile Profile(ParseResult parse)
    {
        var p = parse.GetValue(_quick) ? RunProfile.Quick : RunProfile.Default;
        if (parse.GetValue(_launches) is { } l)
            p = p.WithLaunches(l);
        if (_paired && parse.GetValue(_placements) is { } k)
            p = k is >= 1 and <= RunProfile.MaxPlacements ? p with { Placements = k }
                : throw BenchException.Usage($"--placements {k}: from 1 to {RunProfile.MaxPlacements} placements a side per launch.");
        if (_paired && parse.GetValue(_layouts) is { } m)
            p = m is >= 1 and <= NativeLayouts.MaxCount ? p with { NativeLayouts = m }
                : throw BenchException.Usage($"--layouts {m}: from 1 to {NativeLayouts.MaxCount} layout variants.");
        return parse.GetValue(_samples) is { } n ? p.WithSamples(n) : p;
    }

    public int Seed(ParseResult parse) => parse.GetValue(_seed);
}
