using System.Text.Json;
using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests;

public sealed class DaemonCommandTests
{
    [Fact(Timeout = 30000)]
    public async Task Inject_DaemonNotRunning_StartsItAndRetriesOnce()
    {
        await using var cli = new CliHarness();
        await cli.PlaceDaemonExecutableAsync();
        StandInDaemon? started = null;
        cli.Launcher.OnStartDetached = async (_, _) =>
        {
            started = await cli.StartDaemonAsync();
            started.AnswerInjectWith(Receipts.Make(MessageStatus.Delivered));
            return null;
        };

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(1, cli.Launcher.DetachedStarts);
        Assert.Equal("msg_0001\n", run.Stdout);
        Assert.Contains("started the Baton daemon", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("hi", started!.SingleInject().Text);
        var launch = Assert.Single(cli.Launcher.Launches);
        Assert.Equal(cli.Home.Path, launch.BatonHome);
        Assert.Equal(cli.Home.Combine("codex"), launch.CodexHome);
        Assert.Equal(cli.Home.Combine("logs", "daemon.log"), launch.LogPath);
        Assert.True(Directory.Exists(cli.Home.Combine("logs")));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(cli.Home.Combine("logs")));
    }

    [Fact(Timeout = 30000)]
    public async Task Sessions_DaemonFailsToStart_ExitsEightWithLogTail()
    {
        await using var cli = new CliHarness { DaemonStartTimeout = TimeSpan.FromMilliseconds(500) };
        await File.WriteAllTextAsync(cli.Home.Combine("baton-daemon"), "", TestContext.Current.CancellationToken);
        cli.Environment["BATON_DAEMON_PATH"] = "baton-daemon";
        cli.Launcher.OnStartDetached = async (launch, token) =>
        {
            await File.WriteAllTextAsync(launch.LogPath, "starting\nfatal: database is locked\n", token);
            return null;
        };

        var run = await cli.RunAsync("sessions");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("fatal: database is locked", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("daemon.log", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStart_ExecutableMissing_ExitsEightNamingOverride()
    {
        await using var cli = new CliHarness();
        cli.Environment["BATON_DAEMON_PATH"] = cli.Home.Combine("no-such-daemon");

        var run = await cli.RunAsync("daemon", "start");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("BATON_DAEMON_PATH", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStart_AlreadyRunning_SaysSoWithoutLaunching()
    {
        await using var cli = new CliHarness();
        await cli.StartDaemonAsync();

        var run = await cli.RunAsync("daemon", "start");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"already running (pid {Environment.ProcessId})", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStart_TwoConcurrentStarts_BothSucceedWithOneDaemon()
    {
        await using var cli = new CliHarness();
        await cli.PlaceDaemonExecutableAsync();
        var deadPid = await CliHarness.DeadProcessIdAsync();
        var winner = 0;
        cli.Launcher.OnStartDetached = async (_, _) =>
        {
            if (Interlocked.Exchange(ref winner, 1) == 1)
            {
                // Like the real daemon: the second one refuses to run and exits at once.
                return deadPid;
            }

            await Task.Delay(300, TestContext.Current.CancellationToken);
            await cli.StartDaemonAsync();
            return Environment.ProcessId;
        };

        var runs = await Task.WhenAll(cli.RunAsync("daemon", "start"), cli.RunAsync("daemon", "start"));

        Assert.All(runs, run => Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString()));
        Assert.All(runs, run => Assert.Contains("Baton daemon", run.Stdout, StringComparison.Ordinal));
        Assert.InRange(cli.Launcher.DetachedStarts, 1, 2);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStart_NewDaemonDropsTheFirstStatusCall_KeepsAskingUntilItAnswers()
    {
        await using var cli = new CliHarness();
        await cli.PlaceDaemonExecutableAsync();
        Task? comingUp = null;
        cli.Launcher.OnStartDetached = (_, _) =>
        {
            // A daemon still coming up: it accepts the first status call and hangs up without an answer, then serves.
            var dropper = ScriptedSocketServer.Start(cli.SocketPath, answer: string.Empty);
            comingUp = Task.Run(async () =>
            {
                await dropper.RequestHead;
                dropper.Dispose();
                File.Delete(cli.SocketPath);
                await cli.StartDaemonAsync();
            });
            return Task.FromResult<int?>(Environment.ProcessId);
        };

        var run = await cli.RunAsync("daemon", "start");
        await comingUp!;

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(1, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStatus_NotRunning_ExitsEight()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("daemon", "status");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("not running", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStatus_Running_PrintsPidVersionSocketAndAgents()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Status = daemon.Status with
        {
            Agents = [new AgentEndpointStatus("codex", "/h/.codex", "/h/.codex/app-server-control/app-server-control.sock", false, "connection refused")],
        };

        var run = await cli.RunAsync("daemon", "status");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"pid {Environment.ProcessId}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.0.0-test", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(cli.SocketPath, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("unreachable: connection refused", run.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStatus_Json_PrintsOneStatusObject()
    {
        await using var cli = new CliHarness();
        await cli.StartDaemonAsync();

        var run = await cli.RunAsync("daemon", "status", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var status = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        Assert.Equal(Environment.ProcessId, status.GetProperty("pid").GetInt32());
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStop_NotRunning_ExitsZero()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("daemon", "stop");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("not running", run.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStop_Running_PostsShutdownAndWaitsUntilGone()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Status = daemon.Status with { Pid = await CliHarness.DeadProcessIdAsync() };
        daemon.Handler = (context, request) =>
        {
            if (request.Path != ApiRoutes.Shutdown)
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            _ = Task.Run(async () =>
            {
                await Task.Delay(200);
                await daemon.StopAsync();
            });
            return Task.FromResult(true);
        };

        var run = await cli.RunAsync("daemon", "stop");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("stopped", run.Stdout, StringComparison.Ordinal);
        Assert.Single(daemon.Requests, r => r.Method == "POST" && r.Path == ApiRoutes.Shutdown);
        using var probe = new Client.BatonClient(cli.SocketPath);
        await Assert.ThrowsAsync<Client.DaemonNotRunningException>(() => probe.GetStatusAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStop_DaemonKeepsRunning_ExitsEightAfterTimeout()
    {
        await using var cli = new CliHarness { DaemonStopTimeout = TimeSpan.FromMilliseconds(300) };
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = (context, request) =>
        {
            if (request.Path != ApiRoutes.Shutdown)
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return Task.FromResult(true);
        };

        var run = await cli.RunAsync("daemon", "stop");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("still running", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonRun_ReturnsDaemonExitCodeWithEnvironment()
    {
        await using var cli = new CliHarness();
        await cli.PlaceDaemonExecutableAsync();
        cli.Launcher.ForegroundExitCode = 42;

        var run = await cli.RunAsync("daemon", "run");

        Assert.Equal(42, run.ExitCode);
        var launch = Assert.Single(cli.Launcher.Launches);
        Assert.Equal(cli.Home.Combine("baton-daemon"), launch.ExecutablePath);
        Assert.Equal(cli.Home.Path, launch.BatonHome);
    }

    [Fact(Timeout = 30000)]
    public async Task DaemonStatus_Json_RoundTripsThroughSourceGeneratedContext()
    {
        await using var cli = new CliHarness();
        await cli.StartDaemonAsync();

        var run = await cli.RunAsync("daemon", "status", "--json");

        var status = JsonSerializer.Deserialize(run.Stdout, BatonJsonContext.Default.DaemonStatus);
        Assert.NotNull(status);
        Assert.Equal(cli.SocketPath, status.SocketPath);
    }
}
