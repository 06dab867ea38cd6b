using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Bench.Core.Running.Worker;

/// <summary>The parent's side of one worker process.</summary>
public sealed class WorkerClient : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private WorkerClient(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
                if (_stderr.Length > 8192)
                    _stderr.Remove(0, _stderr.Length - 8192);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The worker's <c>--pin</c>: its measuring thread alone, or every thread it has.</summary>
    public const string PinThread = "thread";
    public const string PinProcess = "process";

    /// <param name="cpu">The CPU the worker pins its measuring thread to; null: not pinned.</param>
    /// <param name="wholeProcess">Pin every thread of the worker there, not only the measuring one (launches running at once).</param>
    public static WorkerClient Start(WorkerLaunch launch, IReadOnlyList<string> libraryPaths, int? cpu = null, bool wholeProcess = false)
    {
        var psi = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in launch.Arguments)
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("worker");
        if (cpu is { } c)
        {
            psi.ArgumentList.Add("--cpu");
            psi.ArgumentList.Add(c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (wholeProcess)
            {
                psi.ArgumentList.Add("--pin");
                psi.ArgumentList.Add(PinProcess);
            }
        }
        foreach (var library in libraryPaths)
        {
            psi.ArgumentList.Add("--library");
            psi.ArgumentList.Add(library);
        }
        // Crash reports would only slow a dying worker down; the parent reports the crash.
        psi.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        foreach (var (name, value) in launch.Environment)
            psi.Environment[name] = value;
        try
        {
            return new WorkerClient(Process.Start(psi)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BenchException.Environment($"cannot start the worker process {launch.FileName}: {e.Message}", e);
        }
    }

    public WorkerResponse Send(WorkerRequest request)
    {
        string? line;
        try
        {
            _process.StandardInput.WriteLine(JsonSerializer.Serialize(request, WorkerProtocol.Json));
            _process.StandardInput.Flush();
            line = _process.StandardOutput.ReadLine();
        }
        catch (IOException)
        {
            line = null;
        }
        if (line is null)
            throw new WorkerCrashedException(DescribeDeath());
        return JsonSerializer.Deserialize<WorkerResponse>(line, WorkerProtocol.Json)
               ?? throw new WorkerCrashedException($"worker answered '{line}'");
    }

    private string DescribeDeath()
    {
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
            return "the worker closed its output but did not exit";
        }
        _process.WaitForExit(); // drain stderr
        var code = _process.ExitCode;
        var how = code > 128 ? $"killed by signal {code - 128} ({SignalName(code - 128)})" : $"exited with code {code}";
        string tail;
        lock (_stderr)
            tail = _stderr.ToString().Trim();
        return tail.Length == 0 ? how : $"{how}; its last words: {LastLines(tail, 5)}";
    }

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 11 => "SIGSEGV", 15 => "SIGTERM", _ => "signal",
    };

    private static string LastLines(string text, int n) => string.Join(" | ", text.Split('\n').TakeLast(n).Select(l => l.Trim()));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10000))
                    _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException) { }
        catch (IOException) { }
        _process.Dispose();
    }
}
