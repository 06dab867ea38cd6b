using System.CommandLine;
using Bench.Core.Catalog;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Cli.Commands;

/// <summary>`bench worker` (hidden): the process that runs kernels for `bench run`, speaking JSON lines.</summary>
internal sealed class WorkerCommand : Command
{
    public WorkerCommand() : base("worker", "Internal: serve kernel requests on stdin/stdout.")
    {
        Hidden = true;
        var library = new Option<string[]>("--library") { Required = true, HelpName = "PATH", Description = "A kernel library (.so) or a build of the managed twins (Bench.Benchmarks.dll[#inject-calls=N]) to load; repeat for several (requests name them by position)." };
        var cpu = new Option<int?>("--cpu") { HelpName = "N", Description = "Pin the measuring thread to this CPU before anything is loaded or calibrated." };
        Add(library);
        Add(cpu);
        SetAction(parse =>
        {
            // the thread that serves requests is the one that runs every sample
            if (parse.GetValue(cpu) is { } c)
                Bench.Core.Hosting.CpuAffinity.PinCurrentThread([c]);
            var libs = parse.GetValue(library)!.Select(WorkerLibraries.Load).ToList();
            var crash = Environment.GetEnvironmentVariable(WorkerHost.CrashVariable);
            var host = new WorkerHost(libs, string.IsNullOrEmpty(crash) ? null : new BenchmarkFilter([crash]));
            return host.Serve(System.Console.In, System.Console.Out);
        });
    }
}
