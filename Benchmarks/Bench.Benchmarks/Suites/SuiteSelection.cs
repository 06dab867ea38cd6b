using System.IO.Enumeration;

namespace Bench.Benchmarks.Suites;

/// <summary>
/// For the plain BenchmarkDotNet program: <see cref="Variable"/> narrows the suites' <c>Id</c>
/// parameter to the IDs matching a glob ('*' matches any characters, '/' included), since
/// BenchmarkDotNet's own <c>--filter</c> selects methods, not parameter values.
/// </summary>
public static class SuiteSelection
{
    public const string Variable = "BENCH_BDN_IDS";

    public static IEnumerable<string> Filter(IEnumerable<string> ids) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } glob
            ? ids.Where(id => FileSystemName.MatchesSimpleExpression(glob, id, ignoreCase: false))
            : ids;
}
