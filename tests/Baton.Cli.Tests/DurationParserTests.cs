using Baton.Cli.Input;
using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests;

/// <remarks>xunit.v3 enforces Timeout only on async tests, hence the awaits in otherwise synchronous checks.</remarks>
public sealed class DurationParserTests
{
    [Theory(Timeout = 30000)]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("0.25h", 900_000)]
    [InlineData("2.5s", 2_500)]
    [InlineData("1.5ms", 1.5)]
    [InlineData("10MS", 10)]
    [InlineData(" 45s ", 45_000)]
    public async Task TryParse_AcceptedForm_ReturnsDuration(string text, double expectedMilliseconds)
    {
        await Task.Yield();
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(expectedMilliseconds, duration.TotalMilliseconds, precision: 6);
    }

    [Theory(Timeout = 30000)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("ms")]
    [InlineData("-5s")]
    [InlineData("+5s")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("5 s")]
    [InlineData("1,5")]
    [InlineData("5d")]
    [InlineData(".")]
    [InlineData("99999999999999999999999999h")]
    public async Task TryParse_BadForm_ReturnsFalse(string text)
    {
        await Task.Yield();
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_BadTimeout_ExitsTwoNamingValueAndForms()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--timeout", "5x");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'5x'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("500ms, 30s, 5m, 1h", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_GoodTimeout_SendsTimeoutMsToDaemon()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(Protocol.MessageStatus.Queued));

        var run = await cli.RunAsync("inject", "coder", "--text", "hi", "--timeout", "1.5m");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var sent = daemon.SingleInject().TimeoutMs;
        Assert.NotNull(sent);
        Assert.InRange(sent.Value, 80_000, 90_000);
    }

    [Theory(Timeout = 30000)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("1.5d", 36 * 60)]
    [InlineData("90m", 90)]
    [InlineData(" 2h ", 120)]
    public void TryParseAllowingDays_GoodForm_GivesThatSpan(string text, int minutes)
    {
        Assert.True(DurationParser.TryParseAllowingDays(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory(Timeout = 30000)]
    [InlineData("0d")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("5x")]
    [InlineData("5msd")]
    [InlineData("36501d")]
    [InlineData("")]
    public void TryParseAllowingDays_BadForm_ReturnsFalse(string text)
    {
        Assert.False(DurationParser.TryParseAllowingDays(text, out _));
    }
}
