using System.Text.RegularExpressions;

namespace Bench.Core.Suites;

/// <summary>The grammar of a suite kernel's ID and tags: the same rules as bench_suite.h's registry applies to native kernels.</summary>
public static partial class SuiteIds
{
    public const string Grammar = "one to four segments of [a-z0-9._+-] joined by '/', e.g. \"lookup/switch\"";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= 160 } && IdPattern().IsMatch(id);

    /// <summary>Space-separated <c>key=value</c> pairs; a word without '=' is ignored, the first value of a key wins.</summary>
    public static IReadOnlyDictionary<string, string> Tags(string? tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in (tags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (word.IndexOf('=') is var at and > 0 && at < word.Length - 1)
                map.TryAdd(word[..at], word[(at + 1)..]);
        return map;
    }

    [GeneratedRegex(@"^[a-z0-9._+\-]+(/[a-z0-9._+\-]+){0,3}$")]
    private static partial Regex IdPattern();
}
