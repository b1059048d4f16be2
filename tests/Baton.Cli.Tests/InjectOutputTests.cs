using System.Text.Json;
using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests;

public sealed class InjectOutputTests
{
    [Theory(Timeout = 30000)]
    [InlineData(MessageStatus.Completed, 0)]
    [InlineData(MessageStatus.Delivered, 0)]
    [InlineData(MessageStatus.Queued, 0)]
    [InlineData(MessageStatus.Held, 0)]
    [InlineData(MessageStatus.Skipped, 0)]
    [InlineData(MessageStatus.DryRun, 0)]
    [InlineData(MessageStatus.Failed, 7)]
    [InlineData(MessageStatus.Interrupted, 7)]
    [InlineData(MessageStatus.Timeout, 124)]
    public async Task Inject_ReceiptStatus_MapsToExitCode(MessageStatus status, int expectedExit)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(status, error: status == MessageStatus.Failed ? new ReceiptError("turn_failed", "model error") : null));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait");

        Assert.True(run.ExitCode == expectedExit, run.ToString());
    }

    [Theory(Timeout = 30000)]
    [InlineData(MessageStatus.Completed)]
    [InlineData(MessageStatus.Failed)]
    [InlineData(MessageStatus.Timeout)]
    [InlineData(MessageStatus.Held)]
    public async Task Inject_Json_PrintsExactlyOneReceiptObject(MessageStatus status)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(status, reply: "the reply"));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait", "--json");

        var receipt = AssertSingleJsonObject(run.Stdout);
        Assert.Equal("msg_0001", receipt.GetProperty("messageId").GetString());
        Assert.Equal(
            JsonSerializer.Serialize(status, BatonJsonContext.Default.MessageStatus).Trim('"'),
            receipt.GetProperty("status").GetString());
        Assert.Equal("coder", receipt.GetProperty("session").GetProperty("name").GetString());
        Assert.DoesNotContain("the reply\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_WaitCompleted_PrintsExactlyTheReply()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Completed, reply: "Done.\nAll tests pass — ✓"));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("Done.\nAll tests pass — ✓\n", run.Stdout);
        Assert.Contains("completed msg_0001 in coder", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_WaitReplyEndingInNewline_AddsNoSecondNewline()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Completed, reply: "ok\n"));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait");

        Assert.Equal("ok\n", run.Stdout);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_WaitFailed_PrintsNothingOnStdoutAndErrorOnStderr()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Failed, error: new ReceiptError("turn_failed", "the model refused")));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait");

        Assert.Equal(ExitCodes.TurnFailed, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("the model refused", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_NoWait_PrintsMessageIdAndSummary()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Delivered));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("msg_0001\n", run.Stdout);
        Assert.Contains(
            "delivered msg_0001 to coder (codex 019a0000-0000-7000-8000-000000000001) as turn 019a0000-0000-7000-8000-00000000aaaa",
            run.Stderr,
            StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TimeoutReceipt_SaysMessageNotWithdrawn()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Timeout) with { MessageStatus = MessageStatus.Delivered });

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait", "--timeout", "5s");

        Assert.Equal(ExitCodes.Timeout, run.ExitCode);
        Assert.Contains("not withdrawn", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("delivered", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_Replayed_SummarySaysNothingNewWasSent()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Delivered) with { Replayed = true, IdempotencyKey = "k-1" });

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--idempotency-key", "k-1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("replayed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_DaemonNeverAnswersWithinTimeout_ExitsOneTwentyFourLocally()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Method != "POST")
            {
                return false;
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return true;
        };

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait", "--timeout", "200ms", "--json");

        Assert.Equal(ExitCodes.Timeout, run.ExitCode);
        Assert.Equal("timeout", AssertSingleJsonObject(run.Stdout).GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("not withdrawn", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_AnswerThatIsNotAReceipt_ExitsOneNamingTheFieldAndPrintsNoReceipt()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        // A daemon of another version: a receipt without the session it went to.
        daemon.AnswerInjectWith("""{"messageId":"msg_1","status":"delivered"}""");

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.Equal(ExitCodes.Internal, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("The receipt has no 'session'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("different versions", run.Stderr, StringComparison.Ordinal);
    }

    internal static JsonElement AssertSingleJsonObject(string stdout)
    {
        Assert.EndsWith("\n", stdout, StringComparison.Ordinal);

        // JsonDocument rejects anything after the first value, so this also proves there is only one.
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }
}
