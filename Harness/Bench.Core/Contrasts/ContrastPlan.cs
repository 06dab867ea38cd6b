using Bench.Core.Catalog;
using Bench.Core.Running;

namespace Bench.Core.Contrasts;

/// <summary>A kernel as a plan sees it: its ID, native or managed, its tags, and whether this build has it.</summary>
public sealed record PlannedKernel(string Id, string Implementation, IReadOnlyDictionary<string, string> Tags, bool Available = true);

/// <summary>
/// Which kernels run together and which contrasts they answer. A family is the kernels of one
/// implementation that agree on every tag but the contrasted one, the toggled one and the
/// control tag (for the page_pool suite: one case, native or managed); its reference is the
/// kernel with the reference value and the toggle off. Each family's kernels run as one group
/// (<see cref="KernelFamily"/>), the reference first, so that every contrast in it pairs.
/// <para>
/// Contrasts of a family: every other kernel against the reference (a style in each provider
/// state; a control kernel is a null or detection contrast), and every value's toggle on against
/// its toggle off (what turning the provider on costs under that style).
/// </para>
/// </summary>
public sealed record ContrastPlan(ContrastSpec Spec, IReadOnlyList<KernelFamily> Families, IReadOnlyList<Contrast> Contrasts, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The plan over <paramref name="kernels"/> (in the suite's order), the contrasts restricted to those
    /// whose kernel <paramref name="filter"/> matches; a family runs only the kernels its selected contrasts need.
    /// </summary>
    public static ContrastPlan For(IEnumerable<PlannedKernel> kernels, ContrastSpec spec, BenchmarkFilter? filter = null)
    {
        var all = kernels.Where(k => k.Tags.ContainsKey(spec.Tag)).ToList();
        var notes = new List<string>();
        var reference = spec.Reference ?? (all.Any(k => k.Tags[spec.Tag] == "none") ? "none" : all.FirstOrDefault()?.Tags[spec.Tag]);
        // a toggle no kernel has toggles nothing (the plan's spec says so)
        spec = spec with { Reference = reference, Toggle = spec.Toggle is { } t && all.Any(k => k.Tags.ContainsKey(t)) ? t : null };
        var families = new List<KernelFamily>();
        var contrasts = new List<Contrast>();
        foreach (var members in all.GroupBy(k => FamilyKey(k, spec)).Select(g => g.ToList()))
        {
            var name = FamilyName(members[0], spec);
            var unavailable = members.Where(k => !k.Available).Select(k => k.Id).ToList();
            var usable = members.Where(k => k.Available).ToList();
            var reference0 = usable.FirstOrDefault(k => k.Tags[spec.Tag] == reference && State(k, spec) is null or ContrastSpec.Off);
            if (reference0 is null)
            {
                notes.Add($"{name}: no available kernel with {spec.Tag}={reference}{(spec.Toggle is null ? "" : $" and {spec.Toggle}={ContrastSpec.Off}")}; its kernels are not contrasted");
                continue;
            }
            if (unavailable.Count > 0)
                notes.Add($"{name}: not built here, so not contrasted: {string.Join(", ", unavailable)}");
            var mine = new List<Contrast>();
            foreach (var k in usable.Where(k => k != reference0))
            {
                var control = k.Tags.GetValueOrDefault(Bench.Suite.Host.KernelInfo.ContrastControlTag);
                var kind = control switch { "null" => ContrastKind.NullControl, "detection" => ContrastKind.Detection, _ => ContrastKind.Style };
                mine.Add(new Contrast(Contrast.IdOf(k.Id, reference0.Id), name, k.Implementation, k.Id, reference0.Id, kind, k.Tags[spec.Tag], State(k, spec)));
            }
            if (spec.Toggle is not null)
                foreach (var on in usable.Where(k => State(k, spec) == ContrastSpec.On))
                    if (usable.FirstOrDefault(k => k.Tags[spec.Tag] == on.Tags[spec.Tag] && State(k, spec) == ContrastSpec.Off && SameOtherwise(k, on, spec)) is { } off)
                        mine.Add(new Contrast(Contrast.IdOf(on.Id, off.Id), name, on.Implementation, on.Id, off.Id, ContrastKind.Toggle, on.Tags[spec.Tag], $"{ContrastSpec.On} vs {ContrastSpec.Off}"));
            var selected = mine.Where(c => filter is null || filter.Matches(c.Kernel)).ToList();
            if (selected.Count == 0)
                continue;
            var needed = selected.SelectMany(c => new[] { c.Reference, c.Kernel }).ToHashSet();
            // the reference first: the family's loop count is calibrated on it
            var order = new[] { reference0 }.Concat(usable.Where(k => k != reference0)).Where(k => needed.Contains(k.Id)).Select(k => k.Id).ToList();
            families.Add(new KernelFamily(name, order));
            contrasts.AddRange(selected);
        }
        if (all.Count == 0)
            notes.Add($"no kernel has a '{spec.Tag}' tag: there is nothing to contrast");
        return new ContrastPlan(spec, families, contrasts, notes);
    }

    /// <summary>The kernels of a native library and of a managed build, as the plan reads them.</summary>
    public static IEnumerable<PlannedKernel> Kernels(IEnumerable<Bench.Suite.Host.KernelInfo> native, IEnumerable<Bench.Suite.Host.KernelInfo> managed) =>
        native.Select(k => new PlannedKernel(k.Id, BenchmarkId.Native, k.Tags, k.Available))
            .Concat(managed.Select(k => new PlannedKernel(Running.Dotnet.DotnetIds.Kernel(k.Id), BenchmarkId.Managed, k.Tags, k.Available)));

    /// <summary>The family's name: its implementation and the tags that make it (the page_pool suite: <c>native pp01-fast</c>).</summary>
    private static string FamilyName(PlannedKernel k, ContrastSpec spec) =>
        string.Join(" ", new[] { k.Implementation }.Concat(OtherTags(k, spec).Select(t => t.Key == Bench.Suite.Host.KernelInfo.CaseTag ? t.Value : $"{t.Key}={t.Value}")));

    private static string FamilyKey(PlannedKernel k, ContrastSpec spec) =>
        k.Implementation + "\u0001" + string.Join("\u0001", OtherTags(k, spec).Select(t => $"{t.Key}={t.Value}"));

    private static IEnumerable<KeyValuePair<string, string>> OtherTags(PlannedKernel k, ContrastSpec spec) =>
        k.Tags.Where(t => t.Key != spec.Tag && t.Key != spec.Toggle && t.Key != Bench.Suite.Host.KernelInfo.ContrastControlTag);

    private static string? State(PlannedKernel k, ContrastSpec spec) => spec.Toggle is null ? null : k.Tags.GetValueOrDefault(spec.Toggle);

    private static bool SameOtherwise(PlannedKernel a, PlannedKernel b, ContrastSpec spec) =>
        a.Tags.GetValueOrDefault(Bench.Suite.Host.KernelInfo.ContrastControlTag) == b.Tags.GetValueOrDefault(Bench.Suite.Host.KernelInfo.ContrastControlTag);

    /// <summary>The plan of the contrasts <paramref name="keep"/> selects, each family with only the kernels they need (the reference first).</summary>
    public ContrastPlan Only(Func<Contrast, bool> keep)
    {
        var contrasts = Contrasts.Where(keep).ToList();
        var families = Families.Select(f =>
        {
            var needed = contrasts.Where(c => c.Family == f.Id).SelectMany(c => new[] { c.Reference, c.Kernel }).ToHashSet();
            return f with { Kernels = f.Kernels.Where(needed.Contains).ToList() };
        }).Where(f => f.Kernels.Count > 0).ToList();
        return this with { Families = families, Contrasts = contrasts };
    }

}
