using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class QueryCommandTests
{
    [Fact(Timeout = 30000)]
    public async Task Sessions_Default_PrintsTableAndAsksLiveOnly()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Path != ApiRoutes.Sessions)
            {
                return false;
            }

            var running = Receipts.Coder with { Id = "019b", Name = null, State = SessionState.Running, QueuedCount = 2 };
            await StandInDaemon.RespondAsync(context, new SessionList([Receipts.Coder, running]), BatonJsonContext.Default.SessionList);
            return true;
        };

        var run = await cli.RunAsync("sessions");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("?all=false", Assert.Single(daemon.CallsExceptStatus).Query);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains("QUEUED", lines[0], StringComparison.Ordinal);
        Assert.Contains("coder", lines[1], StringComparison.Ordinal);
        Assert.Contains("running", lines[2], StringComparison.Ordinal);
        Assert.Contains("2", lines[2], StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Sessions_AllJson_PrintsSessionList()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Path != ApiRoutes.Sessions)
            {
                return false;
            }

            await StandInDaemon.RespondAsync(context, new SessionList([Receipts.Coder]), BatonJsonContext.Default.SessionList);
            return true;
        };

        var run = await cli.RunAsync("sessions", "--all", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("?all=true", Assert.Single(daemon.CallsExceptStatus).Query);
        var list = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        Assert.Equal("coder", list.GetProperty("sessions")[0].GetProperty("name").GetString());
    }

    [Fact(Timeout = 30000)]
    public async Task Show_Session_PrintsStatePendingAndRecent()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (!request.Path.StartsWith(ApiRoutes.Sessions + "/", StringComparison.Ordinal))
            {
                return false;
            }

            var pending = Receipts.Make(MessageStatus.Queued) with { MessageId = "msg_pending", Text = "fix the build\nplease" };
            var recent = Receipts.Make(MessageStatus.Completed) with { MessageId = "msg_done", Text = "hello" };
            await StandInDaemon.RespondAsync(
                context, new SessionDetail(Receipts.Coder, [pending], [recent]), BatonJsonContext.Default.SessionDetail);
            return true;
        };

        var run = await cli.RunAsync("show", "my coder");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("/v1/sessions/my%20coder", Assert.Single(daemon.CallsExceptStatus).RawTarget);
        Assert.Contains("state:    idle", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending (1):", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("msg_pending", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"fix the build…\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("recent (1):", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("msg_done", run.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Show_NotFound_ExitsThree()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (!request.Path.StartsWith(ApiRoutes.Sessions + "/", StringComparison.Ordinal))
            {
                return false;
            }

            await StandInDaemon.RespondProblemAsync(context, Receipts.Problem(ErrorCodes.SessionNotFound, 404, "No session 'ghost'."));
            return true;
        };

        var run = await cli.RunAsync("show", "ghost");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("No session 'ghost'.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("baton sessions --all", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Message_Human_PrintsStatusSessionTurnReplyAndError()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (!request.Path.StartsWith("/v1/messages/", StringComparison.Ordinal))
            {
                return false;
            }

            var receipt = Receipts.Make(MessageStatus.Failed, reply: "partial", error: new ReceiptError("turn_failed", "model overloaded"));
            await StandInDaemon.RespondAsync(context, receipt, BatonJsonContext.Default.Receipt);
            return true;
        };

        var run = await cli.RunAsync("message", "msg_0001");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("", Assert.Single(daemon.CallsExceptStatus).Query);
        Assert.Contains("status:    failed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("coder (codex 019a0000-0000-7000-8000-000000000001)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("turn:      019a0000-0000-7000-8000-00000000aaaa", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("model overloaded (turn_failed)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("reply:\n  partial\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Message_WaitJson_SendsWaitAndMapsExit()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (!request.Path.StartsWith("/v1/messages/", StringComparison.Ordinal))
            {
                return false;
            }

            await StandInDaemon.RespondAsync(context, Receipts.Make(MessageStatus.Interrupted), BatonJsonContext.Default.Receipt);
            return true;
        };

        var run = await cli.RunAsync("message", "msg_0001", "--wait", "--timeout", "2s", "--json");

        Assert.Equal(ExitCodes.TurnFailed, run.ExitCode);
        Assert.Equal("?wait=true&timeoutMs=2000", Assert.Single(daemon.CallsExceptStatus).Query);
        Assert.Equal("interrupted", InjectOutputTests.AssertSingleJsonObject(run.Stdout).GetProperty("status").GetString());
    }
}
