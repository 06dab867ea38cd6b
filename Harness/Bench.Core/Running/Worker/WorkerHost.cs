using System.Text.Json;
using Bench.Suite.Host;
using Bench.Core.Catalog;

namespace Bench.Core.Running.Worker;

/// <summary>
/// The worker's side: loads one or more kernel libraries (native, or builds of the managed
/// twins), keeps their sessions open, and answers requests until its input ends. It runs in its
/// own process so a kernel that crashes takes only the worker down.
/// </summary>
public sealed class WorkerHost(IReadOnlyList<IWorkerLibrary> libraries, BenchmarkFilter? crashOn = null)
{
    /// <summary>Test hook: a glob of IDs whose first sample crashes the worker in native code (SIGSEGV).</summary>
    public const string CrashVariable = "BENCH_TEST_CRASH_KERNEL";

    private readonly Dictionary<(int Lib, int Index), IWorkerSession> _sessions = new();

    public int Serve(TextReader input, TextWriter output)
    {
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            WorkerResponse response;
            try
            {
                var request = JsonSerializer.Deserialize<WorkerRequest>(line, WorkerProtocol.Json)
                              ?? throw new InvalidOperationException("empty request");
                response = Handle(request);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NativeLibraryException or BenchException)
            {
                response = new WorkerResponse { Ok = false, Error = e.Message };
            }
            output.WriteLine(JsonSerializer.Serialize(response, WorkerProtocol.Json));
            output.Flush();
        }
        foreach (var s in _sessions.Values)
            s.Close();
        return 0;
    }

    private WorkerResponse Handle(WorkerRequest r) => r.Op switch
    {
        WorkerProtocol.Hello => new WorkerResponse
        {
            Ok = true,
            Libraries = libraries.Select(l => l.Describe()).ToList(),
            Cpu = Hosting.CpuAffinity.Current(),
        },
        WorkerProtocol.Open => Open(r.Lib, r.Index),
        WorkerProtocol.Sample => Run(Enumerable.Repeat(new[] { r.Lib, r.Index }, r.Count).ToList(), r.Loops),
        WorkerProtocol.Sequence => Run(r.Steps ?? throw new InvalidOperationException("sequence without steps"), r.Loops),
        WorkerProtocol.Close => Close(r.Lib, r.Index),
        WorkerProtocol.Settle => Settle(),
        _ => throw new InvalidOperationException($"unknown op '{r.Op}'"),
    };

    private IWorkerLibrary Library(int lib) => lib >= 0 && lib < libraries.Count
        ? libraries[lib]
        : throw new InvalidOperationException($"no library {lib} (the worker has {libraries.Count})");

    private WorkerResponse Open(int lib, int index)
    {
        if (_sessions.ContainsKey((lib, index)))
            return Fail(NativeStatus.InvalidArgument, $"kernel {index} of library {lib} is already open");
        var session = Library(lib).Open(index, out var status, out var error);
        if (session is null)
            return Fail(status, error ?? status.ToString());
        _sessions[(lib, index)] = session;
        return new WorkerResponse { Ok = true };
    }

    /// <summary>One sample per step, back to back: the steps are resolved first so nothing but samples runs between them.</summary>
    private WorkerResponse Run(IReadOnlyList<int[]> steps, ulong loops)
    {
        var sessions = new IWorkerSession[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not [var lib, var index])
                throw new InvalidOperationException("a step is [lib, index]");
            if (!_sessions.TryGetValue((lib, index), out var session))
                return Fail(NativeStatus.InvalidArgument, $"kernel {index} of library {lib} is not open");
            if (crashOn is not null && crashOn.Matches(Library(lib).Kernels[index].Id))
                Library(lib).Crash();
            sessions[i] = session;
        }
        var samples = new List<TimedSample>(steps.Count);
        for (var i = 0; i < sessions.Length; i++)
        {
            var status = sessions[i].Sample(loops, out var s, out var error);
            if (status != NativeStatus.Ok)
                return Fail(status, error ?? status.ToString()) with { Samples = samples };
            samples.Add(new TimedSample(s.Invocations, s.Ticks, s.Nanoseconds));
        }
        return new WorkerResponse { Ok = true, Samples = samples };
    }

    private WorkerResponse Close(int lib, int index)
    {
        if (!_sessions.Remove((lib, index), out var session))
            return Fail(NativeStatus.InvalidArgument, $"kernel {index} of library {lib} is not open");
        var problem = session.Close();
        return problem is null ? new WorkerResponse { Ok = true } : Fail(NativeStatus.Accounting, problem);
    }

    /// <summary>Every open managed kernel to quiet tier-1 code, together (the JIT's quiet is the process's).</summary>
    private WorkerResponse Settle()
    {
        var (took, quiet) = Managed.ManagedKernelAssembly.Settle(_sessions.Values.ToList(), SettleLimit, PauseWhileSettling);
        return new WorkerResponse { Ok = true, SettleSeconds = Math.Round(took.TotalSeconds, 3), Settled = quiet };
    }

    /// <summary>Longest a settle may take before the worker says the JIT did not go quiet.</summary>
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the settle pauses between its calls: for a worker pinned whole to one CPU, whose JIT
    /// thread shares that CPU (unpinned, the JIT runs on another CPU and a pause only adds time).
    /// </summary>
    public bool PauseWhileSettling { get; init; }

    private static WorkerResponse Fail(NativeStatus status, string error) => new() { Ok = false, Status = status, Error = error };
}
