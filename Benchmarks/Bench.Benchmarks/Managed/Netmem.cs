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

    /// <summary>A provider's net_iov, not a page (netmem.h's NETMEM_F_NET_IOV).</summary>
    public const uint FlagNetIov = 0x1;

    /// <summary>page->lru.next bit 1: taken from the emergency reserves.</summary>
    public const nuint LruPfmemalloc = 0x2;

    internal PagePool? Pp;
    internal nuint PpMagic;
    internal uint Refcnt;
    internal readonly uint Flags;
    internal nuint LruNext;

    internal Netmem(NetmemOwner owner)
    {
        Owner = owner;
        Flags = owner == NetmemOwner.Allocator ? 0 : FlagNetIov;
    }

    public NetmemOwner Owner { get; }

    /// <summary>netmem_is_net_iov(): the plain bit test.</summary>
    internal bool IsNetIov
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Flags & FlagNetIov) != 0;
    }

    /// <summary>page_ref_count(page) == 1 &amp;&amp; !page_is_pfmemalloc(page).</summary>
    internal bool PageRecyclable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Refcnt == 1 && (LruNext & LruPfmemalloc) == 0;
    }
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

    /// <summary>The provider's net_iov check, called through its ops (pp01-fast-niov): counted so a test can see the call.</summary>
    public ulong Checks { get; internal set; }

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
