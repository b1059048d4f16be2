using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

public sealed class WatchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Watch_Json_FollowsUserMessagesFromAnyoneAgentOutputAndTurnEnds()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        using var watch = baton.Start("watch", "coder", "--json");
        await watch.WaitForLineAsync(l => l.Contains("\"type\":\"state\"", StringComparison.Ordinal), Token);

        // One turn typed by the user in their own client, one injected through Baton.
        var typed = await user.StartTurnAsync(threadId, "typed by the human", Token);
        await watch.WaitForLineAsync(l => l.Contains("\"turnEnded\"", StringComparison.Ordinal) && l.Contains(typed, StringComparison.Ordinal), Token);
        var injected = JsonOutput.Single((await baton.RunAsync(Token, "inject", "coder", "--text", "sent by CI", "--wait", "--json")).StdOut);

        await watch.WaitForLineAsync(l => l.Contains("\"turnEnded\"", StringComparison.Ordinal) && l.Contains(injected.Str("turnId"), StringComparison.Ordinal), Token);
        var events = watch.Lines.Select(JsonOutput.Single).ToList();
        Assert.Contains(events, e => e.Str("type") == "userMessage" && e.Str("text") == "typed by the human" && e.Str("turnId") == typed);
        Assert.Contains(events, e => e.Str("type") == "userMessage" && e.Str("text") == "sent by CI" && e.Str("clientId") == injected.Str("messageId"));
        Assert.Contains(events, e => e.Str("type") == "agentDelta" && e.Str("turnId") == injected.Str("turnId"));
        Assert.Contains(events, e => e.Str("type") == "agentMessage" && e.Str("text") == injected.Str("reply"));
        Assert.Contains(events, e => e.Str("type") == "turnEnded" && e.Str("turnId") == injected.Str("turnId") && e.Str("status") == "completed");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Watch_Readable_ShowsInjectedMessageAndReply()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        using var watch = baton.Start("watch", "coder");
        await watch.WaitForLineAsync(l => l.Contains("is idle", StringComparison.Ordinal), Token);

        await baton.RunAsync(Token, "inject", "coder", "--text", "readable please", "--wait");

        await watch.WaitForLineAsync(l => l.Contains("■ turn", StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal), Token);
        Assert.Contains(watch.Lines, l => l.Contains("user (via Baton, msg_", StringComparison.Ordinal) && l.EndsWith("readable please", StringComparison.Ordinal));
        Assert.Contains(watch.Lines, l => l.StartsWith("agent: FAKE#", StringComparison.Ordinal) && l.Contains("last='readable please'", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Watch_UnknownSession_Exits3()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "watch", "nobody");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("nobody", result.StdErr, StringComparison.Ordinal);
    }
}
