namespace Bench.Core.Comparison;

/// <summary>What the comparison says of one benchmark.</summary>
public enum Verdict
{
    /// <summary>Head is slower than base by more than the threshold, with the asked confidence.</summary>
    Slower,
    /// <summary>Head is faster than base by more than the threshold, with the asked confidence.</summary>
    Faster,
    /// <summary>The whole shift interval lies within the threshold: shown equivalent, not merely "no difference found".</summary>
    Same,
    /// <summary>The data cannot tell (too few samples, too noisy, multimodal); never reported as Same.</summary>
    Unknown,
    /// <summary>Only in head.</summary>
    Added,
    /// <summary>Only in base.</summary>
    Removed,
    /// <summary>Head did not complete it (crashed or failed its checks).</summary>
    Failed,
    /// <summary>Not measured on one side (unavailable on this machine): nothing to compare.</summary>
    Skipped,
}
