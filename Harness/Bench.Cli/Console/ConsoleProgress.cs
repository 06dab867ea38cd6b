namespace Bench.Cli.Console;

/// <summary>
/// Progress on stderr: one line rewritten in place on a terminal; on a pipe or in
/// CI, a plain line every tenth of the way, so logs stay short.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error) : IProgress<Bench.Core.Running.RunProgress>
{
    private readonly bool _inPlace = !System.Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
    private int _lastDecile = -1;
    private bool _dirty;

    public void Report(Bench.Core.Running.RunProgress p)
    {
        var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
        var line = $"[{percent,3}%] {p.Phase} {p.Current}";
        if (_inPlace)
        {
            error.Write("\r" + (line.Length > 100 ? line[..100] : line.PadRight(100)));
            _dirty = true;
        }
        else if (percent / 10 != _lastDecile)
        {
            _lastDecile = percent / 10;
            error.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (_dirty)
            error.Write("\r" + new string(' ', 100) + "\r");
        _dirty = false;
    }
}
