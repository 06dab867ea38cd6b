using Bench.Core.Catalog;
using Bench.Core.Contrasts;
using Bench.Suite.Host;
using Xunit;

namespace Bench.Tests.Contrasts;

public sealed class ContrastPlanTests
{
    private static PlannedKernel K(string impl, string @case, string style, string provider, string? control = null, bool available = true)
    {
        var tags = new Dictionary<string, string> { ["case"] = @case, ["style"] = style, ["provider"] = provider };
        if (control is not null)
            tags[KernelInfo.ContrastControlTag] = control;
        return new PlannedKernel($"{impl}/{@case}/{style}/provider-{provider}", impl, tags, available);
    }

    private static List<PlannedKernel> PagePool() =>
    [
        new("native/for_loop", "native", new Dictionary<string, string> { ["case"] = "for_loop" }),
        K("native", "pp01-fast", "none", "off"),
        K("native", "pp01-fast", "ops", "off"),
        K("native", "pp01-fast", "ops", "on"),
        K("native", "pp01-fast", "static-key", "off"),
        K("native", "pp01-fast", "static-key", "on"),
        K("native", "pp01-fast", "none-copy", "off", "null"),
        K("native", "pp01-fast", "none+call", "off", "detection"),
        K("managed", "pp01-fast", "none", "off"),
        K("managed", "pp01-fast", "ops", "off"),
        K("managed", "pp01-fast", "ops", "on"),
        K("native", "dispatch", "none", "off"),
        K("native", "dispatch", "ops-retpoline", "off", available: false),
        K("native", "dispatch", "ops-retpoline", "on", available: false),
        K("native", "dispatch", "if", "on"),
    ];

    [Fact]
    public void For_PagePool_OneFamilyPerCaseAndImplementation_ReferenceFirst()
    {
        var plan = ContrastPlan.For(PagePool(), ContrastSpec.Default);
        Assert.Equal(["native pp01-fast", "managed pp01-fast", "native dispatch"], plan.Families.Select(f => f.Id));
        Assert.All(plan.Families, f => Assert.EndsWith("/none/provider-off", f.Kernels[0]));
        // the baseline loop has no style: it is in no family
        Assert.DoesNotContain(plan.Families, f => f.Kernels.Contains("native/for_loop"));
    }

    [Fact]
    public void For_PagePool_EveryStyleAgainstTheReference_AndOnAgainstOff()
    {
        var plan = ContrastPlan.For(PagePool(), ContrastSpec.Default);
        var native = plan.Contrasts.Where(c => c.Family == "native pp01-fast").ToList();
        Assert.Equal(
        [
            "native/pp01-fast/ops/provider-off vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/ops/provider-on vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/static-key/provider-off vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/static-key/provider-on vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/none-copy/provider-off vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/none+call/provider-off vs native/pp01-fast/none/provider-off",
            "native/pp01-fast/ops/provider-on vs native/pp01-fast/ops/provider-off",
            "native/pp01-fast/static-key/provider-on vs native/pp01-fast/static-key/provider-off",
        ], native.Select(c => c.Id));
        Assert.Equal(ContrastKind.NullControl, native.Single(c => c.Level == "none-copy").Kind);
        Assert.Equal(ContrastKind.Detection, native.Single(c => c.Level == "none+call").Kind);
        Assert.Equal("on vs off", native.Single(c => c.Kind == ContrastKind.Toggle && c.Level == "ops").State);
        Assert.Equal("on", native.Single(c => c.Kind == ContrastKind.Style && c.Kernel.EndsWith("ops/provider-on")).State);
    }

    [Fact]
    public void For_UnavailableKernel_IsLeftOutAndSaid()
    {
        var plan = ContrastPlan.For(PagePool(), ContrastSpec.Default);
        Assert.DoesNotContain(plan.Contrasts, c => c.Kernel.Contains("ops-retpoline"));
        Assert.Contains(plan.Notes, n => n.Contains("native dispatch") && n.Contains("ops-retpoline/provider-on"));
        // if has no provider-off kernel in this family: no toggle, but its cost over the reference stands
        Assert.Single(plan.Contrasts, c => c.Family == "native dispatch");
    }

    [Fact]
    public void For_Filter_KeepsTheSelectedContrastsAndTheReferencesTheyNeed()
    {
        var plan = ContrastPlan.For(PagePool(), ContrastSpec.Default, new BenchmarkFilter(["native/pp01-fast/ops/*"]));
        Assert.Equal(["native pp01-fast"], plan.Families.Select(f => f.Id));
        Assert.Equal(["native/pp01-fast/none/provider-off", "native/pp01-fast/ops/provider-off", "native/pp01-fast/ops/provider-on"], plan.Families[0].Kernels);
        Assert.Equal(3, plan.Contrasts.Count);
    }

    [Fact]
    public void Only_Controls_RunsTheReferenceAndTheControlsAlone()
    {
        var plan = ContrastPlan.For(PagePool(), ContrastSpec.Default).Only(c => c.Kind is ContrastKind.NullControl or ContrastKind.Detection);
        Assert.Equal(["native pp01-fast"], plan.Families.Select(f => f.Id));
        Assert.Equal(["native/pp01-fast/none/provider-off", "native/pp01-fast/none-copy/provider-off", "native/pp01-fast/none+call/provider-off"], plan.Families[0].Kernels);
    }

    [Fact]
    public void For_NoReferenceInAFamily_NotContrastedAndSaid()
    {
        var plan = ContrastPlan.For([K("native", "x", "a", "off"), K("native", "x", "b", "off")], ContrastSpec.Default with { Reference = "none" });
        Assert.Empty(plan.Contrasts);
        Assert.Contains(plan.Notes, n => n.Contains("native x") && n.Contains("style=none"));
    }

    [Fact]
    public void For_DefaultReference_IsTheFirstStyleWhenNoneIsMissing()
    {
        var plan = ContrastPlan.For([K("native", "x", "a", "off"), K("native", "x", "b", "off")], ContrastSpec.Default);
        Assert.Equal("a", plan.Spec.Reference);
        Assert.Equal(["native/x/b/provider-off vs native/x/a/provider-off"], plan.Contrasts.Select(c => c.Id));
    }

    [Fact]
    public void For_NoKernelHasTheToggle_NothingIsToggled()
    {
        var tags = new Dictionary<string, string> { ["case"] = "lookup", ["style"] = "a" };
        var plan = ContrastPlan.For([new PlannedKernel("lookup/a", "native", tags), new PlannedKernel("lookup/b", "native", new Dictionary<string, string>(tags) { ["style"] = "b" })],
            ContrastSpec.Default);
        Assert.Null(plan.Spec.Toggle);
        Assert.DoesNotContain("on against off", plan.Spec.ToString());
        Assert.Equal(["lookup/b vs lookup/a"], plan.Contrasts.Select(c => c.Id));
    }

    [Fact]
    public void For_NoStyleTag_NothingToContrast()
    {
        var plan = ContrastPlan.For([new PlannedKernel("lookup/switch", "native", new Dictionary<string, string> { ["case"] = "lookup" })], ContrastSpec.Default);
        Assert.Empty(plan.Contrasts);
        Assert.Contains(plan.Notes, n => n.Contains("no kernel has a 'style' tag"));
    }
}
