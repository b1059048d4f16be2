namespace Baton.Bench.Harness;

/// <summary>The benchmark could not set up what it measures (missing executables, a process that did not start).</summary>
public sealed class BenchSetupException(string message, Exception? inner = null) : Exception(message, inner);
