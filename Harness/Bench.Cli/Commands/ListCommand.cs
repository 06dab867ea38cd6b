using System.CommandLine;
using Bench.Core.Catalog;
using Bench.Core.Running;

namespace Bench.Cli.Commands;

/// <summary>`bench list`: the permanent benchmark IDs.</summary>
internal sealed class ListCommand : Command
{
    public ListCommand(TextWriter output) : base("list", "List the permanent benchmark IDs (unavailable ones say why).")
    {
        var filter = CommonOptions.Filter();
        Add(filter);
        SetAction(parse =>
        {
            var library = NativeLibraries.LoadDefault();
            var selected = BenchmarkCatalog.ForRun(library.Kernels, crossCheck: true).Select(new BenchmarkFilter(parse.GetValue(filter)));
            foreach (var b in selected)
                output.WriteLine(b.Available ? b.Id : $"{b.Id}  (unavailable: {b.UnavailableReason})");
            return 0;
        });
    }
}
