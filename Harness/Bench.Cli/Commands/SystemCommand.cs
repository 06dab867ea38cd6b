using System.CommandLine;
using Bench.Core.Hosting;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench system`: what this machine does to measurements, and what to do about it (read-only).</summary>
internal sealed class SystemCommand : Command
{
    public SystemCommand(TextWriter output)
        : base("system", "Show what this machine does to measurements (isolation, frequency, TSC, stolen time, each CPU's speed) and what to do about it.")
    {
        var cpus = CommonOptions.Cpus();
        Add(cpus);
        SetAction(parse =>
        {
            var library = NativeLibraries.LoadDefault();
            var launch = WorkerLaunch.Default() with { Cpus = CpuAffinity.Parse(parse.GetValue(cpus)) };
            var before = Read("/proc/stat");
            var speeds = CpuProbe.Measure(library.Path, launch);
            var steal = SystemCheck.StealShare(before, Read("/proc/stat"));
            var b = library.BuildInfo;
            var findings = SystemCheck.Evaluate(Read, Environment.ProcessorCount, CpuAffinity.Allowed(), steal, b.TimerStop ?? "", b.TimerStopNote ?? "",
                b.StaticKeyImplementation, Bench.Core.Counting.CallgrindCounter.IsAvailable(out _), speeds);
            var width = findings.Max(x => x.Check.Length) + 2;
            foreach (var x in findings)
            {
                output.WriteLine($"{x.Status,-8} {x.Check.PadRight(width)}{x.Value}");
                if (x.Advice is { } advice)
                    output.WriteLine($"{"",-8} {"".PadRight(width)}-> {advice}");
            }
            return Bench.Core.ExitCodes.Success;
        });
    }

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
