using System.Diagnostics;
using Baton.Cli.Daemon;
using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests;

public sealed class ProcessDaemonLauncherTests
{
    [Fact(Timeout = 30000)]
    public async Task StartDetachedAsync_LongRunningDaemon_ReturnsAtOnceWithPidAndLogsToFile()
    {
        using var home = new TempDirectory();
        var script = home.Combine("fake-daemon");
        await File.WriteAllTextAsync(
            script,
            "#!/bin/sh\necho \"args=$* home=$BATON_HOME codex=$CODEX_HOME\"\necho to-stderr >&2\nexec sleep 20\n",
            TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var log = home.Combine("daemon.log");
        var launch = new DaemonLaunch(script, home.Path, "/codex/home", log);
        var clock = Stopwatch.StartNew();

        var pid = await new ProcessDaemonLauncher().StartDetachedAsync(launch, TestContext.Current.CancellationToken);

        try
        {
            // Returning before the daemon's 20 s sleep ends proves nothing kept the launcher's pipes open.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            Assert.NotNull(pid);
            Assert.True(ProcessProbe.IsAlive(pid.Value));
            var text = "";
            for (var i = 0; i < 100 && !text.Contains("to-stderr", StringComparison.Ordinal); i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                text = File.Exists(log) ? await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken) : "";
            }

            Assert.Contains($"args=run home={home.Path} codex=/codex/home", text, StringComparison.Ordinal);
            Assert.Contains("to-stderr", text, StringComparison.Ordinal);
        }
        finally
        {
            if (pid is { } id)
            {
                using var daemon = Process.GetProcessById(id);
                daemon.Kill();
            }
        }
    }

    [Fact(Timeout = 30000)]
    public async Task RunForegroundAsync_DaemonExits_ReturnsItsExitCode()
    {
        using var home = new TempDirectory();
        var script = home.Combine("fake-daemon");
        await File.WriteAllTextAsync(
            script,
            "#!/bin/sh\n[ \"$1\" = run ] && [ \"$BATON_HOME\" = \"" + home.Path + "\" ] && exit 3\nexit 9\n",
            TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var exitCode = await new ProcessDaemonLauncher().RunForegroundAsync(
            new DaemonLaunch(script, home.Path, null, home.Combine("log")), TestContext.Current.CancellationToken);

        Assert.Equal(3, exitCode);
    }

    [Fact(Timeout = 30000)]
    public async Task IsAlive_ExitedProcess_ReturnsFalse()
    {
        var pid = await CliHarness.DeadProcessIdAsync();

        Assert.False(ProcessProbe.IsAlive(pid));
        Assert.True(ProcessProbe.IsAlive(Environment.ProcessId));
    }
}
