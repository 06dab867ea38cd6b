using Bench.Suite.Host;
using Bench.Core.Contrasts;
using Bench.Core.Running.Managed;

namespace Bench.Core.Suites;

/// <summary>
/// The suite a command measures: Bench's own page_pool suite (its kernel library and managed
/// twins, built with the tool), or a suite of someone's own that a <see cref="SuiteManifest"/>
/// describes, built from its folder the first time a command needs it. Every verb takes its
/// kernels from here, so a suite goes through list, run, count, ab and gate alike.
/// </summary>
public sealed class Suite
{
    private readonly Lazy<(string Library, ManagedKernelSpec? Managed)> _build;

    private Suite(string name, SuiteManifest? manifest, Func<(string, ManagedKernelSpec?)> build, SuiteManifest? described = null)
    {
        Name = name;
        Manifest = manifest;
        Probe = (manifest ?? described)?.Probe;
        Controls = (manifest ?? described)?.Controls;
        Contrasts = (manifest ?? described)?.Contrasts ?? ContrastSpec.Default;
        _build = new Lazy<(string, ManagedKernelSpec?)>(build);
    }

    private static readonly Suite OwnSuite = Own();
    private static readonly AsyncLocal<Suite?> InForce = new();

    /// <summary>
    /// The suite in force for this command: the CLI sets it from <c>bench.json</c> or <c>BENCH_SUITE</c>
    /// (per call, so two commands run in one process, as tests do, each keep their own); else Bench's own.
    /// </summary>
    public static Suite Current
    {
        get => InForce.Value ?? OwnSuite;
        set => InForce.Value = value;
    }

    /// <summary>The suite's name: it names its baselines (<c>baselines/&lt;name&gt;--…</c>).</summary>
    public string Name { get; }

    /// <summary>What describes the suite; null: Bench's own.</summary>
    public SuiteManifest? Manifest { get; }

    /// <summary>The native kernel the CPU probe runs, as the suite's manifest names it; null: the library's first available kernel.</summary>
    public string? Probe { get; }

    /// <summary>The control benchmarks its manifest names (globs); null: the gate configuration's.</summary>
    public IReadOnlyList<string>? Controls { get; }

    /// <summary>What `bench cost` contrasts: its manifest's <c>"contrasts"</c>, else the default (style against none, provider toggled).</summary>
    public ContrastSpec Contrasts { get; }

    /// <summary>The kernel library (built first where the suite is built by its manifest).</summary>
    public string NativeLibrary => _build.Value.Library;

    /// <summary>The managed kernels (Bench's twins, or the suite's assembly); null: the suite has none.</summary>
    public ManagedKernelSpec? Managed => _build.Value.Managed;

    private IReadOnlyList<KernelInfo>? _managedKernels;

    /// <summary>The managed kernels' descriptions, read from their assembly once (none when the suite has no managed part).</summary>
    public IReadOnlyList<KernelInfo> ManagedKernels => _managedKernels ??= Managed is { } spec ? ManagedKernelAssembly.Load(spec).Kernels : [];

    /// <summary>
    /// Where Bench's own suite's manifest sits in Bench's repository: `ab --base` and `gate` build a
    /// base commit of Bench by it, as any suite's base is built by its manifest.
    /// </summary>
    public const string OwnManifest = "Benchmarks/" + SuiteManifest.FileName;

    /// <summary>Bench's own suite: the page_pool kernels and their managed twins, as the tool carries their build (beside it).</summary>
    public static Suite Own() => new(Baselines.BaselineStore.DefaultSuite, null, () => (NativeLibraryLocator.Resolve(0), ManagedKernelSpec.Default()),
        File.Exists(CarriedManifest) ? SuiteManifest.Read(CarriedManifest) : null);

    /// <summary>The copy of <see cref="OwnManifest"/> the tool carries beside it: its probe and controls.</summary>
    public static string CarriedManifest => Path.Combine(AppContext.BaseDirectory, "suite", SuiteManifest.FileName);

    /// <summary>A suite of its own, built (once, when first needed) by the commands of its manifest in the manifest's folder.</summary>
    public static Suite Of(SuiteManifest manifest, Action<string>? log = null) =>
        new(manifest.Name, manifest, () => Build(manifest, manifest.Folder, log));

    /// <summary>
    /// Where Bench's suite kit is: <c>Benchmarks/Native/{include,src,cmake}</c> (bench_suite.h,
    /// BenchSuite.cmake) and the managed contract, Bench.Suite.Contracts.dll. A manifest's build
    /// commands name it as <c>${BENCH_SDK}</c>.
    /// </summary>
    public static string SdkFolder => Path.Combine(AppContext.BaseDirectory, "suite-sdk");

    /// <summary>
    /// Runs <paramref name="manifest"/>'s build commands in <paramref name="folder"/> (the suite's
    /// folder, or the same folder in a worktree of another commit) and returns what they made.
    /// </summary>
    public static (string Library, ManagedKernelSpec? Managed) Build(SuiteManifest manifest, string folder, Action<string>? log)
    {
        var library = BuildPart(manifest, manifest.Native, "native", folder, log);
        // a probe the library lacks would leave every run without its CPU check, unsaid: refused here, naming the file
        if (manifest.Probe is { } probe && !Running.NativeLibraries.Load(library).Kernels.Any(k => k.Id == probe && k.Available))
            throw BenchException.Usage($"suite manifest {manifest.Path}: \"probe\" names '{probe}', which is not an available kernel of {library}: " +
                                       "name one of its native kernels (`bench list`), or leave \"probe\" out.");
        var managed = manifest.Managed is { } m ? new ManagedKernelSpec(BuildPart(manifest, m, "managed", folder, log)) : null;
        return (library, managed);
    }

    private static string BuildPart(SuiteManifest manifest, SuitePart part, string what, string folder, Action<string>? log)
    {
        foreach (var command in part.Build)
        {
            var words = command.Select(w => w.Replace(SuiteManifest.SdkVariable, SdkFolder, StringComparison.Ordinal)
                .Replace(SuiteManifest.ContractsVariable, typeof(Bench.Suite.IBenchKernel).Assembly.Location, StringComparison.Ordinal)).ToList();
            log?.Invoke($"building the suite '{manifest.Name}' ({what}) in {folder}: {string.Join(' ', words)}");
            Running.BaseBuild.RunStep(words[0], words.Skip(1).ToList(), folder, $"build the suite '{manifest.Name}' ({what}, {manifest.Path})");
        }
        var output = Path.GetFullPath(Path.Combine(folder, part.Output));
        if (!File.Exists(output))
            throw BenchException.Environment($"the suite '{manifest.Name}' was built, yet its {what} output {output} is missing: " +
                                             $"fix \"{what}\" in {manifest.Path} (its build commands, or the path they make).");
        return output;
    }
}
