using System.Diagnostics;
using Baton.Bench.Interop;

namespace Baton.Bench.Harness;

/// <summary>
/// A thread that is already running and parked when the command starts, then reaps it with <c>waitpid</c> and reads
/// the clock the moment it is gone. Made before the clock starts: a thread made for the wait after the start cost
/// each timed command 0.4 to 1 ms on the 2-core machine (its creation competes with the command for the cores).
/// </summary>
internal sealed class ExitWaiter : IDisposable
{
    // No spinning: it would take a core from the command being timed.
    private readonly ManualResetEventSlim _pidGiven = new(initialState: false, spinCount: 0);
    private readonly TaskCompletionSource<(int ExitCode, long EndedAt)> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pid;

    private ExitWaiter()
    {
    }

    /// <summary>The exit code (as a shell reports it) and the <see cref="Stopwatch"/> timestamp of the exit.</summary>
    public Task<(int ExitCode, long EndedAt)> Exited => _exited.Task;

    /// <summary>Starts the thread and returns once it waits for a pid.</summary>
    public static ExitWaiter Start()
    {
        var waiter = new ExitWaiter();
        using var parked = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            parked.Set();
            waiter.Run();
        })
        {
            IsBackground = true,
            Name = "bench exit waiter",
        };
        thread.Start();
        parked.Wait();
        return waiter;
    }

    /// <summary>Hands the started command over; <see cref="Exited"/> completes when it ends.</summary>
    public void Watch(int pid)
    {
        _pid = pid;
        _pidGiven.Set();
    }

    /// <summary>Lets the thread end without a command (the start failed).</summary>
    public void Dispose()
    {
        _pidGiven.Set();
    }

    private void Run()
    {
        _pidGiven.Wait();
        if (_pid == 0)
        {
            _exited.TrySetCanceled();
            return;
        }

        try
        {
            var exitCode = PosixSpawn.WaitForExit(_pid);
            _exited.TrySetResult((exitCode, Stopwatch.GetTimestamp()));
        }
        catch (Exception exception)
        {
            _exited.TrySetException(exception);
        }
    }
}
