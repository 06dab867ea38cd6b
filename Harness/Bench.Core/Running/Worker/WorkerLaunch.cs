using System.Runtime.InteropServices;

namespace Bench.Core.Running.Worker;

/// <summary>How to start a worker: a program, the arguments before <c>worker --library PATH</c>, extra environment.</summary>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set for the worker on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The CPUs launches spread over, one per launch in turn (each worker pins its measuring thread
    /// to its CPU); null or empty: workers are not pinned.
    /// </summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>
    /// How many launches run at once, each on a CPU of its own (at most one per CPU of
    /// <see cref="Cpus"/>); 1: one at a time, the driving process keeping off the measuring CPU.
    /// </summary>
    public int Lanes { get; init; } = 1;

    /// <summary>The launches that run at once: <see cref="Lanes"/>, at most one per CPU, 1 unpinned.</summary>
    public int EffectiveLanes => Math.Max(1, Math.Min(Lanes, Cpus?.Count ?? 1));

    /// <summary>The <c>bench</c> CLI beside this assembly, run by the same dotnet host.</summary>
    public static WorkerLaunch Default()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bench.dll");
        if (!File.Exists(dll))
            throw new BenchException($"cannot start a worker: {dll} is missing (is bench built? `dotnet build -c Release`).", ExitCodes.EnvironmentProblem);
        var cpus = Hosting.CpuAffinity.Allowed();
        return new WorkerLaunch(DotnetHost(), [dll]) { Cpus = cpus, Lanes = cpus.Count };
    }

    /// <summary>The dotnet host running this process (or the SDK's, or the one beside the runtime).</summary>
    public static string DotnetHost()
    {
        var self = System.Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        var fromSdk = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
