using System.Collections;
using System.Diagnostics;
using Baton.Bench.Interop;
using Baton.Bench.Measurement;

namespace Baton.Bench.Harness;

/// <summary>
/// Runs a command to its end and times it from just before the start to the exit, as a shell would: started with
/// <c>posix_spawn</c> (the clock read just before it), reaped with <c>waitpid</c> by an <see cref="ExitWaiter"/>,
/// the clock read on the waiting thread as soon as the child is gone.
/// Its output goes to temporary files, read once it has ended, so nothing the bench does while it runs is timed.
/// </summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stdoutPath = Path.GetTempFileName();
        var stderrPath = Path.GetTempFileName();
        try
        {
            int pid;
            long started;
            using var waiter = ExitWaiter.Start();
            using (var stdout = File.OpenHandle(stdoutPath, FileMode.Open, FileAccess.Write))
            using (var stderr = File.OpenHandle(stderrPath, FileMode.Open, FileAccess.Write))
            {
                pid = PosixSpawn.Start(executable, args.ToList(), Merged(environment), (int)stdout.DangerousGetHandle(), (int)stderr.DangerousGetHandle(), out started);
            }

            waiter.Watch(pid);
            var (exitCode, ended) = await WaitAsync(waiter, pid, cancellationToken);
            var elapsed = Stopwatches.Milliseconds(started, ended);
            return new ChildProcessResult(exitCode, await File.ReadAllTextAsync(stdoutPath, CancellationToken.None), await File.ReadAllTextAsync(stderrPath, CancellationToken.None), elapsed, started);
        }
        finally
        {
            File.Delete(stdoutPath);
            File.Delete(stderrPath);
        }
    }

    private static async Task<(int ExitCode, long EndedAt)> WaitAsync(ExitWaiter waiter, int pid, CancellationToken cancellationToken)
    {
        // A cancelled run is killed with what it started (npm's codex starts the native one); the waiting thread then
        // reaps it, so no zombie is left behind. A daemon a command started has a session of its own and stays.
        using (cancellationToken.Register(() => PosixSpawn.KillGroup(pid)))
        {
            var result = await waiter.Exited;
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
    }

    /// <summary>The bench's own environment with <paramref name="overrides"/> on top, as NAME=VALUE lines.</summary>
    private static List<string> Merged(IReadOnlyDictionary<string, string> overrides)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach (var (key, value) in overrides)
        {
            variables[key] = value;
        }

        return variables.Select(v => v.Key + "=" + v.Value).ToList();
    }
}
