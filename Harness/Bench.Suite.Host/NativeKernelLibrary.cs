using System.Runtime.InteropServices;

namespace Bench.Suite.Host;

/// <summary>
/// One loaded build of the kernel library. Bound by path through function
/// pointers rather than <c>[LibraryImport]</c>, because a <c>LibraryImport</c>
/// name resolves to one file per process, and A/B runs load the base and the
/// head build side by side. The calls are the same P/Invoke transitions; the
/// short ones that never block skip the GC transition (SuppressGCTransition),
/// the ones that run a loop or allocate keep it. A sample is one call running
/// one whole timed loop, so no transition is inside the timed region.
/// A loaded library is never unloaded: its text may have been patched (static
/// keys), and the process that loaded it is a short-lived worker.
/// </summary>
public sealed unsafe class NativeKernelLibrary
{
    private readonly nint _handle;
    private readonly delegate* unmanaged<NativeAbi.BuildInfo*, int> _buildInfo;
    private readonly delegate* unmanaged[SuppressGCTransition]<int> _kernelCount;
    private readonly delegate* unmanaged[SuppressGCTransition]<int, NativeAbi.KernelDesc*, int> _describe;
    private readonly delegate* unmanaged<int, nint*, int> _open;
    private readonly delegate* unmanaged<nint, ulong, KernelSample*, int> _sample;
    private readonly delegate* unmanaged[SuppressGCTransition]<nint, NativeCounters*, int> _counters;
    private readonly delegate* unmanaged<nint, int> _close;
    private readonly delegate* unmanaged[SuppressGCTransition]<int, nint> _strerror;
    private readonly delegate* unmanaged<int, void> _crash;
    private NativeBuildInfo? _info;
    private IReadOnlyList<KernelInfo>? _kernels;

    private NativeKernelLibrary(string path, nint handle)
    {
        Path = path;
        _handle = handle;
        _buildInfo = (delegate* unmanaged<NativeAbi.BuildInfo*, int>)Export("bench_build_info");
        _kernelCount = (delegate* unmanaged[SuppressGCTransition]<int>)Export("bench_kernel_count");
        _describe = (delegate* unmanaged[SuppressGCTransition]<int, NativeAbi.KernelDesc*, int>)Export("bench_kernel_describe");
        _open = (delegate* unmanaged<int, nint*, int>)Export("bench_session_open");
        _sample = (delegate* unmanaged<nint, ulong, KernelSample*, int>)Export("bench_session_sample");
        _counters = (delegate* unmanaged[SuppressGCTransition]<nint, NativeCounters*, int>)Export("bench_session_counters");
        _close = (delegate* unmanaged<nint, int>)Export("bench_session_close");
        _strerror = (delegate* unmanaged[SuppressGCTransition]<int, nint>)Export("bench_strerror");
        _crash = (delegate* unmanaged<int, void>)Export("bench_crash");
    }

    public string Path { get; }

    /// <summary>Loads the library at <paramref name="path"/>; a clear error names the file and the fix.</summary>
    public static NativeKernelLibrary Load(string path)
    {
        if (!File.Exists(path))
            throw new NativeLibraryException(
                $"native kernel library not found: {path}. Build it with `dotnet build -c Release` (needs cmake and gcc), " +
                $"or point {NativeLibraryLocator.FileVariable} at a libbenchnative.so.");
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new NativeLibraryException($"cannot load native kernel library {path}: {e.Message}", e);
        }
        var lib = new NativeKernelLibrary(path, handle);
        // a suite library (bench_suite.h) says why it cannot be used: a kernel registered badly, or none at all
        if (NativeLibrary.TryGetExport(handle, "bench_suite_error", out var suiteError)
            && NativeAbi.Str(((delegate* unmanaged<nint>)suiteError)()) is { } why)
            throw new NativeLibraryException($"{path} cannot be used: {why}. Fix the suite's BENCH_KERNEL registrations (bench_suite.h) and rebuild it.");
        var abi = lib.BuildInfo.AbiVersion;
        if (abi is < NativeAbi.MinVersion or > NativeAbi.Version)
            throw new NativeLibraryException($"{path} speaks kernel ABI {abi}, this harness speaks {NativeAbi.MinVersion} to {NativeAbi.Version}: rebuild with `dotnet build -c Release`.");
        if (lib.BuildInfo.TimerStop == "none")
            throw new NativeLibraryException($"{path} was loaded with BENCH_TIMER=none, which runs the kernels untimed (it is for counting instructions " +
                                             "under valgrind): unset BENCH_TIMER, or set it to auto, rdtscp or rdtsc, to measure time.");
        _ = lib.Kernels; // read now, so a kernel described wrongly is refused here, where the caller says which file
        return lib;
    }

    /// <summary>The address of an export, for calling it directly (the P/Invoke overhead benchmark).</summary>
    public nint ExportAddress(string name) => Export(name);

    private nint Export(string name)
    {
        if (NativeLibrary.TryGetExport(_handle, name, out var p))
            return p;
        throw new NativeLibraryException($"{Path} does not export {name}: it is not a Bench kernel library, or an old one. Rebuild with `dotnet build -c Release`.");
    }

    /// <summary>Build facts; the first call calibrates the timer (about 50 ms).</summary>
    public NativeBuildInfo BuildInfo => _info ??= ReadBuildInfo();

    private NativeBuildInfo ReadBuildInfo()
    {
        // zeroed: a library of an older ABI fills only the fields it knows (its version is checked by the caller)
        NativeAbi.BuildInfo b = default;
        Check(_buildInfo(&b), "bench_build_info");
        return new NativeBuildInfo(
            b.AbiVersion, b.InjectK, NativeAbi.Str(b.Arch)!, NativeAbi.Str(b.Compiler)!, NativeAbi.Str(b.Flags)!,
            NativeAbi.Str(b.RetpolineFlags), NativeAbi.Str(b.Timer)!, b.TimerHz, NativeAbi.Str(b.TimerHzSource)!,
            NativeAbi.Str(b.StaticKeyImpl)!, NativeAbi.Str(b.StaticKeyNote)!, NativeAbi.Str(b.TimerStop), NativeAbi.Str(b.TimerStopNote), b.InjectCalls,
            b.PpStats != 0);
    }

    public IReadOnlyList<KernelInfo> Kernels => _kernels ??= ReadKernels();

    private List<KernelInfo> ReadKernels()
    {
        var count = _kernelCount();
        if (count < 0)
            throw new NativeLibraryException($"{Path}: bench_kernel_count failed: {Describe((NativeStatus)count)}");
        var list = new List<KernelInfo>(count);
        for (var i = 0; i < count; i++)
        {
            // zeroed: a library of an older ABI fills only the fields it knows (no tags: its case, style and provider are all)
            NativeAbi.KernelDesc d = default;
            Check(_describe(i, &d), "bench_kernel_describe");
            bool? provider = d.Provider < 0 ? null : d.Provider == 1;
            var kernel = new KernelInfo(i, NativeAbi.Str(d.Id)!, NativeAbi.Str(d.CaseName)!, NativeAbi.Str(d.Style), provider,
                d.Available != 0, NativeAbi.Str(d.UnavailableReason), d.DefaultLoops);
            if (d.Tags != 0)
            {
                var tags = KernelInfo.TagsFrom(NativeAbi.Str(d.Tags), kernel.Case, kernel.Style, kernel.Tags.GetValueOrDefault(KernelInfo.ProviderTag), out var problem);
                if (problem is not null)
                    throw new NativeLibraryException($"{Path}: kernel '{kernel.Id}': {problem}: its tags are space-separated key=value pairs (BENCH_KERNEL's third argument, bench_suite.h).");
                kernel = kernel with { Tags = tags };
            }
            list.Add(kernel);
        }
        return list;
    }

    public string Describe(NativeStatus status) => NativeAbi.Str(_strerror((int)status)) ?? status.ToString();

    /// <summary>Opens a session (a pool, set up and ready); null and a status when it cannot.</summary>
    public NativeSession? Open(int index, out NativeStatus status)
    {
        nint session;
        status = (NativeStatus)_open(index, &session);
        return status == NativeStatus.Ok ? new NativeSession(this, session) : null;
    }

    internal NativeStatus Sample(nint session, ulong loops, out KernelSample sample)
    {
        KernelSample s;
        var rc = (NativeStatus)_sample(session, loops, &s);
        sample = s;
        return rc;
    }

    internal NativeCounters Counters(nint session)
    {
        // zeroed: a library of an older ABI fills only the counters it knows
        NativeCounters c = default;
        Check(_counters(session, &c), "bench_session_counters");
        return c;
    }

    internal NativeStatus Close(nint session) => (NativeStatus)_close(session);

    /// <summary>Crashes this process in native code (1: SIGSEGV, 2: abort): for crash-isolation tests only.</summary>
    public void Crash(int how) => _crash(how);

    private void Check(int rc, string what)
    {
        if (rc != 0)
            throw new NativeLibraryException($"{what} failed in {Path}: {Describe((NativeStatus)rc)}");
    }
}
