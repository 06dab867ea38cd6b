using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Suites;
using Bench.Core;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Dotnet;

namespace Bench.Cli.Dotnet;

/// <summary>
/// Runs the managed twins (and, asked for, the native kernels as a cross-check)
/// under BenchmarkDotNet with its default out-of-process toolchain, so each
/// benchmark gets processes of its own with the job's environment (tiered PGO
/// on or off, the managed static key), and imports every raw measurement: per
/// element ns, and cycles(tsc) through the TSC frequency the native side recorded.
/// </summary>
public static class DotnetSuiteRunner
{
    public static string BenchmarkDotNetVersion { get; } =
        typeof(BenchmarkRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static IReadOnlyList<BenchmarkResult> Run(DotnetRunRequest request, IProgress<RunProgress>? progress = null)
    {
        if (request.Ids.Count == 0)
            return [];
        // BenchmarkDotNet's processes inherit this environment: the plain program's injection switch would slip into Bench's figures
        if (Environment.GetEnvironmentVariable(Bench.Benchmarks.Managed.ManagedInjection.Variable) is { Length: > 0 } inject && inject != "0")
            throw BenchException.Usage($"{Bench.Benchmarks.Managed.ManagedInjection.Variable}={inject} is set: BenchmarkDotNet's processes would run the twins with " +
                                       "injected calls. It is for the plain BenchmarkDotNet program; unset it to measure the real code.");
        var root = SourceTree.Root();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.LogPath))!);
        using var log = new StreamWriter(request.LogPath, append: false);
        var artifacts = Path.Combine(Path.GetTempPath(), $"bench-bdn-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var jobs = new[] { Job(true, request), Job(false, request) };
        var wanted = request.Ids.ToHashSet();
        var runs = request.Thorough ? 3 : request.Launches;
        var config = Config(jobs, new ProgressLogger(new StreamLogger(log), progress, request.Ids.Count * runs), artifacts);
        var infos = new[] { typeof(ManagedSuite), typeof(NativeSuite) }
            .Select(t => Select(BenchmarkConverter.TypeToBenchmarks(t, config), wanted))
            .Where(i => i.BenchmarksCases.Length > 0)
            .ToArray();
        // BenchmarkDotNet builds a project from the benchmarks' source, found from the current directory.
        var previous = Environment.CurrentDirectory;
        Summary[] summaries;
        try
        {
            Environment.CurrentDirectory = root;
            summaries = BenchmarkRunner.Run(infos);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            TryDelete(artifacts);
        }
        var results = summaries.SelectMany(s => s.Reports).Select(r => Import(r, request)).ToDictionary(r => r.Id);
        return request.Ids.Select(id => results.GetValueOrDefault(id) ?? NotRun(id, request)).ToList();
    }

    /// <summary>The ID a BenchmarkDotNet case stands for.</summary>
    private static string IdOf(BenchmarkCase c)
    {
        var kernel = (string)c.Parameters["Id"];
        var pgo = BenchJobs.PgoOf(c.Job) == "on";
        if (Bench.Core.Catalog.BenchmarkId.Parse(kernel) is { Implementation: Bench.Core.Catalog.BenchmarkId.Native, Prefixed: true })
            return pgo ? kernel + DotnetIds.BdnSuffix : "";
        return pgo ? kernel : kernel + DotnetIds.PgoOffSuffix;
    }

    private static BenchmarkRunInfo Select(BenchmarkRunInfo all, HashSet<string> wanted) =>
        new(all.BenchmarksCases.Where(c => wanted.Contains(IdOf(c))).ToArray(), all.Type, all.Config);

    private static Job Job(bool pgo, DotnetRunRequest request)
    {
        var job = request.Thorough ? BenchJobs.Thorough(pgo) : BenchJobs.Quick(pgo, request.Launches);
        // as the native workers: one CPU, so a process cannot move between vCPUs of different speeds
        return request.Cpu is { } cpu && cpu < 64 ? job.WithAffinity((IntPtr)(1L << cpu)) : job;
    }

    private static IConfig Config(IEnumerable<Job> jobs, ILogger logger, string artifacts)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(jobs.ToArray())
            .AddLogger(logger)
            .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
            // keeps the optimizations validator: a Debug build of the benchmarks is refused, not measured
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
        return config;
    }

    private static BenchmarkResult Import(BenchmarkReport report, DotnetRunRequest request)
    {
        var id = IdOf(report.BenchmarkCase);
        var job = report.BenchmarkCase.Job;
        var measurements = report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .OrderBy(m => m.LaunchIndex).ThenBy(m => m.IterationIndex)
            .ToList();
        var ns = measurements.Select(m => m.Nanoseconds / m.Operations).ToArray();
        var ok = report.Success && ns.Length > 0 && ns.All(double.IsFinite);
        var perLaunch = measurements.GroupBy(m => m.LaunchIndex).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        var kernel = DotnetIds.Kernel(id);
        var managed = DotnetIds.IsManaged(id);
        var info = managed ? Bench.Benchmarks.Managed.ManagedKernels.Find(kernel) : null;
        return new BenchmarkResult
        {
            Id = id,
            Implementation = managed ? "managed" : "native",
            Tags = info is not null ? BenchmarkResult.TagsOf(info.Case, info.Style, Bench.Core.Catalog.BenchmarkDescriptor.ProviderName(info.Provider)) : TagsOf(kernel),
            Status = ok ? BenchmarkStatus.Ok : BenchmarkStatus.Failed,
            Error = ok ? null : $"BenchmarkDotNet took no measurements ({Failure(report)}); its log is {request.LogPath}",
            Loops = (ulong)(managed ? SuiteConstants.Loops : SuiteConstants.NativeLoops),
            SamplesPerLaunch = ok ? perLaunch : [],
            Metrics = ok
                ? new Dictionary<string, MetricSeries>
                {
                    [MetricNames.Cycles] = new(MetricNames.CyclesUnit, ns.Select(v => v * request.TimerFrequencyHz / 1e9).ToArray()),
                    [MetricNames.Nanoseconds] = new(MetricNames.NanosecondsUnit, ns),
                }
                : new Dictionary<string, MetricSeries>(),
            Runner = Runner(job, report, request, managed ? SuiteConstants.Loops : SuiteConstants.NativeLoops),
        };
    }

    private static RunnerInfo Runner(Job job, BenchmarkReport report, DotnetRunRequest request, int loops) => new()
    {
        Name = "BenchmarkDotNet",
        Version = BenchmarkDotNetVersion,
        Job = job.Id,
        Pgo = BenchJobs.PgoOf(job),
        Toolchain = job.Infrastructure.Toolchain?.Name ?? "CsProjCoreToolchain (BenchmarkDotNet's default: a project built and run out of process)",
        Environment = (job.Environment.EnvironmentVariables ?? []).ToDictionary(v => v.Key, v => v.Value),
        Cpu = request.Cpu,
        Runtime = report.GetRuntimeInfo() ?? "unknown",
        OperationsPerInvoke = loops,
        InvocationsPerIteration = job.Run.HasValue(RunMode.InvocationCountCharacteristic) ? job.Run.InvocationCount : null,
        CyclesFrom = $"ns x {request.TimerFrequencyHz.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} Hz (the recorded TSC frequency)",
    };

    private static string Failure(BenchmarkReport report)
    {
        if (!report.BuildResult.IsBuildSuccess)
            return "the build failed: " + (report.BuildResult.ErrorMessage ?? "see the log");
        var errors = report.ExecuteResults.SelectMany(r => r.Errors).Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        return errors.Count > 0 ? string.Join("; ", errors.Take(3)).ReplaceLineEndings(" ") : "the benchmark process failed";
    }

    private static BenchmarkResult NotRun(string id, DotnetRunRequest request) => new()
    {
        Id = id,
        Implementation = DotnetIds.IsManaged(id) ? "managed" : "native",
        Tags = TagsOf(DotnetIds.Kernel(id)),
        Status = BenchmarkStatus.Failed,
        Error = $"BenchmarkDotNet did not report it; its log is {request.LogPath}",
        Metrics = new Dictionary<string, MetricSeries>(),
    };

    /// <summary>The tags case, style, provider from <c>impl/case[/style/provider-x]</c>.</summary>
    private static IReadOnlyDictionary<string, string> TagsOf(string kernel)
    {
        var b = Bench.Core.Catalog.BenchmarkId.Parse(kernel);
        return BenchmarkResult.TagsOf(b.Case, b.Style, b.Provider);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Everything to the log file; a progress step at each benchmark BenchmarkDotNet starts.</summary>
    private sealed class ProgressLogger(ILogger inner, IProgress<RunProgress>? progress, int total) : ILogger
    {
        private int _done;
        public string Id => "bench-progress";
        public int Priority => 0;

        public void Write(LogKind logKind, string text) => inner.Write(logKind, text);

        public void WriteLine() => inner.WriteLine();

        public void WriteLine(LogKind logKind, string text)
        {
            inner.WriteLine(logKind, text);
            // one "// Execute:" line per benchmark process
            if (text.StartsWith("// Execute: ", StringComparison.Ordinal))
                progress?.Report(new RunProgress(Math.Min(_done++, total), total, "BenchmarkDotNet", "process " + _done));
        }

        public void Flush() => inner.Flush();
    }
}
