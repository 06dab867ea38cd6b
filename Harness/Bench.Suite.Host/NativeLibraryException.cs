namespace Bench.Suite.Host;

/// <summary>The kernel library could not be loaded or does not speak this ABI.</summary>
public sealed class NativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);
