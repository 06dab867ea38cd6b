using System.Text;

namespace Bench.Cli.Console;

/// <summary>
/// A writer that replaces a secret with <c>***</c> in whatever passes through it: the last guard
/// that a token never reaches a log, whatever a message was built from. Lines are buffered so
/// a secret split across writes is still caught.
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
            foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            inner.Write(text);
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
