using Baton.Bench.Harness;
using Baton.Tests.Infrastructure;

namespace Baton.Bench.Tests;

/// <summary>
/// The benchmarks' way of running a command (posix_spawn, waitpid): what a shell would report of it, and nothing
/// left running when the bench gives up on it.
/// </summary>
public sealed class ChildProcessTests
{
    private static readonly Dictionary<string, string> NoExtraVariables = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RunAsync_CommandWritesAndExits3_ReportsBothOutputsTheExitCodeAndAWallClockTime()
    {
        var result = await ChildProcess.RunAsync("/bin/sh", ["-c", "echo \"to stdout: $BENCH_PROBE\"; echo to stderr >&2; sleep 0.05; exit 3"],
            new Dictionary<string, string> { ["BENCH_PROBE"] = "seen" }, Token);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("to stdout: seen\n", result.StdOut);
        Assert.Equal("to stderr\n", result.StdErr);
        Assert.InRange(result.Milliseconds, 50, 10_000);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RunAsync_CommandReadsStandardInput_SeesItsEndAtOnce()
    {
        var result = await ChildProcess.RunAsync("/bin/sh", ["-c", "cat; echo done"], NoExtraVariables, Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.StdOut);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RunAsync_CommandKilledBySignal_ReportsItAsAShellDoes()
    {
        var result = await ChildProcess.RunAsync("/bin/sh", ["-c", "kill -TERM $$"], NoExtraVariables, Token);

        Assert.Equal(128 + 15, result.ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RunAsync_Cancelled_KillsTheCommandAndWhatItStartedAndThrows()
    {
        // Like npm's codex, which starts the native executable: the command waits for a child of its own.
        using var marker = new TempDirectory("child");
        var pidFile = marker.Combine("pid");
        var childPidFile = marker.Combine("child-pid");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = ChildProcess.RunAsync("/bin/sh", ["-c", $"sleep 60 & echo $! > {childPidFile}; echo $$ > {pidFile}; wait"], NoExtraVariables, cancel.Token);
        var pid = await ReadPidAsync(pidFile);
        var childPid = await ReadPidAsync(childPidFile);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.False(ProcessState.IsAlive(pid), $"pid {pid} still runs after the bench gave up on it");
        await ProcessState.WaitUntilGoneAsync(childPid, Token);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RunAsync_NoSuchExecutable_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ChildProcess.RunAsync("/nonexistent/tool", [], NoExtraVariables, Token));

        Assert.Contains("/nonexistent/tool", error.Message, StringComparison.Ordinal);
    }

    private static async Task<int> ReadPidAsync(string path)
    {
        while (true)
        {
            if (File.Exists(path) && int.TryParse((await File.ReadAllTextAsync(path, Token)).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(10, Token);
        }
    }
}
