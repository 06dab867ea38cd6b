namespace Bench.Core.Statistics;

/// <summary>
/// A location shift (head minus base) with a distribution-free confidence
/// interval: the Hodges-Lehmann estimate and the interval that inverts its
/// rank test. Low and High are infinite when the data cannot bound the shift
/// at the asked confidence (too few points).
/// </summary>
public readonly record struct ShiftInterval(double Estimate, double Low, double High, double Confidence)
{
    public bool IsBounded => !double.IsInfinity(Low) && !double.IsInfinity(High);
}
