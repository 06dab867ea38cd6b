using System.Diagnostics;
using Bench.Core.Running.Worker;

namespace Bench.Tests.TestSupport;

/// <summary>Runs the real `bench` CLI as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(IReadOnlyDictionary<string, string>? env, params string[] args) => RunIn(env, Path.GetTempPath(), args);

    public static Result RunIn(IReadOnlyDictionary<string, string>? env, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(WorkerLaunch.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bench.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Finish(psi, env, TimeSpan.FromMinutes(5), $"bench {string.Join(' ', args)}");
    }

    /// <summary>
    /// Runs a process whose output is redirected to its end, with CI=true and <paramref name="env"/>
    /// on top of what <paramref name="psi"/> has; one still running after <paramref name="timeout"/> is killed.
    /// </summary>
    public static Result Finish(ProcessStartInfo psi, IReadOnlyDictionary<string, string>? env, TimeSpan timeout, string what)
    {
        psi.Environment["CI"] = "true";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in {timeout.TotalMinutes:0} minutes");
        }
        return new Result(p.ExitCode, stdout, stderr.Result);
    }

    public static Result Run(params string[] args) => Run(null, args);
}
