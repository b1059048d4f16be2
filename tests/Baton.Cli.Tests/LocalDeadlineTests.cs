using System.Diagnostics;
using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests;

/// <summary>
/// A daemon that takes a call and never answers must not hold a command past its --timeout: the CLI gives up by
/// itself a moment after the daemon should have answered.
/// </summary>
public sealed class LocalDeadlineTests
{
    [Theory(Timeout = 30000)]
    [InlineData("inject", "coder", "--text", "hi", "--timeout", "1s")]
    [InlineData("message", "msg_0001", "--wait", "--timeout", "1s")]
    public async Task WaitingCommand_DaemonNeverAnswers_ExitsTimeoutSoonAfterTheLimit(params string[] args)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Path == Baton.Protocol.ApiRoutes.Status)
            {
                return false;
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return true;
        };
        var clock = Stopwatch.StartNew();

        var run = await cli.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Timeout, run.ToString());
        Assert.Contains("Timed out after 1s", run.Stderr, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
    }
}
