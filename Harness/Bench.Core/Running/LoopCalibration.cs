namespace Bench.Core.Running;

/// <summary>Chooses the elements per sample so that one sample takes about the target time.</summary>
public static class LoopCalibration
{
    public const ulong MinLoops = 1024;           // time_bench refuses fewer than 1000
    public const ulong MaxLoops = 1UL << 30;

    /// <summary>
    /// The smallest power of two of elements whose loop lasts at least
    /// <paramref name="targetNs"/> at <paramref name="nsPerElement"/>, within
    /// [<see cref="MinLoops"/>, <see cref="MaxLoops"/>]. Powers of two keep the
    /// count stable from run to run on one machine, so base and head loops match.
    /// </summary>
    public static ulong LoopsFor(double nsPerElement, double targetNs)
    {
        if (!(nsPerElement > 0) || double.IsInfinity(nsPerElement))
            return MinLoops;
        var wanted = targetNs / nsPerElement;
        if (wanted >= MaxLoops)
            return MaxLoops;
        var loops = MinLoops;
        while (loops < wanted)
            loops <<= 1;
        return loops;
    }
}
