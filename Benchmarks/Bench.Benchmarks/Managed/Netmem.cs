using System.Runtime.CompilerServices;

namespace Bench.Benchmarks.Managed;

/// <summary>Who must get a netmem back: the page allocator or a memory provider (netmem.h's enum netmem_owner).</summary>
public enum NetmemOwner : uint
{
    Allocator = 1,
    Dmabuf = 2,
    Iouring = 3,
}

/// <summary>
/// One page descriptor (struct netmem in the native model): a reference stands for
/// the pointer. The benchmark never touches page data, only descriptors.
/// </summary>
public sealed class Netmem
{
    /// <summary>PP_SIGNATURE: written while a pool owns the descriptor.</summary>
    public const nuint PpSignature = 0x40;

    internal PagePool? Pp;
    internal nuint PpMagic;
    internal uint Refcnt;

    internal Netmem(NetmemOwner owner) => Owner = owner;

    public NetmemOwner Owner { get; }
}

/// <summary>
/// A fixed set of descriptors and a free stack over them: the page-allocator
/// model and a provider's store (netmem_store). Counts what it handed out and got back.
/// </summary>
public sealed class NetmemStore
{
    private readonly Netmem[] _free;
    private uint _nfree;

    public NetmemStore(uint total, NetmemOwner owner)
    {
        _free = new Netmem[total];
        for (var i = 0u; i < total; i++)
            _free[i] = new Netmem(owner);
        _nfree = Total = total;
    }

    public uint Total { get; }
    public uint Free => _nfree;
    public ulong Allocs { get; private set; }
    public ulong Frees { get; private set; }

    /// <summary>Pops up to <paramref name="n"/> descriptors into the front of <paramref name="output"/>; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint Take(Netmem?[] output, uint n)
    {
        if (n > _nfree)
            n = _nfree;
        for (var i = 0u; i < n; i++)
            output[i] = _free[--_nfree];
        Allocs += n;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Give(Netmem m)
    {
        _free[_nfree++] = m;
        Frees++;
    }
}
