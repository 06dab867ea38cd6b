namespace Bench.Core.Running.Worker;

/// <summary>The worker process died (a signal, an abort) or stopped answering.</summary>
public sealed class WorkerCrashedException(string message) : Exception(message);
