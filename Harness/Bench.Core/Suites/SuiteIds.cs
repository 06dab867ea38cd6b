using System.Text.RegularExpressions;

namespace Bench.Core.Suites;

/// <summary>The grammar of a suite kernel's ID (its tags: <see cref="Bench.Suite.Host.KernelInfo.ParseTags"/>): the same rules as bench_suite.h's registry applies to native kernels.</summary>
public static partial class SuiteIds
{
    public const string Grammar = "one to four segments of [a-z0-9._+-] joined by '/', e.g. \"lookup/switch\"";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= 160 } && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[a-z0-9._+\-]+(/[a-z0-9._+\-]+){0,3}$")]
    private static partial Regex IdPattern();
}
