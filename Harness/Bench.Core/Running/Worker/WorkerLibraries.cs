using Bench.Suite.Host;
using Bench.Core.Running.Managed;

namespace Bench.Core.Running.Worker;

/// <summary>What a worker runs kernels from: a native kernel library or a build of the managed twins.</summary>
public interface IWorkerLibrary
{
    WorkerLibrary Describe();

    IReadOnlyList<KernelInfo> Kernels { get; }

    /// <summary>Opens a kernel; null and why when it cannot.</summary>
    IWorkerSession? Open(int index, out NativeStatus status, out string? error);

    /// <summary>Test hook: crash this process inside the library's code.</summary>
    void Crash();
}

/// <summary>An open kernel in a worker.</summary>
public interface IWorkerSession
{
    /// <summary>One whole timed loop; <see cref="NativeStatus.Ok"/> or a status and why.</summary>
    NativeStatus Sample(ulong loops, out KernelSample sample, out string? error);

    /// <summary>Drains the kernel's pool; null when all is well, else what is wrong.</summary>
    string? Close();
}

/// <summary>Opens a worker's libraries from their specifications (a <c>.so</c> path, or a managed assembly spec).</summary>
public static class WorkerLibraries
{
    public static IWorkerLibrary Load(string spec) =>
        ManagedKernelSpec.IsManaged(spec) ? ManagedKernelAssembly.Load(ManagedKernelSpec.Parse(spec)) : new NativeWorkerLibrary(NativeLibraries.Load(spec));

    private sealed class NativeWorkerLibrary(NativeKernelLibrary library) : IWorkerLibrary
    {
        public WorkerLibrary Describe() => new(library.BuildInfo, library.Kernels);

        public IReadOnlyList<KernelInfo> Kernels => library.Kernels;

        public IWorkerSession? Open(int index, out NativeStatus status, out string? error)
        {
            var session = library.Open(index, out status);
            error = session is null ? library.Describe(status) : null;
            return session is null ? null : new Session(library, session);
        }

        public void Crash() => library.Crash(1);

        private sealed class Session(NativeKernelLibrary library, NativeSession session) : IWorkerSession
        {
            public NativeStatus Sample(ulong loops, out KernelSample sample, out string? error)
            {
                var status = session.Sample(loops, out sample);
                error = status == NativeStatus.Ok ? null : library.Describe(status);
                return status;
            }

            public string? Close()
            {
                var status = session.Close();
                return status == NativeStatus.Ok ? null : library.Describe(status);
            }
        }
    }
}
