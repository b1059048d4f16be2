using Baton.Cli.Commands;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class SendingSessionTests
{
    [Theory(Timeout = 30000)]
    [InlineData("019a2326-8ebf-76b0-988a-07d428105783", "019a2326-8ebf-76b0-988a-07d428105783")]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("not an id\"]", null)]
    public void From_CodexThreadIdOfTheAgentsCommand_OnlyAPlainId(string? codexThreadId, string? expected)
    {
        var environment = new Dictionary<string, string?> { ["CODEX_THREAD_ID"] = codexThreadId };

        Assert.Equal(expected, SendingSession.From(name => environment.GetValueOrDefault(name)));
    }

    [Fact(Timeout = 30000)]
    public void From_IdLongerThanTheDaemonTakes_NoSender()
    {
        var longest = new string('a', InjectRequest.MaxFromSessionLength);

        Assert.Equal(longest, SendingSession.From(_ => longest));
        Assert.Null(SendingSession.From(_ => longest + "a"));
    }
}
