using System.CommandLine;
using Bench.Core.Baselines;
using Bench.Core.Hosting;
using Bench.Core.Reporting;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench baseline save | show | list`: the stored baselines, keyed by machine fingerprint.</summary>
internal sealed class BaselineCommand : Command
{
    public BaselineCommand(TextWriter output, TextWriter error) : base("baseline", "Save, show, list and build the stored baselines (one per suite and machine).")
    {
        Add(Save(output));
        Add(Show(output));
        Add(List(output));
        Add(Build(output, error));
    }

    private static Command Build(TextWriter output, TextWriter error)
    {
        var cmd = new Command("build", "Build now what a paired gate needs before it measures: every baseline's commit (in a worktree, kept in the cache) " +
                                       "and this build's layout variants. CI warms its cache with it; `.ci/pack` bundles the result into the tool package (--bundle).");
        var (dir, suite, cache) = (CommonOptions.Baselines(), CommonOptions.Suite(), CommonOptions.CacheOption());
        var bundle = new Option<string?>("--bundle")
        {
            Description = "Also write what the tool package carries into DIR, a new or empty folder (a bundle written there before is replaced whole): the base builds, trimmed to what a worker loads, and the layouts.",
            HelpName = "DIR",
        };
        cmd.Add(dir);
        cmd.Add(suite);
        cmd.Add(cache);
        cmd.Add(bundle);
        cmd.SetAction(parse =>
        {
            var store = new BaselineStore(CommonOptions.BaselinesToRead(parse, dir, output));
            var repo = BaselineBuild.Repository(store.Directory);
            var buildCache = CommonOptions.Cache(parse, cache) ?? throw Core.BenchException.Usage("--cache none keeps nothing, so there is nothing to build ahead: give a folder or leave --cache out.");
            Action<string> say = line => error.WriteLine($"bench: {line}");
            var built = new List<CachedBuild>();
            var entries = store.List(parse.GetValue(suite)!);
            foreach (var commit in entries.GroupBy(e => e.Document.Host.Commit ?? ""))
            {
                var e = commit.First();
                var names = string.Join(", ", commit.Select(x => Path.GetFileName(x.Path)));
                if (BaselineBuild.WhyUnavailable(e, repo) is { } why)
                {
                    output.WriteLine($"not built: {why}");
                    continue;
                }
                using var b = BaseBuild.Create(commit.Key, repo!, say, buildCache, Core.Suites.Suite.Current.Manifest);
                output.WriteLine($"built: commit {commit.Key[..12]} of {names}: {b.CachedAt}");
                built.Add(buildCache.Find(commit.Key)!);
            }
            var layouts = NativeLayouts.For(NativeLibraries.LoadDefault().Path, NativeLayouts.DefaultCount, say);
            output.WriteLine(layouts.Unavailable is null
                ? $"layouts: {layouts.Libraries.Count} of this build in {Path.GetDirectoryName(layouts.Libraries[0])}"
                : $"layouts: this build has one only: {layouts.Unavailable}");
            if (parse.GetValue(bundle) is { } into)
            {
                ToolBundle.Write(into, built, layouts);
                output.WriteLine($"bundle: {Path.GetFullPath(into)} ({built.Count} base build{(built.Count == 1 ? "" : "s")}{(layouts.Unavailable is null ? ", layouts" : ", no layouts")})");
            }
            if (entries.Count == 0)
                output.WriteLine($"no {parse.GetValue(suite)} baseline in {store.Directory}/: nothing to build.");
            return built.Count > 0 || entries.Count == 0 ? 0 : Core.ExitCodes.NoComparableBaseline;
        });
        return cmd;
    }

    private static Command Save(TextWriter output)
    {
        var cmd = new Command("save", "Store a results file as the baseline for the machine it was measured on (atomic; never replaces one without --force).");
        var results = new Argument<string>("RESULTS") { Description = "A results file from `bench run`.", DefaultValueFactory = _ => "results.json" };
        var force = new Option<bool>("--force") { Description = "Replace an existing baseline for this suite and machine." };
        var allowDirty = new Option<bool>("--allow-dirty")
        {
            Description = "Save figures measured from a dirty tree: no commit holds their code, so the gate cannot rebuild them and judges the stored figures only.",
        };
        cmd.Add(allowDirty);
        var (dir, suite) = (CommonOptions.Baselines(), CommonOptions.Suite());
        cmd.Add(results);
        cmd.Add(force);
        cmd.Add(dir);
        cmd.Add(suite);
        cmd.SetAction(parse =>
        {
            var path = new BaselineStore(parse.GetValue(dir)!).Save(parse.GetValue(results)!, parse.GetValue(suite)!, parse.GetValue(force), parse.GetValue(allowDirty));
            output.WriteLine($"saved {path}");
            return 0;
        });
        return cmd;
    }

    private static Command Show(TextWriter output)
    {
        var cmd = new Command("show", "Print the baseline the gate would use on this machine: what it was built from, and whether the gate can rebuild it.");
        var (dir, suite) = (CommonOptions.Baselines(), CommonOptions.Suite());
        cmd.Add(dir);
        cmd.Add(suite);
        cmd.SetAction(parse =>
        {
            var host = HostProbe.Describe(NativeLibraries.LoadDefault().BuildInfo);
            var store = new BaselineStore(CommonOptions.BaselinesToRead(parse, dir, output));
            var source = BaselineBuild.Choose(store, parse.GetValue(suite)!, host);
            var entry = source.Entry ?? store.FindFor(parse.GetValue(suite)!, host);
            var doc = entry.Document;
            output.WriteLine($"{entry.Path}: saved from a run of {doc.CreatedUtc:yyyy-MM-dd HH:mm}Z, commit {doc.Host.Commit ?? "unknown"}{(doc.Host.CommitDirty == true ? " (dirty)" : "")}");
            output.WriteLine($"machine: {entry.Fingerprint.Describe()}");
            output.WriteLine($"build: commit {doc.Host.Commit ?? "unknown"}{(doc.Host.CommitDirty == true ? " (dirty: the gate cannot rebuild it)" : "")}; " +
                             $"{doc.Host.Compiler} {doc.Host.CompilerFlags}; {doc.Host.DotnetRuntime}; static key {doc.Host.StaticKey.Implementation}; " +
                             $"tool {doc.Tool.Name} {doc.Tool.Version}");
            output.WriteLine($"profile: {doc.Run.Profile}, {doc.Benchmarks.Count} benchmarks");
            output.WriteLine(source.Paired
                ? $"the gate {(source.Bundled is null ? "rebuilds" : "takes the build this tool carries of")} commit {source.Commit} and runs it paired with this build: cycles and instructions are judged on this machine"
                : $"the gate cannot rebuild it: {source.WhyNotPaired}");
            output.Write(RunTableRenderer.Render(doc));
            return 0;
        });
        return cmd;
    }

    private static Command List(TextWriter output)
    {
        var cmd = new Command("list", "List every stored baseline and whether it matches this machine.");
        var dir = CommonOptions.Baselines();
        cmd.Add(dir);
        cmd.SetAction(parse =>
        {
            var store = new BaselineStore(CommonOptions.BaselinesToRead(parse, dir, output));
            var here = MachineFingerprint.Of(HostProbe.Describe(NativeLibraries.LoadDefault().BuildInfo));
            var all = store.List();
            if (all.Count == 0)
                output.WriteLine($"no baselines in {store.Directory}/; record one with `./bench run --with-count --out results.json && ./bench baseline save results.json`.");
            foreach (var e in all)
            {
                var diff = e.Fingerprint.Differences(here);
                output.WriteLine($"{(diff.Count == 0 ? "this machine " : "other machine")}  {Path.GetFileName(e.Path)}  {e.Document.CreatedUtc:yyyy-MM-dd}  {e.Document.Benchmarks.Count} benchmarks  {e.Fingerprint.Describe()}");
                foreach (var d in diff)
                    output.WriteLine($"    differs: {d} (here)");
            }
            return 0;
        });
        return cmd;
    }
}
