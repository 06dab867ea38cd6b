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
        var pin = new Option<string?>("--pin") { HelpName = "WHAT", Description = $"{WorkerClient.PinThread} (default): only the measuring thread; {WorkerClient.PinProcess}: every thread of the worker (the JIT's too), for launches running at once on other CPUs." };
        pin.AcceptOnlyFromAmong(WorkerClient.PinThread, WorkerClient.PinProcess);
        Add(library);
        Add(cpu);
        Add(pin);
        SetAction(parse => Serve(parse.GetValue(library)!, parse.GetValue(cpu), parse.GetValue(pin) == WorkerClient.PinProcess));
    }

    private static int Serve(IReadOnlyList<string> libraries, int? cpu, bool wholeProcess)
    {
        // the thread that serves requests is the one that runs every sample; pinned whole, the
        // worker's other threads (and the ones they start later) stay off the other lanes' CPUs
        if (cpu is { } c)
        {
            Bench.Core.Hosting.CpuAffinity.PinCurrentThread([c]);
            if (wholeProcess)
                Bench.Core.Hosting.CpuAffinity.SetProcess([c]);
        }
        var libs = libraries.Select(WorkerLibraries.Load).ToList();
        var crash = Environment.GetEnvironmentVariable(WorkerHost.CrashVariable);
        var host = new WorkerHost(libs, string.IsNullOrEmpty(crash) ? null : new BenchmarkFilter([crash])) { PauseWhileSettling = wholeProcess && cpu is not null };
        return host.Serve(System.Console.In, System.Console.Out);
    }

    /// <summary>
    /// The worker's command line exactly as <see cref="WorkerClient"/> writes it (<c>worker [--cpu N] --library PATH...</c>),
    /// served without building the whole CLI: every launch starts a worker, and the parser of every verb is most of
    /// a worker's own start (measured: 0.33 s a worker with it). Any other shape returns false and goes through the parser.
    /// </summary>
    public static bool TryServe(string[] args, out int code)
    {
        code = 0;
        if (args is not ["worker", _, _, ..])
            return false;
        int? cpu = null;
        var whole = false;
        var libraries = new List<string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
                return false;
            if (args[i] == "--cpu" && cpu is null && int.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                cpu = n;
            else if (args[i] == "--pin" && args[i + 1] is WorkerClient.PinThread or WorkerClient.PinProcess)
                whole = args[i + 1] == WorkerClient.PinProcess;
            else if (args[i] == "--library" && args[i + 1].Length > 0 && !args[i + 1].StartsWith('-'))
                libraries.Add(args[i + 1]);
            else
                return false;
        }
        if (libraries.Count == 0)
            return false;
        code = Serve(libraries, cpu, whole);
        return true;
    }
}
