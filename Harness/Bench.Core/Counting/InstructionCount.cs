namespace Bench.Core.Counting;

/// <summary>
/// One kernel's deterministic figures per element, from the difference of two
/// samples of different lengths: (X(n2) - X(n1)) / (n2 - n1) for every event X,
/// so what a sample costs once (timer stamps, the call) cancels.
/// </summary>
/// <param name="Instructions">Instructions executed per element (callgrind's Ir).</param>
/// <param name="EstimatedCycles">With the cache simulation: see <see cref="Estimate"/>; null without it.</param>
public sealed record InstructionCount(string Id, double Instructions, double? EstimatedCycles)
{
    /// <summary>
    /// Estimated cycles per element from the simulated caches, the formula
    /// gungraun (iai-callgrind) uses: L1 hits + 5 x last-level hits + 35 x RAM
    /// accesses, where L1 hits = Ir + Dr + Dw - (I1mr + D1mr + D1mw),
    /// LL hits = (I1mr + D1mr + D1mw) - (ILmr + DLmr + DLmw), RAM = ILmr + DLmr + DLmw.
    /// A model of a simple core, not a measurement: it ignores overlap and prediction.
    /// </summary>
    public static double Estimate(Func<string, double> e)
    {
        var l1Misses = e("I1mr") + e("D1mr") + e("D1mw");
        var llMisses = e("ILmr") + e("DLmr") + e("DLmw");
        var l1Hits = e("Ir") + e("Dr") + e("Dw") - l1Misses;
        return l1Hits + 5 * (l1Misses - llMisses) + 35 * llMisses;
    }

    public const string EstimateFormula = "L1 hits + 5 x LL hits + 35 x RAM (gungraun/iai-callgrind)";

    public static InstructionCount FromDumps(string id, CallgrindDump shorter, CallgrindDump longer, ulong shortLoops, ulong longLoops, bool cacheSim)
    {
        var n = (double)(longLoops - shortLoops);
        double PerElement(string name) => (longer[name] - shorter[name]) / n;
        return new InstructionCount(id, PerElement("Ir"), cacheSim ? Estimate(PerElement) : null);
    }
}
