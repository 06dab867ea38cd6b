using System.CommandLine;
using Bench.Core.Baselines;
using Bench.Core.Hosting;
using Bench.Core.Reporting;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench baseline save | show | list`: the stored baselines, keyed by machine fingerprint.</summary>
internal sealed class BaselineCommand : Command
{
    public BaselineCommand(TextWriter output) : base("baseline", "Save, show and list the stored baselines (one per suite and machine).")
    {
        Add(Save(output));
        Add(Show(output));
        Add(List(output));
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
            var store = new BaselineStore(parse.GetValue(dir)!);
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
                ? $"the gate rebuilds commit {source.Commit} and runs it paired with this build: cycles and instructions are judged on this machine"
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
            var store = new BaselineStore(parse.GetValue(dir)!);
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
