namespace Bench.Core.Statistics;

/// <summary>How far one control benchmark moved between a stored baseline and this run: head over base, less one.</summary>
public sealed record ControlShift(string Id, double Relative);

/// <summary>
/// What the machine did between a stored baseline and this run, read off control benchmarks: code
/// a change under test does not touch (the loop, the atomic, the lock). A shared VM runs a whole
/// run a few percent slower or faster than another; against a stored baseline that cannot be
/// told from a change of the code, so a slowdown (speed-up) no larger than the controls' own is
/// no verdict. Nothing is divided out: no correction can absorb a change many benchmarks share.
/// </summary>
public static class MachineDrift
{
    /// <summary>
    /// How much slower (Up) and faster (Down), relative, the controls other than
    /// <paramref name="id"/> ran: a control is judged against the others, so one control that
    /// a change did touch still shows.
    /// </summary>
    public static (double Up, double Down) Envelope(IReadOnlyList<ControlShift> controls, string id)
    {
        var others = controls.Where(c => c.Id != id).Select(c => c.Relative).ToList();
        return others.Count == 0 ? (0, 0) : (Math.Max(0, others.Max()), Math.Max(0, -others.Min()));
    }
}
