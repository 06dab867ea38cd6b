using System.Text;

namespace Bench.Core.Reporting;

/// <summary>
/// Escaping for GitHub-flavoured Markdown: text from a benchmark name, a branch
/// or a commit renders as that text, never as markup, a link, HTML or a table cell break.
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Inline text and table cells: HTML's specials become entities (GitHub renders raw HTML),
    /// Markdown's punctuation is backslash-escaped (including <c>|</c>, which would split a cell),
    /// and line breaks become spaces (a table row is one line).
    /// </summary>
    public static string Escape(string? s)
    {
        var sb = new StringBuilder((s ?? "").Length + 8);
        foreach (var c in s ?? "")
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '!' or '|' or '~' or '$':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return sb.ToString();
    }
}
