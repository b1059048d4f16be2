using System.Collections;
using System.Diagnostics;
using Baton.Bench.Interop;
using Baton.Bench.Measurement;

namespace Baton.Bench.Harness;

/// <summary>
/// Runs a command to its end and times it from just before the start to the exit, as a shell would: started with
/// <c>posix_spawn</c>, reaped with <c>waitpid</c>, the clock read on the waiting thread as soon as the child is gone.
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
            using (var stdout = File.OpenHandle(stdoutPath, FileMode.Open, FileAccess.Write))
            using (var stderr = File.OpenHandle(stderrPath, FileMode.Open, FileAccess.Write))
            {
                var arguments = args.ToList();
                var variables = Merged(environment);
                started = Stopwatch.GetTimestamp();
                pid = PosixSpawn.Start(executable, arguments, variables, (int)stdout.DangerousGetHandle(), (int)stderr.DangerousGetHandle());
            }

            var (exitCode, ended) = await WaitAsync(pid, cancellationToken);
            var elapsed = Stopwatches.Milliseconds(started, ended);
            return new ChildProcessResult(exitCode, await File.ReadAllTextAsync(stdoutPath, CancellationToken.None), await File.ReadAllTextAsync(stderrPath, CancellationToken.None), elapsed, started);
        }
        finally
        {
            File.Delete(stdoutPath);
            File.Delete(stderrPath);
        }
    }

    /// <summary>Waits on a thread of its own, so the exit is seen when it happens, not when the thread pool gets to it.</summary>
    private static async Task<(int ExitCode, long EndedAt)> WaitAsync(int pid, CancellationToken cancellationToken)
    {
        var waiting = Task.Factory.StartNew(() =>
        {
            var exitCode = PosixSpawn.WaitForExit(pid);
            return (exitCode, Stopwatch.GetTimestamp());
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // A cancelled run is killed with what it started (npm's codex starts the native one); the waiting thread then
        // reaps it, so no zombie is left behind. A daemon a command started has a session of its own and stays.
        using (cancellationToken.Register(() => PosixSpawn.KillGroup(pid)))
        {
            var result = await waiting;
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
