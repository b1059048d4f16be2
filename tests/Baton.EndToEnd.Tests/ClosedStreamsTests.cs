using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The published <c>baton</c> started without a standard stream, or with one that fails (a shell's <c>&gt;&amp;-</c>,
/// <c>&gt;/dev/full</c>): a clear message and the right exit code, never a crash or output sent somewhere else.
/// </summary>
public sealed class ClosedStreamsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Help_StandardOutputClosed_ExitOneSaysSoNotABug()
    {
        using var baton = new BatonTestHome();

        var result = await baton.RunThroughShellAsync(">&-", ["--help"], Token);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("baton: Cannot write to standard output: Bad file descriptor", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", result.StdErr, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Help_StandardOutputFull_ExitOneSaysSo()
    {
        using var baton = new BatonTestHome();

        var result = await baton.RunThroughShellAsync(">/dev/full", ["--help"], Token);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("baton: Cannot write to standard output: No space left on device.", result.StdErr, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectTextFromStdin_StandardInputClosed_UsageErrorAndNothingSent()
    {
        using var baton = new BatonTestHome();

        // Without the reservation, the runtime's /dev/urandom took descriptor 0 and was read as the message.
        var result = await baton.RunThroughShellAsync("<&-", ["inject", "coder", "--text", "-"], Token);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("baton: Cannot read standard input: Bad file descriptor (it was closed when baton started).", result.StdErr, StringComparison.Ordinal);
        Assert.Null(baton.DaemonPid());
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UsageErrorWithJson_OutputAndErrorClosed_ExitTwoNoCrash()
    {
        using var baton = new BatonTestHome();

        var result = await baton.RunThroughShellAsync(">&- 2>&-", ["inject", "coder", "--text", " ", "--json"], Token);

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UsageError_StandardErrorClosed_ExitTwoNoCrash()
    {
        using var baton = new BatonTestHome();

        var result = await baton.RunThroughShellAsync("2>&-", ["inject", "coder", "--text", " "], Token);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.StdOut);
    }
}
