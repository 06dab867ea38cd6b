using System.Runtime.CompilerServices;
using Bench.Suite;

namespace LookupSuite;

/// <summary>The four operations, and the fixed sequence of them every kernel dispatches (the C suite's, element for element).</summary>
internal static class Ops
{
    public const int Count = 256;

    [MethodImpl(MethodImplOptions.NoInlining)] public static ulong Add(ulong x) => x + 3;
    [MethodImpl(MethodImplOptions.NoInlining)] public static ulong Xor(ulong x) => x ^ 0x5a5a;
    [MethodImpl(MethodImplOptions.NoInlining)] public static ulong Rot(ulong x) => (x << 1) | (x >> 63);
    [MethodImpl(MethodImplOptions.NoInlining)] public static ulong Neg(ulong x) => ~x;

    public static byte[] Sequence()
    {
        var op = new byte[Count];
        var x = 12345u;
        for (var i = 0; i < Count; i++)
        {
            x = unchecked(x * 1103515245u + 12345u);
            op[i] = (byte)((x >> 16) & 3u);
        }
        return op;
    }
}

/// <summary>One element: the op of this position, called through a table of function pointers.</summary>
[BenchKernel("lookup/indirect", Tags = "case=lookup style=indirect targets=4", Element = "one op through a table of function pointers")]
public sealed unsafe class IndirectLookup : IBenchKernel
{
    private readonly byte[] _op = Ops.Sequence();
    private readonly delegate*<ulong, ulong>[] _table = [&Ops.Add, &Ops.Xor, &Ops.Rot, &Ops.Neg];
    private ulong _acc;

    public ulong Run(ulong loops)
    {
        var (op, table, acc) = (_op, _table, _acc);
        ulong i;
        for (i = 0; i < loops; i++)
            acc = table[op[i % Ops.Count]](acc);
        _acc = acc;
        return i;
    }

    public string? Close() => _op.Length == Ops.Count ? null : "the op sequence changed";
}

/// <summary>One element: the op of this position, chosen by a switch and called directly.</summary>
[BenchKernel("lookup/switch", Tags = "case=lookup style=switch targets=4", Element = "one op through a switch and a direct call")]
public sealed class SwitchLookup : IBenchKernel
{
    private readonly byte[] _op = Ops.Sequence();
    private ulong _acc;

    public ulong Run(ulong loops)
    {
        var (op, acc) = (_op, _acc);
        ulong i;
        for (i = 0; i < loops; i++)
            acc = op[i % Ops.Count] switch
            {
                0 => Ops.Add(acc),
                1 => Ops.Xor(acc),
                2 => Ops.Rot(acc),
                _ => Ops.Neg(acc),
            };
        _acc = acc;
        return i;
    }

    public string? Close() => _op.Length == Ops.Count ? null : "the op sequence changed";
}
