namespace Bench.Core.Contrasts;

/// <summary>
/// What a suite contrasts (its manifest's <c>"contrasts"</c>): the tag whose values are compared
/// (<see cref="Tag"/>, the dispatch style), the value every other is compared with
/// (<see cref="Reference"/>), and a tag with <c>off</c> and <c>on</c> whose turning on is compared
/// under each value (<see cref="Toggle"/>, the memory provider). A family is the kernels that agree
/// on every other tag: one case of the page_pool suite, native or managed.
/// </summary>
/// <param name="Reference">The reference value; null: <c>none</c> where a kernel has it, else the first value in the suite's order.</param>
/// <param name="Toggle">The toggled tag; null: none is toggled.</param>
public sealed record ContrastSpec(string Tag = ContrastSpec.DefaultTag, string? Reference = null, string? Toggle = ContrastSpec.DefaultToggle)
{
    public const string DefaultTag = Bench.Suite.Host.KernelInfo.StyleTag;
    public const string DefaultToggle = Bench.Suite.Host.KernelInfo.ProviderTag;
    public const string Off = "off", On = "on";

    /// <summary>The default for any suite: its <c>style</c> tag against <c>none</c> (or its first style), the <c>provider</c> toggled where kernels have it.</summary>
    public static ContrastSpec Default { get; } = new();

    public override string ToString() =>
        $"{Tag} against {Reference ?? "none (or the first)"}{(Toggle is null ? "" : $", {Toggle} {Off} (and {On} against {Off})")}";
}
