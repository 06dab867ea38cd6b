using System.Text;
using Bench.Core;

namespace Bench.Cli.Console;

/// <summary>
/// The last guard on everything bench prints, crashes included: a secret becomes <c>***</c>,
/// whatever a message was built from, and control and bidirectional characters that came from
/// input (an escape sequence in a benchmark ID, U+202E in a label) are shown as escapes, never
/// sent to the terminal raw (<see cref="TextSafety.Neutralized"/>). Lines are buffered so a
/// secret split across writes is still caught.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner, params string[] secrets) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value is '\n' or '\r')
            Flush();
    }

    public override void Write(string? value)
    {
        if (value is null)
            return;
        _line.Append(value);
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
            Flush();
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            var text = _line.ToString();
            // the longest first, so a secret that contains another (a token with its trailing newline) is replaced whole
            foreach (var secret in secrets.Where(s => s.Trim().Length > 0).OrderByDescending(s => s.Length))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            inner.Write(TextSafety.Neutralized(text));
            _line.Clear();
        }
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }
}
