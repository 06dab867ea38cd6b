using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Bench.Suite.Host;
using Bench.Core.Running.Dotnet;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running.Managed;

/// <summary>What a worker found in a build of the managed twins, and how it runs them.</summary>
/// <param name="Assembly">The assembly's path.</param>
/// <param name="Mvid">Its module version ID: two builds of different code differ here.</param>
/// <param name="Runtime">The .NET runtime of the worker.</param>
/// <param name="TieredPgo">"on" (the runtime's default) or "off" (<c>DOTNET_TieredPGO=0</c> in the worker's environment).</param>
/// <param name="InjectCalls">Injected calls per element (0: the real code).</param>
/// <param name="Timer">What times a sample.</param>
public sealed record ManagedBuildInfo(string Assembly, string Mvid, string Runtime, string TieredPgo, int InjectCalls, string Timer);

/// <summary>
/// One build of the managed twins in a worker. Every kernel opened gets a load context of its
/// own with a fresh copy of the assembly: its own code, its own tiered-PGO profile, its own
/// static key and injection, as a process of its own gives it (provider-on and -off kernels of one
/// style share their generic code within one copy, and the profile of whichever ran first would
/// shape the other's tier-1 code), while it shares the process, and so the pinned CPU, with
/// everything else the launch runs. The copy resolves everything but itself from the default
/// context; the kernels use nothing outside the base library. A sample is one call of the
/// kernel's loop between two monotonic clock reads (the vDSO's clock_gettime, 1 ns resolution,
/// about 20 ns a read against a loop of a quarter of a millisecond).
/// </summary>
public sealed class ManagedKernelAssembly : IWorkerLibrary
{
    /// <summary>Elements per managed sample before calibration: 2^16 makes one 0.3 to 1.5 ms here, so the call into the loop is a few parts in a million of it.</summary>
    public const ulong DefaultLoops = 1 << 16;

    // builds of Bench's twins from before the suite contract (a baseline's build, an old --base): read by these names
    private const string LegacyKernelsType = "Bench.Benchmarks.Managed.ManagedKernels";
    private const string LegacyInjectionType = "Bench.Benchmarks.Managed.ManagedInjection";

    private readonly ManagedKernelSpec _spec;
    private readonly ManagedBuildInfo _build;

    // per kernel, how its load context opens it; null: a build from before the contract (by its legacy Open)
    private readonly IReadOnlyList<Entry>? _entries;

    /// <summary>A kernel of a suite's assembly: the class that is it, or the catalog that opens it by <paramref name="CatalogId"/>.</summary>
    private sealed record Entry(string TypeName, string? CatalogId);

    private ManagedKernelAssembly(ManagedKernelSpec spec, ManagedBuildInfo build, IReadOnlyList<KernelInfo> kernels, IReadOnlyList<Entry>? entries)
    {
        _spec = spec;
        _build = build;
        Kernels = kernels;
        _entries = entries;
    }

    public IReadOnlyList<KernelInfo> Kernels { get; }

    public WorkerLibrary Describe() => new(null, Kernels) { Managed = _build };

    /// <summary>Whether this process runs with tiered PGO off: the kernels' IDs then carry <see cref="DotnetIds.PgoOffSuffix"/>.</summary>
    public static bool PgoOff => Environment.GetEnvironmentVariable(RuntimeVariables.Pgo) == "0";

    private static string Suffix => PgoOff ? DotnetIds.PgoOffSuffix : "";

    public static ManagedKernelAssembly Load(ManagedKernelSpec spec)
    {
        var path = Path.GetFullPath(spec.AssemblyPath);
        if (!File.Exists(path))
            throw BenchException.Environment($"the managed kernels' assembly {path} is missing: build the suite (Bench's own: `dotnet build -c Release`).");
        var catalog = LoadCopy(path, "bench-catalog");
        var found = Catalog(path, catalog);
        if (found is null && catalog.GetType(LegacyKernelsType) is { } legacy)
            return LoadLegacy(spec, path, catalog, legacy);
        if (found is null)
            throw BenchException.Environment($"{path} holds no managed kernel: neither a class marked [Bench.Suite.BenchKernel] nor a Bench.Suite.IBenchKernelCatalog. " +
                                             "Mark each kernel class (or add a catalog), implement Bench.Suite.IBenchKernel, and rebuild.");
        if (spec.InjectCalls > 0 && catalog.GetCustomAttribute<Bench.Suite.TakesInjectedCallsAttribute>() is null)
            throw BenchException.Usage($"{path} does not say [assembly: Bench.Suite.TakesInjectedCalls]: its kernels cannot take an injected regression (#inject-calls).");
        return new ManagedKernelAssembly(spec with { AssemblyPath = path }, BuildInfo(path, catalog, spec.InjectCalls), found.Value.Kernels, found.Value.Entries);
    }

    private static ManagedBuildInfo BuildInfo(string path, Assembly catalog, int injectCalls) =>
        new(path, catalog.ManifestModule.ModuleVersionId.ToString("n"), RuntimeInformation.FrameworkDescription,
            PgoOff ? "off" : "on", injectCalls, "Stopwatch.GetTimestamp (clock_gettime CLOCK_MONOTONIC), ns");

    private static Assembly LoadCopy(string path, string name) => new KernelLoadContext(name).LoadFromAssemblyPath(path);

    /// <summary>
    /// A suite's assembly through the contract: every public class marked <see cref="Bench.Suite.BenchKernelAttribute"/>
    /// that implements <see cref="Bench.Suite.IBenchKernel"/> is a kernel, and so is every kernel a
    /// <see cref="Bench.Suite.IBenchKernelCatalog"/> lists; each is <c>managed/</c> + its ID. A class that
    /// cannot be one, an ID outside the grammar or used twice, or bad tags are refused here, before anything
    /// runs. Null: the assembly has neither.
    /// </summary>
    private static (List<KernelInfo> Kernels, List<Entry> Entries)? Catalog(string path, Assembly catalog)
    {
        Type[] types;
        try
        {
            types = catalog.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw BenchException.Environment($"{path}: its types cannot be loaded ({e.LoaderExceptions.FirstOrDefault()?.Message}): build it against this Bench's Bench.Suite.Contracts.dll.");
        }
        var kernels = new List<KernelInfo>();
        var entries = new List<Entry>();
        void Add(string id, string tags, Entry entry, Func<string, string> refuse)
        {
            if (!Suites.SuiteIds.IsValid(id))
                throw BenchException.Environment(refuse($"has an ID outside the grammar: {Suites.SuiteIds.Grammar}."));
            var full = "managed/" + id + Suffix;
            if (kernels.Any(k => k.Id == full))
                throw BenchException.Environment(refuse("has the ID of another kernel of the assembly: every kernel needs an ID of its own."));
            var given = KernelInfo.ParseTags(tags, out var problem);
            if (problem is not null)
                throw BenchException.Environment(refuse($"has tags \"{tags}\": {problem}; tags are space-separated key=value pairs."));
            var @case = given.GetValueOrDefault(KernelInfo.CaseTag, "kernel");
            var style = given.GetValueOrDefault(KernelInfo.StyleTag);
            var provider = given.GetValueOrDefault(KernelInfo.ProviderTag);
            kernels.Add(new KernelInfo(kernels.Count, full, @case, style, provider switch { "on" => true, "off" => false, _ => null }, true, null, DefaultLoops)
                { Tags = KernelInfo.TagsFrom(tags, @case, style, provider, out _) });
            entries.Add(entry);
        }
        foreach (var t in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (t.GetCustomAttribute<Bench.Suite.BenchKernelAttribute>() is { } mark)
            {
                string Refuse(string why) => $"{path}: the class {t.FullName} marked [BenchKernel(\"{mark.Id}\")] {why}";
                if (!typeof(Bench.Suite.IBenchKernel).IsAssignableFrom(t) || t.IsAbstract || !t.IsPublic)
                    throw BenchException.Environment(Refuse("must be a public, non-abstract class that implements Bench.Suite.IBenchKernel."));
                if (t.GetConstructor(Type.EmptyTypes) is null)
                    throw BenchException.Environment(Refuse("needs a public parameterless constructor (it is the kernel's setup)."));
                Add(mark.Id, mark.Tags, new Entry(t.FullName!, null), Refuse);
            }
            else if (typeof(Bench.Suite.IBenchKernelCatalog).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            {
                if (!t.IsPublic || t.GetConstructor(Type.EmptyTypes) is null)
                    throw BenchException.Environment($"{path}: the catalog {t.FullName} must be a public class with a public parameterless constructor.");
                IReadOnlyList<Bench.Suite.BenchKernelDescription> listed;
                try
                {
                    listed = ((Bench.Suite.IBenchKernelCatalog)Activator.CreateInstance(t)!).Kernels;
                }
                catch (Exception e)
                {
                    // its constructor (wrapped by reflection) or its list (called directly): the suite's code failed
                    throw BenchException.Environment($"{path}: the catalog {t.FullName} failed to list its kernels: {(e is TargetInvocationException { InnerException: { } inner } ? inner : e).Message}");
                }
                if (listed is null || listed.Any(d => d is null || d.Id is null))
                    throw BenchException.Environment($"{path}: the catalog {t.FullName} lists no kernels, a null one, or one without an ID: list each with BenchKernelDescription(id, tags).");
                foreach (var d in listed)
                    Add(d.Id, d.Tags ?? "", new Entry(t.FullName!, d.Id), why => $"{path}: the kernel \"{d.Id}\" of the catalog {t.FullName} {why}");
            }
        }
        return kernels.Count == 0 ? null : (kernels, entries);
    }

    /// <summary>A build of Bench's twins from before the suite contract: its kernels read from its <c>ManagedKernels.All</c>.</summary>
    private static ManagedKernelAssembly LoadLegacy(ManagedKernelSpec spec, string path, Assembly catalog, Type type)
    {
        if (spec.InjectCalls > 0 && catalog.GetType(LegacyInjectionType) is null)
            throw BenchException.Environment($"{path} has no {LegacyInjectionType}: this build of the managed twins cannot take an injected regression.");
        var all = (System.Collections.IEnumerable)(type.GetProperty("All")?.GetValue(null)
                                                   ?? throw BenchException.Environment($"{path}: {LegacyKernelsType}.All is missing"));
        var kernels = new List<KernelInfo>();
        foreach (var k in all)
        {
            var t = k.GetType();
            T Get<T>(string name) => (T)t.GetProperty(name)!.GetValue(k)!;
            kernels.Add(new KernelInfo(kernels.Count, Get<string>("Id") + Suffix, Get<string>("Case"), (string?)t.GetProperty("Style")!.GetValue(k),
                (bool?)t.GetProperty("Provider")!.GetValue(k), true, null, DefaultLoops));
        }
        return new ManagedKernelAssembly(spec with { AssemblyPath = path }, BuildInfo(path, catalog, spec.InjectCalls), kernels, null);
    }

    /// <summary>A twin of a build from before the contract, in a load context of its own, opened by its ID.</summary>
    private object OpenLegacy(string id)
    {
        var copy = LoadCopy(_spec.AssemblyPath, "bench-kernel " + id);
        var open = copy.GetType(LegacyKernelsType, throwOnError: true)!.GetMethod("Open", [typeof(string)])
                   ?? throw new MissingMethodException($"{LegacyKernelsType}.Open(string) is missing: not a build of the twins this bench can drive");
        return open.Invoke(null, [id]) ?? throw new MissingMethodException($"{LegacyKernelsType}.Open returned nothing for {id}");
    }

    /// <summary>A suite's kernel in a load context of its own: its class's constructor is its setup, or its catalog opens it.</summary>
    private object OpenEntry(Entry entry, string id)
    {
        var copy = LoadCopy(_spec.AssemblyPath, "bench-kernel " + id);
        var type = copy.GetType(entry.TypeName, throwOnError: true)!;
        var made = Activator.CreateInstance(type) ?? throw new MissingMethodException($"{type.FullName} could not be created");
        if (entry.CatalogId is null)
            return made;
        try
        {
            return ((Bench.Suite.IBenchKernelCatalog)made).Open(entry.CatalogId);
        }
        catch (Exception e)
        {
            // the suite's code failed to set the kernel up: reported as its failure to open, as a constructor's is
            throw new TargetInvocationException(e);
        }
    }

    public IWorkerSession? Open(int index, out NativeStatus status, out string? error)
    {
        if (index < 0 || index >= Kernels.Count)
        {
            (status, error) = (NativeStatus.InvalidArgument, $"no managed kernel {index} (the build has {Kernels.Count})");
            return null;
        }
        var id = DotnetIds.Kernel(Kernels[index].Id);
        // read by the copy's ManagedInjection when Open initialises it: set for this copy alone, as kernels open one at a time
        AppContext.SetData(Bench.Suite.BenchInjection.DataName, _spec.InjectCalls);
        object kernel;
        try
        {
            kernel = _entries is not null ? OpenEntry(_entries[index], id) : OpenLegacy(id);
        }
        catch (Exception e) when (e is TargetInvocationException or IOException or BadImageFormatException or TypeLoadException or MissingMethodException)
        {
            (status, error) = (NativeStatus.InvalidArgument, $"cannot open {id} from {_spec.AssemblyPath}: {(e.InnerException ?? e).Message}");
            return null;
        }
        finally
        {
            AppContext.SetData(Bench.Suite.BenchInjection.DataName, null);
        }
        if (kernel is Bench.Suite.IBenchKernel suiteKernel)
        {
            (status, error) = (NativeStatus.Ok, null);
            return new Session(id, suiteKernel.Run, suiteKernel.Close);
        }
        var type = kernel.GetType();
        if (type.GetMethod("Run", [typeof(ulong)]) is not { ReturnType: var r } runMethod || r != typeof(ulong)
            || type.GetMethod("Close", Type.EmptyTypes) is not { ReturnType: var c } closeMethod || c != typeof(string))
        {
            (status, error) = (NativeStatus.InvalidArgument, $"cannot open {id} from {_spec.AssemblyPath}: its kernels lack Run(ulong) -> ulong or Close() -> string");
            return null;
        }
        var run = (Func<ulong, ulong>)Delegate.CreateDelegate(typeof(Func<ulong, ulong>), kernel, runMethod);
        var close = (Func<string?>)Delegate.CreateDelegate(typeof(Func<string?>), kernel, closeMethod);
        (status, error) = (NativeStatus.Ok, null);
        return new Session(id, run, close);
    }

    public void Crash() => Environment.FailFast("bench: test crash in a managed kernel");

    /// <summary>
    /// Brings every open managed kernel to tier-1 code: their objects promoted to the oldest
    /// generation first (a later collection would move them), then every kernel's loop in turn
    /// until the JIT has been quiet (<see cref="JitWarmup"/>). Returns how long it took and whether the JIT went quiet.
    /// </summary>
    public static (TimeSpan Took, bool Quiet) Settle(IReadOnlyList<IWorkerSession> sessions, TimeSpan limit, bool pause = false)
    {
        var managed = sessions.OfType<Session>().ToList();
        if (managed.Count == 0)
            return (TimeSpan.Zero, true);
        GC.Collect();
        GC.Collect();
        var took = JitWarmup.UntilQuiet(() =>
        {
            foreach (var s in managed)
                s.Warm();
        }, limit: limit, pause: pause);
        return (took, took < limit);
    }

    private sealed class Session(string id, Func<ulong, ulong> run, Func<string?> close) : IWorkerSession
    {
        /// <summary>Elements per warm-up call: enough for the loop's on-stack replacement, short enough for many calls.</summary>
        private const ulong WarmLoops = 128;

        public void Warm()
        {
            if (run(WarmLoops) != WarmLoops)
                throw new InvalidOperationException($"{id}: the pool ran dry while warming up");
        }

        public NativeStatus Sample(ulong loops, out KernelSample sample, out string? error)
        {
            var start = Stopwatch.GetTimestamp();
            var ran = run(loops);
            var end = Stopwatch.GetTimestamp();
            var ns = (ulong)Math.Round((end - start) * (1e9 / Stopwatch.Frequency));
            sample = new KernelSample(ran, 0, ns);
            if (ran != loops)
            {
                error = $"{id} ran {ran} of {loops} elements: the pool ran dry";
                return NativeStatus.Short;
            }
            error = ns == 0 ? $"{id}: a sample of {loops} elements took no measurable time" : null;
            return ns == 0 ? NativeStatus.ZeroInterval : NativeStatus.Ok;
        }

        public string? Close() => close();
    }

    /// <summary>A private copy of the twins' assembly; everything else comes from the default context.</summary>
    private sealed class KernelLoadContext(string name) : AssemblyLoadContext(name, isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
