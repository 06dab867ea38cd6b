using System.Globalization;
using System.Text;

namespace Bench.Core.Reporting;

/// <summary>
/// A size limit as the receiving service counts it: in characters (UTF-16 code units, GitHub's
/// comment bodies) or in UTF-8 bytes (GitHub's check-run output). A cut never splits a
/// surrogate pair.
/// </summary>
/// <param name="Max">How much this text may take.</param>
/// <param name="Holder">What holds it, for the note on what was left out ("a comment").</param>
/// <param name="Stated">The service's own limit, as the note states it (Max can be less: a share of it).</param>
public sealed record TextLimit(int Max, bool Bytes, string Holder, int Stated)
{
    /// <summary>GitHub refuses an issue or PR comment body longer than 65,536 characters.</summary>
    public static readonly TextLimit Comment = new(65_536, false, "a comment", 65_536);

    /// <summary>GitHub refuses a check run's <c>output.summary</c> or <c>output.text</c> longer than 65,535 bytes (UTF-8).</summary>
    public static readonly TextLimit CheckRunOutput = new(65_535, true, "a check run's summary", 65_535);

    public int Size(string text) => Bytes ? Encoding.UTF8.GetByteCount(text) : text.Length;

    public bool Fits(string text) => Size(text) <= Max;

    /// <summary>One of <paramref name="parts"/> equal shares of what is left after <paramref name="reserved"/> units of something else.</summary>
    public TextLimit Share(int parts, int reserved) => this with
    {
        Max = Math.Max(0, (Max - reserved) / Math.Max(1, parts)),
        Holder = parts > 1 ? Holder + string.Create(CultureInfo.InvariantCulture, $" shared by {parts} legs") : Holder,
    };

    /// <summary>The service's limit: "65,536 characters" or "65,535 bytes (UTF-8)".</summary>
    public string Describe() => Stated.ToString("N0", CultureInfo.InvariantCulture) + (Bytes ? " bytes (UTF-8)" : " characters");

    /// <summary>The longest prefix of <paramref name="text"/> within the limit.</summary>
    public string Cut(string text)
    {
        if (Fits(text))
            return text;
        int used = 0, end = 0;
        while (end < text.Length)
        {
            var step = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
            var size = Bytes ? Encoding.UTF8.GetByteCount(text.AsSpan(end, step)) : step;
            if (used + size > Max)
                break;
            used += size;
            end += step;
        }
        return text[..end];
    }
}
