using System.Text.Json;
using Bench.Benchmarks.Native;
using Bench.Core.Catalog;

namespace Bench.Core.Running.Worker;

/// <summary>
/// The worker's side: loads one kernel library, keeps its sessions open, and
/// answers requests until its input ends. It runs in its own process so a
/// kernel that crashes takes only the worker down.
/// </summary>
public sealed class WorkerHost(NativeKernelLibrary library, BenchmarkFilter? crashOn = null)
{
    /// <summary>Test hook: a glob of IDs whose first sample crashes the worker in native code (SIGSEGV).</summary>
    public const string CrashVariable = "BENCH_TEST_CRASH_KERNEL";

    private readonly Dictionary<int, NativeSession> _sessions = new();

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
            catch (Exception e) when (e is JsonException or InvalidOperationException or NativeLibraryException)
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
        WorkerProtocol.Hello => new WorkerResponse { Ok = true, Build = library.BuildInfo, Kernels = library.Kernels },
        WorkerProtocol.Open => Open(r.Index),
        WorkerProtocol.Sample => Sample(r.Index, r.Loops, r.Count),
        WorkerProtocol.Close => Close(r.Index),
        _ => throw new InvalidOperationException($"unknown op '{r.Op}'"),
    };

    private WorkerResponse Open(int index)
    {
        if (_sessions.ContainsKey(index))
            return Fail(NativeStatus.InvalidArgument, $"kernel {index} is already open");
        var session = library.Open(index, out var status);
        if (session is null)
            return Fail(status, library.Describe(status));
        _sessions[index] = session;
        return new WorkerResponse { Ok = true };
    }

    private WorkerResponse Sample(int index, ulong loops, int count)
    {
        if (!_sessions.TryGetValue(index, out var session))
            return Fail(NativeStatus.InvalidArgument, $"kernel {index} is not open");
        if (crashOn is not null && crashOn.Matches(library.Kernels[index].Id))
            library.Crash(1);
        var samples = new List<ulong[]>(count);
        for (var i = 0; i < count; i++)
        {
            var status = session.Sample(loops, out var s);
            if (status != NativeStatus.Ok)
                return Fail(status, library.Describe(status)) with { Samples = samples };
            samples.Add([s.Invocations, s.Ticks, s.Nanoseconds]);
        }
        return new WorkerResponse { Ok = true, Samples = samples };
    }

    private WorkerResponse Close(int index)
    {
        if (!_sessions.Remove(index, out var session))
            return Fail(NativeStatus.InvalidArgument, $"kernel {index} is not open");
        var status = session.Close();
        return status == NativeStatus.Ok ? new WorkerResponse { Ok = true } : Fail(status, library.Describe(status));
    }

    private static WorkerResponse Fail(NativeStatus status, string error) => new() { Ok = false, Status = status, Error = error };
}
