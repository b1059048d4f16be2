using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class InjectRequestTests
{
    [Theory(Timeout = 30000)]
    [InlineData(new string[0], DeliveryMode.Queue)]
    [InlineData(new[] { "--queue" }, DeliveryMode.Queue)]
    [InlineData(new[] { "--steer" }, DeliveryMode.Steer)]
    [InlineData(new[] { "--interrupt" }, DeliveryMode.Interrupt)]
    [InlineData(new[] { "--mode", "queue" }, DeliveryMode.Queue)]
    [InlineData(new[] { "--mode", "steer" }, DeliveryMode.Steer)]
    [InlineData(new[] { "--mode", "interrupt" }, DeliveryMode.Interrupt)]
    [InlineData(new[] { "--mode", "steer", "--steer" }, DeliveryMode.Steer)]
    public async Task Inject_ModeFlags_SendMode(string[] flags, DeliveryMode expected)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));

        var run = await cli.RunAsync(["inject", "coder", "--text", "hi", .. flags]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(expected, daemon.SingleInject().Mode);
    }

    [Theory(Timeout = 30000)]
    [InlineData("--queue", "--steer")]
    [InlineData("--steer", "--interrupt")]
    [InlineData("--queue", "--interrupt")]
    [InlineData("--mode=steer", "--interrupt")]
    [InlineData("--mode=queue", "--steer")]
    public async Task Inject_ConflictingModes_ExitsTwoWithoutContactingDaemon(string first, string second)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", first, second);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Conflicting delivery modes", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(daemon.Requests);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_UnknownMode_ExitsTwo()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--mode", "shove");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("shove", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_UnknownAgent_ExitsTwo()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--agent", "claude");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_AllFlags_GoIntoRequest()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Completed, reply: "ok"));

        var run = await cli.RunAsync(
            "inject", "codex:my session/1", "--text", "hi", "--resume", "--hold", "--if-running", "--wait",
            "--idempotency-key", "k-1", "--hook-name", "ci-triage", "--dry-run", "--agent", "codex", "--cwd", "sub");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var request = daemon.SingleInject();
        Assert.True(request.Resume);
        Assert.True(request.Hold);
        Assert.True(request.IfRunning);
        Assert.True(request.Wait);
        Assert.True(request.DryRun);
        Assert.False(request.CreateIfMissing);
        Assert.Equal("k-1", request.IdempotencyKey);
        Assert.Equal("ci-triage", request.HookName);
        Assert.Equal("codex", request.Agent);
        Assert.Equal(cli.Home.Combine("sub"), request.Cwd);
        Assert.Null(request.TimeoutMs);
        var raw = Assert.Single(daemon.CallsExceptStatus).RawTarget;
        Assert.Equal("/v1/sessions/codex%3Amy%20session%2F1/messages", raw);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_CreateIfMissingWithoutCwd_SendsCurrentDirectory()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Delivered));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--create-if-missing");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = daemon.SingleInject();
        Assert.True(request.CreateIfMissing);
        Assert.Equal(cli.Home.Path, request.Cwd);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_NoCreateIfMissingNoCwd_SendsNoCwd()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Delivered));

        await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.Null(daemon.SingleInject().Cwd);
    }
}
