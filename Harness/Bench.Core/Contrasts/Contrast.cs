namespace Bench.Core.Contrasts;

/// <summary>What a contrast measures.</summary>
public enum ContrastKind
{
    /// <summary>A style (in a provider state) against the reference: what the style costs there.</summary>
    Style,
    /// <summary>A style with the provider on against the same style with it off: what turning the provider on costs.</summary>
    Toggle,
    /// <summary>The reference's code under another name against the reference: must come out at no cost (the A/A of contrasts).</summary>
    NullControl,
    /// <summary>The reference plus a known cost against the reference: must come out costlier (the detection check).</summary>
    Detection,
}

/// <summary>
/// One contrast: a kernel against a reference kernel of the same family, both of one build. The
/// two arms of a comparison that differ by kernel, not by build.
/// </summary>
/// <param name="Id">How results and rules name it: <c>&lt;kernel&gt; vs &lt;reference&gt;</c>.</param>
/// <param name="Family">The family both belong to (<see cref="ContrastPlan"/>): they are sampled in the same tuples.</param>
/// <param name="Level">The kernel's value of the contrasted tag (its style).</param>
/// <param name="State">The kernel's value of the toggled tag (<c>off</c>/<c>on</c>); null where the suite toggles nothing.</param>
public sealed record Contrast(string Id, string Family, string Implementation, string Kernel, string Reference, ContrastKind Kind, string Level, string? State)
{
    public static string IdOf(string kernel, string reference) => $"{kernel} vs {reference}";
}
