using System.Text;

namespace Bench.Cli.Console;

/// <summary>
/// A writer that replaces a secret with <c>***</c> in whatever passes through it: the last guard
/// that a token never reaches a log, whatever a message was built from. Lines are buffered so
/// a secret split across writes is still caught.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner, string secret) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
            Flush();
    }

    public override void Write(string? value)
    {
        if (value is null)
            return;
        _line.Append(value);
        if (value.Contains('\n'))
            Flush();
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            inner.Write(secret.Length == 0 ? _line.ToString() : _line.ToString().Replace(secret, "***", StringComparison.Ordinal));
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
