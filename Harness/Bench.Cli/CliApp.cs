using System.CommandLine;
using Bench.Cli.Commands;
using Bench.Core;

namespace Bench.Cli;

/// <summary>The `bench` root: parse, refuse bad usage with exit code 2, run the verb, map errors to exit codes.</summary>
public static class CliApp
{
    public static RootCommand Build(TextWriter output, TextWriter error) => new("Bench: microbenchmarks of fast-path dispatch, and a regression gate.")
    {
        new ListCommand(output),
        new RunCommand(output, error),
        new CountCommand(output, error),
        new CompareCommand(output),
        new ImportCommand(output, error),
        new ReportCommand(output),
        new PostCommand(output, error),
        new GateCommand(output, error),
        new AbCommand(output, error),
        new CostCommand(output, error),
        new BaselineCommand(output, error),
        new VarianceCommand(output),
        new SelfTestCommand(output, error),
        new SystemCommand(output),
        new WorkerCommand(),
        new JitProbeCommand(),
    };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // a worker (one per launch) starts without the parser of every verb
        if (WorkerCommand.TryServe(args, out var served))
            return served;
        // the bundled suite's BenchmarkDotNet classes live beside this app, not in the core
        Bench.Core.Running.BenchRun.DotnetRunner ??= Dotnet.DotnetSuiteRunner.Run;
        // what bench prints reads the same under every locale (11.5 s, never 11,5 s), as its files do;
        // the culture flows into every task the verb starts, and is given back after
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            return RunGuarded(args, output, error);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static int RunGuarded(string[] args, TextWriter output, TextWriter error)
    {
        // every line of every verb, crashes included, goes through the redaction of the token (as given
        // and trimmed) and the neutralization of control and bidirectional characters
        var raw = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "";
        using var redactedOut = new Console.RedactingWriter(output, raw, raw.Trim());
        using var redactedErr = new Console.RedactingWriter(error, raw, raw.Trim());
        return RunRedacted(args, redactedOut, redactedErr);
    }

    private static int RunRedacted(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            // the suite the verb measures, chosen before parsing (options default to its name): bench.json here
            // (or BENCH_SUITE), else Bench's own; a worker is handed its libraries, and help needs no suite
            Core.Suites.Suite.Current = args is [] or ["worker" or "jit-probe", ..] || args.Any(a => a is "--help" or "-h" or "-?")
                ? Core.Suites.Suite.Own()
                : Core.Suites.SuiteManifest.Find(Environment.CurrentDirectory) is { } manifest
                    ? Core.Suites.Suite.Of(manifest, line => error.WriteLine($"bench: {line}"))
                    : Core.Suites.Suite.Own();
        }
        catch (BenchException e)
        {
            error.WriteLine($"bench: {e.Message}");
            return e.ExitCode;
        }
        var root = Build(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                error.WriteLine($"bench: {e.Message}");
            var verb = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            error.WriteLine($"See `bench {verb}--help`.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (BenchException e)
        {
            error.WriteLine($"bench: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            error.WriteLine($"bench: internal error (a bug in bench; please report it): {e}");
            return ExitCodes.InternalError;
        }
    }
}
