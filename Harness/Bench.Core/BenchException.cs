namespace Bench.Core;

/// <summary>An error meant for the user: the message says what happened, where, and the fix.</summary>
public class BenchException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static BenchException Usage(string message) => new(message, ExitCodes.UsageError);
    public static BenchException Environment(string message, Exception? inner = null) => new(message, ExitCodes.EnvironmentProblem, inner);
}
