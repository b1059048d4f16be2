using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonLifecycleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DaemonStart_OverStaleSocketFile_StartsAndServes()
    {
        using var baton = new BatonTestHome();
        var first = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(first.ExitCode == 0, first.ToString());
        var killed = baton.DaemonPid()!.Value;

        // What a crashed daemon leaves behind: a socket file nobody listens on.
        System.Diagnostics.Process.GetProcessById(killed).Kill();
        await ProcessState.WaitUntilGoneAsync(killed, Token);
        Assert.True(File.Exists(baton.SocketPath));

        var start = await baton.RunAsync(Token, "daemon", "start");
        var status = await baton.RunAsync(Token, "daemon", "status");

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        var pid = baton.DaemonPid();
        Assert.NotNull(pid);
        Assert.NotEqual(killed, pid);
        Assert.Contains(pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), status.StdOut + status.StdErr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(baton.SocketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(baton.Path));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DaemonStart_TwiceAtOnce_LeavesOneDaemon()
    {
        using var baton = new BatonTestHome();

        var both = await Task.WhenAll(baton.RunAsync(Token, "daemon", "start"), baton.RunAsync(Token, "daemon", "start"));
        var again = await baton.RunAsync(Token, "daemon", "start");

        Assert.All(both, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.True(again.ExitCode == 0, again.ToString());
        var pid = baton.DaemonPid();
        Assert.NotNull(pid);
        var daemons = System.Diagnostics.Process.GetProcessesByName("baton-daemon").Count(p => IsServing(p.Id, baton.Path));
        Assert.Equal(1, daemons);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DaemonStop_RunningDaemon_StopsItAndRemovesSocket()
    {
        using var baton = new BatonTestHome();
        var start = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(start.ExitCode == 0, start.ToString());
        var pid = baton.DaemonPid()!.Value;

        var stop = await baton.RunAsync(Token, "daemon", "stop");
        var status = await baton.RunAsync(Token, "daemon", "status");

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.False(ProcessState.IsAlive(pid));
        Assert.False(File.Exists(baton.SocketPath));
        Assert.Equal(8, status.ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DaemonStart_FromAFolderWithManySubfolders_WatchesNoneOfThem()
    {
        using var baton = new BatonTestHome();
        var project = System.IO.Path.Combine(baton.Path, "project");
        for (var i = 0; i < 40; i++)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(project, $"module-{i}", "src"));
        }

        var start = await baton.RunAsync(["daemon", "start"], Token, workingDirectory: project);

        Assert.True(start.ExitCode == 0, start.ToString());
        var pid = baton.DaemonPid()!.Value;

        // ASP.NET's default host used to watch its content root, the folder the daemon was started from, for
        // appsettings.json, with one inotify watch per folder below it: 515 for a checkout, a whole home directory
        // for a user who ran baton from ~, and a wake-up for every file anyone wrote there.
        Assert.True(InotifyWatches(pid) < 10, $"the daemon holds {InotifyWatches(pid)} inotify watches");
    }

    /// <summary>Inotify watches process <paramref name="pid"/> holds: one "inotify wd:" line per watch in its fds' fdinfo.</summary>
    private static int InotifyWatches(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fdinfo")
            .Sum(fd =>
            {
                try
                {
                    return File.ReadLines(fd).Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal));
                }
                catch (IOException)
                {
                    return 0;
                }
            });

    /// <summary>Whether process <paramref name="pid"/> serves <paramref name="batonHome"/> (its environment names it).</summary>
    private static bool IsServing(int pid, string batonHome)
    {
        try
        {
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            return environ.Split('\0').Contains($"BATON_HOME={batonHome}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
