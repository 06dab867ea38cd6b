using System.Net;

namespace Bench.Core.Reporting;

/// <summary>
/// Escaping for HTML: every text that came from a benchmark name, a branch, a
/// commit or a PR goes through here before it reaches markup.
/// </summary>
public static class Html
{
    /// <summary>
    /// Text content and quoted attribute values: &amp;, &lt;, &gt;, &quot; and &#39; are encoded,
    /// and control and bidirectional characters are shown as <c>\u202E</c>-style escapes
    /// (<see cref="TextSafety.Shown"/>, never cut here), so that no name reads backwards.
    /// </summary>
    public static string Text(string? s) => WebUtility.HtmlEncode(TextSafety.FirstUnsafe(s) < 0 ? s ?? "" : TextSafety.Shown(s, int.MaxValue));

    /// <summary>A fragment identifier built from free text: only [a-z0-9-] survive, so it is safe in id="" and href="#".</summary>
    public static string Anchor(string s)
    {
        var chars = s.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray();
        return new string(chars).Trim('-');
    }
}
