namespace Bench.Core.Running;

/// <summary>Kernels that run as one group, sample by sample in the same tuples: one kernel (a benchmark), or the kernels a contrast pairs.</summary>
/// <param name="Id">The group's name (a benchmark's ID, or a family's), which keys its loop count.</param>
/// <param name="Kernels">Its kernels' IDs; the loop count is calibrated on the first.</param>
public sealed record KernelFamily(string Id, IReadOnlyList<string> Kernels)
{
    public static KernelFamily Of(string id) => new(id, [id]);
}
