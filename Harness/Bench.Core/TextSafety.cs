using System.Text;

namespace Bench.Core;

/// <summary>
/// What text from input (a benchmark ID, a reason, a label, a log line, a flag) may carry into a
/// terminal, a Markdown comment or an HTML report. Control characters (C0, DEL, C1: an escape
/// sequence clears a screen, a newline forges a line of output) and the bidirectional controls
/// (U+202E shows a name backwards) never pass raw: they are shown as <c>\u202E</c>-style escapes.
/// </summary>
public static class TextSafety
{
    /// <summary>The bidirectional embedding, override and isolate controls, and the three marks.</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>A character that input may not put on a screen or into a document as it is.</summary>
    public static bool IsUnsafe(char c) => char.IsControl(c) || IsBidiControl(c);

    /// <summary>Where the first unsafe character is, or -1.</summary>
    public static int FirstUnsafe(string? s)
    {
        if (s is null)
            return -1;
        for (var i = 0; i < s.Length; i++)
            if (IsUnsafe(s[i]))
                return i;
        return -1;
    }

    /// <summary>How an unsafe character is shown: <c>\n</c>, <c>\r</c>, <c>\t</c>, else <c>\u001B</c>.</summary>
    public static string Visible(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => $"\\u{(int)c:X4}",
    };

    /// <summary>
    /// Input echoed inside a message: every unsafe character shown as its escape (line breaks too,
    /// so the echo stays on its line), and cut to <paramref name="max"/> characters.
    /// </summary>
    public static string Shown(string? s, int max = 200)
    {
        s ??= "";
        var cut = s.Length > max;
        var sb = new StringBuilder(Math.Min(s.Length, max) + 8);
        foreach (var c in cut ? s[..max] : s)
            sb.Append(IsUnsafe(c) ? Visible(c) : c.ToString());
        return cut ? sb.Append("...").ToString() : sb.ToString();
    }

    /// <summary>
    /// A stream of output lines: unsafe characters shown as escapes, except the line breaks and
    /// tabs the output is laid out with (input's own line breaks are refused where it is read, or
    /// shown by <see cref="Shown"/>).
    /// </summary>
    public static string Neutralized(string s)
    {
        var i = 0;
        for (; i < s.Length; i++)
            if (IsUnsafe(s[i]) && s[i] is not ('\n' or '\r' or '\t'))
                break;
        if (i == s.Length)
            return s;
        var sb = new StringBuilder(s.Length + 8).Append(s, 0, i);
        for (; i < s.Length; i++)
            sb.Append(IsUnsafe(s[i]) && s[i] is not ('\n' or '\r' or '\t') ? Visible(s[i]) : s[i].ToString());
        return sb.ToString();
    }
}
