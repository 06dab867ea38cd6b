namespace Bench.Core;

/// <summary>The CI contract: what each exit code of <c>bench</c> means. Documented in docs/reference.md (the four a gate ends with also in the README).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for ran, and no regression was found.</summary>
    public const int Success = 0;
    /// <summary>A regression was found (gate).</summary>
    public const int RegressionFound = 1;
    /// <summary>Bad command line or bad input file: the message names the file and the fix.</summary>
    public const int UsageError = 2;
    /// <summary>Some verdicts stayed Unknown after the last look (gate).</summary>
    public const int Inconclusive = 3;
    /// <summary>No baseline for this machine, or one from another machine (gate).</summary>
    public const int NoComparableBaseline = 4;
    /// <summary>Something the tool needs is missing: the native library, valgrind, a writable folder.</summary>
    public const int EnvironmentProblem = 5;
    /// <summary>A benchmark crashed or failed its own checks (e.g. page accounting); the others still ran.</summary>
    public const int BenchmarkFailed = 6;
    /// <summary>`bench post --fail-on-post-error`: GitHub refused or could not be reached; without the flag a failed post exits 0 with a warning.</summary>
    public const int PostFailed = 7;
    /// <summary>A bug in bench itself.</summary>
    public const int InternalError = 70;
}
