using System.Text;

namespace Bench.Core.Reporting;

/// <summary>
/// Escaping for GitHub-flavoured Markdown: text from a benchmark name, a branch
/// or a commit renders as that text, never as markup, a link, HTML or a table cell break; never
/// as a mention that pings someone or an autolink; never with a raw control or bidirectional
/// character (<see cref="TextSafety"/>).
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Inline text and table cells: HTML's specials become entities (GitHub renders raw HTML),
    /// Markdown's punctuation is backslash-escaped (including <c>|</c>, which would split a cell),
    /// and line breaks become spaces (a table row is one line). A word joiner (U+2060, invisible)
    /// goes after every <c>@</c>, inside every <c>://</c> and after a <c>www</c> before its dot,
    /// so that GitHub links no user, team, address or URL that came from input; control and
    /// bidirectional characters are shown as <c>\u202E</c>-style escapes.
    /// </summary>
    public static string Escape(string? s)
    {
        s ??= "";
        var sb = new StringBuilder(s.Length + 8);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '@':
                    sb.Append('@').Append(WordJoiner);
                    break;
                case ':' when i + 2 < s.Length && s[i + 1] == '/' && s[i + 2] == '/':
                    sb.Append(':').Append(WordJoiner);
                    break;
                case '.' when i >= 3 && s.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase):
                    sb.Append(WordJoiner).Append('.');
                    break;
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '!' or '|' or '~' or '$':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    if (TextSafety.IsUnsafe(c))
                        sb.Append('\\').Append(TextSafety.Visible(c));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>U+2060: joins what it sits between without a visible mark, and breaks GitHub's mention and autolink patterns.</summary>
    public const char WordJoiner = '\u2060';
}
