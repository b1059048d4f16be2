using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class ProblemMappingTests
{
    [Theory(Timeout = 30000)]
    [InlineData(ErrorCodes.Usage, 400, 2)]
    [InlineData(ErrorCodes.InvalidText, 400, 2)]
    [InlineData(ErrorCodes.SessionNotFound, 404, 3)]
    [InlineData(ErrorCodes.SessionAmbiguous, 409, 3)]
    [InlineData(ErrorCodes.MessageNotFound, 404, 3)]
    [InlineData(ErrorCodes.SessionNotLive, 409, 4)]
    [InlineData(ErrorCodes.Refused, 403, 5)]
    [InlineData(ErrorCodes.IdempotencyConflict, 409, 6)]
    [InlineData(ErrorCodes.TurnFailed, 502, 7)]
    [InlineData(ErrorCodes.TurnInterrupted, 409, 7)]
    [InlineData(ErrorCodes.AgentUnreachable, 502, 8)]
    [InlineData(ErrorCodes.Timeout, 504, 124)]
    [InlineData(ErrorCodes.Internal, 500, 1)]
    [InlineData("something_new", 418, 1)]
    public async Task Inject_Problem_MapsCodeToExitAndStderr(string code, int httpStatus, int expectedExit)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Problem(code, httpStatus, $"detail for {code}"));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.True(run.ExitCode == expectedExit, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains($"detail for {code}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_Ambiguous_ListsCandidates()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        var other = Receipts.Coder with { Id = "019b0000-0000-7000-8000-000000000002", State = SessionState.Stored };
        daemon.AnswerInjectWith(Receipts.Problem(
            ErrorCodes.SessionAmbiguous, 409, "The name 'coder' matches 2 sessions.", candidates: [Receipts.Coder, other]));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("019a0000-0000-7000-8000-000000000001", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("019b0000-0000-7000-8000-000000000002", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("stored", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("idle", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_NotLive_SuggestsResumeOrHold()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Problem(ErrorCodes.SessionNotLive, 409, "Session 'coder' is stored, not live."));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi");

        Assert.Equal(ExitCodes.NotLive, run.ExitCode);
        Assert.Contains("--resume", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--hold", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_JsonProblemWithReceipt_PrintsThatReceipt()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        var receipt = Receipts.Make(MessageStatus.Failed, error: new ReceiptError(ErrorCodes.TurnFailed, "boom"));
        daemon.AnswerInjectWith(Receipts.Problem(ErrorCodes.TurnFailed, 502, "The turn failed: boom", receipt));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--wait", "--json");

        Assert.Equal(ExitCodes.TurnFailed, run.ExitCode);
        var printed = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        Assert.Equal("failed", printed.GetProperty("status").GetString());
        Assert.Contains("boom", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_JsonProblemWithoutReceipt_PrintsOneErrorObject()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Problem(ErrorCodes.SessionNotFound, 404, "No session named 'coder'."));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--json");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        var report = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        Assert.Equal(ErrorCodes.SessionNotFound, report.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("No session named 'coder'.", report.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, report.GetProperty("exitCode").GetInt32());
        Assert.Contains("No session named 'coder'.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_JsonWithNoDaemonReachable_PrintsOneErrorObject()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("message", "msg_x", "--json");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        var report = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        Assert.Equal(ErrorCodes.DaemonUnreachable, report.GetProperty("error").GetProperty("code").GetString());
    }
}
