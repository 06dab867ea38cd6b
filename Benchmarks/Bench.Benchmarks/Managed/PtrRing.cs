using System.Runtime.CompilerServices;

namespace Bench.Benchmarks.Managed;

/// <summary>
/// spinlock.h's test-and-test-and-set lock: one interlocked exchange and a
/// release store when uncontended.
/// </summary>
internal struct SpinLockWord
{
    private int _locked;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lock()
    {
        while (Interlocked.Exchange(ref _locked, 1) != 0)
        {
            while (Volatile.Read(ref _locked) != 0)
                Thread.SpinWait(1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Unlock() => Volatile.Write(ref _locked, 0);
}

/// <summary>
/// ptr_ring as page_pool uses it (ptr_ring.h): a fixed array, a producer index
/// under the producer lock, a consumer index under the consumer lock; an entry is
/// null when free. The native struct pads the two halves onto their own cache
/// lines; here one thread uses both, so the managed layout is left to the runtime.
/// </summary>
internal sealed class PtrRing
{
    internal SpinLockWord ProducerLock;
    private uint _producer;
    private readonly uint _mask;
    internal SpinLockWord ConsumerLock;
    private uint _consumer;
    private readonly Netmem?[] _queue;

    public PtrRing(uint size)
    {
        if (size == 0 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "a ring's size is a power of two");
        _queue = new Netmem?[size];
        _mask = size - 1;
    }

    public bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _queue[_consumer]) is null;
    }

    /// <summary>False when the ring is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Produce(Netmem m)
    {
        var ok = false;
        ProducerLock.Lock();
        if (_queue[_producer] is null)
        {
            _queue[_producer] = m;
            _producer = (_producer + 1) & _mask;
            ok = true;
        }
        ProducerLock.Unlock();
        return ok;
    }

    /// <summary>The caller holds the consumer lock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Netmem? ConsumeLocked()
    {
        var m = _queue[_consumer];
        if (m is not null)
        {
            _queue[_consumer] = null;
            _consumer = (_consumer + 1) & _mask;
        }
        return m;
    }
}
