namespace Bench.Suite.Host;

/// <summary>An open kernel: its pool lives until <see cref="Close"/>, which checks the page accounting.</summary>
public sealed class NativeSession
{
    private readonly NativeKernelLibrary _library;
    private nint _handle;

    internal NativeSession(NativeKernelLibrary library, nint handle)
    {
        _library = library;
        _handle = handle;
    }

    /// <summary>Runs one whole timed loop of <paramref name="loops"/> elements.</summary>
    public NativeStatus Sample(ulong loops, out KernelSample sample)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        return _library.Sample(_handle, loops, out sample);
    }

    public NativeCounters Counters()
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        return _library.Counters(_handle);
    }

    /// <summary>Drains the pool; <see cref="NativeStatus.Accounting"/> when a page did not come back.</summary>
    public NativeStatus Close()
    {
        if (_handle == 0)
            return NativeStatus.Ok;
        var rc = _library.Close(_handle);
        _handle = 0;
        return rc;
    }
}
