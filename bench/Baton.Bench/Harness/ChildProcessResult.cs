namespace Baton.Bench.Harness;

/// <summary>A finished command: exit code, what it printed, and its wall-clock time.</summary>
/// <param name="StartedAt">The <see cref="System.Diagnostics.Stopwatch"/> timestamp taken just before the start.</param>
public sealed record ChildProcessResult(int ExitCode, string StdOut, string StdErr, double Milliseconds, long StartedAt)
{
    public ChildProcessResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new BenchSetupException($"{what} exited with {ExitCode}.\nstdout: {StdOut.Trim()}\nstderr: {StdErr.Trim()}");
}
