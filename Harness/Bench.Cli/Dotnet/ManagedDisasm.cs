using System.Text;
using Bench.Benchmarks.Managed;
using Bench.Benchmarks.Suites;
using Bench.Core;
using Bench.Core.IO;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Dotnet;

/// <summary>
/// The JIT's own disassembly of each managed dispatch style, tier-1 code only,
/// with tiered PGO on and off. For each style a probe process (hidden verb
/// <c>bench jit-probe</c>) runs the dispatch case with the provider on until the
/// JIT is quiet, under <c>DOTNET_JitDisasm</c> for the kernel's alloc, put and
/// loop methods (the runtime's built-in disassembler: BenchmarkDotNet 0.14.0's
/// DisassemblyDiagnoser refuses .NET 10). Every tier is printed; the file keeps
/// the optimized listings (Tier1, and OSR for the loop).
/// </summary>
public static class ManagedDisasm
{
    public const string ProbeVerb = "jit-probe";
    private const string Methods = "*PoolKernels*:Alloc *PoolKernels*:Put *PoolKernels*:RunReturn";

    /// <summary>Writes <c>STYLE.pgo-on.asm</c> and <c>STYLE.pgo-off.asm</c> into <paramref name="dir"/>; returns the files.</summary>
    public static IReadOnlyList<string> Write(string dir, WorkerLaunch launch, IProgress<RunProgress>? progress = null)
    {
        Directory.CreateDirectory(dir);
        var styles = ManagedKernels.Styles;
        var files = new List<string>();
        var step = 0;
        foreach (var style in styles)
            foreach (var pgo in new[] { true, false })
            {
                var id = $"managed/dispatch/{style}/provider-{(style == "none" ? "off" : "on")}";
                progress?.Report(new RunProgress(step++, styles.Count * 2, "disassembly", id));
                var raw = Path.Combine(dir, $".{Safe(style)}.{(pgo ? "pgo-on" : "pgo-off")}.raw");
                var env = new Dictionary<string, string>(launch.Environment)
                {
                    ["DOTNET_JitDisasm"] = Methods,
                    ["DOTNET_JitStdOutFile"] = raw,
                    [BenchJobs.PgoVariable] = pgo ? "1" : "0",
                    [BenchJobs.CallCountingDelayVariable] = "0", // as in the quick job

                };
                var r = ToolProcess.Run(launch.FileName, [.. launch.Arguments, ProbeVerb, "--id", id], dir, "install the .NET SDK 10", env);
                if (r.ExitCode != 0 || !File.Exists(raw))
                    throw new BenchException($"the JIT probe for {id} failed (exit {r.ExitCode}): {r.Stderr.Trim()}", ExitCodes.EnvironmentProblem);
                var file = Path.Combine(dir, $"{Safe(style)}.{(pgo ? "pgo-on" : "pgo-off")}.asm");
                AtomicFile.WriteAllText(file, Optimized(File.ReadAllText(raw), id, pgo));
                File.Delete(raw);
                files.Add(file);
            }
        return files;
    }

    /// <summary>The listings of optimized code (Tier1, OSR, FullOpts), each as the JIT printed it; tier-0 listings are dropped.</summary>
    public static string Optimized(string jitOutput, string id, bool pgo)
    {
        var sb = new StringBuilder($"; {id}, tiered PGO {(pgo ? "on" : "off")}: the JIT's optimized code for the kernel's alloc, put and loop\n" +
                                   "; (run with DOTNET_TC_CallCountingDelayMs=0, as the quick job is)\n\n");
        foreach (var listing in jitOutput.Split("; Assembly listing for method ", StringSplitOptions.RemoveEmptyEntries))
        {
            var header = listing.Split('\n').Take(8).ToList();
            if (header.Any(l => l.Contains("Tier0", StringComparison.Ordinal) || l.Contains("MinOpts", StringComparison.Ordinal)))
                continue;
            if (!header.Any(l => l.Contains("Tier1", StringComparison.Ordinal) || l.Contains("OSR", StringComparison.Ordinal) ||
                                 l.Contains("FullOpts", StringComparison.Ordinal)))
                continue;
            sb.Append("; Assembly listing for method ").Append(listing.TrimEnd()).Append("\n\n");
        }
        return sb.ToString();
    }

    private static string Safe(string style) => style.Replace('+', '_');
}
