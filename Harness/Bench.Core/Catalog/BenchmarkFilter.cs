using System.Text;
using System.Text.RegularExpressions;

namespace Bench.Core.Catalog;

/// <summary>
/// Selects benchmark IDs by glob: <c>*</c> matches any run of characters, '/'
/// included; <c>?</c> one character; <c>[...]</c> a class. Several globs select
/// the union. No glob selects everything. A glob compiles to a regular expression run by .NET's
/// non-backtracking engine, whose time is linear in the ID's length whatever the glob: a glob
/// from a file or a command line (filters, overrides, controls) cannot make a match run for
/// minutes (<c>*a*a*a…*b</c> against a long ID of a's did with the backtracking engine).
/// </summary>
public sealed class BenchmarkFilter
{
    private readonly Regex[] _patterns;

    public BenchmarkFilter(IEnumerable<string>? globs)
    {
        Globs = (globs ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).ToArray();
        _patterns = Globs.Select(ToRegex).ToArray();
    }

    public IReadOnlyList<string> Globs { get; }

    public bool IsAll => Globs.Count == 0;

    public bool Matches(string id) => IsAll || _patterns.Any(p => p.IsMatch(id));

    /// <summary>Globs that match none of <paramref name="ids"/>: each one is a likely typo.</summary>
    public IReadOnlyList<string> Unmatched(IEnumerable<string> ids)
    {
        var all = ids.ToList();
        return Globs.Where((g, i) => !all.Any(id => _patterns[i].IsMatch(id))).ToList();
    }

    /// <summary>Why <paramref name="glob"/> cannot be read, or null when it can: for a file to say where the glob stands.</summary>
    public static string? Problem(string glob)
    {
        try
        {
            ToRegex(glob);
            return null;
        }
        catch (BenchException e)
        {
            return e.Message;
        }
    }

    private static Regex ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': sb.Append(".*"); break;
                case '?': sb.Append('.'); break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append(@"\["); break; }
                    var body = glob.Substring(i + 1, close - i - 1);
                    if (body.StartsWith('!')) body = "^" + body[1..];
                    sb.Append('[').Append(body.Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        try
        {
            return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (RegexParseException)
        {
            throw BenchException.Usage($"'{glob}' is not a glob Bench can read: a bracket must hold characters or ranges in order ([a-z], [!x]), " +
                                       "not nothing and not a reversed range; escape a literal bracket by leaving it unclosed.");
        }
    }
}
