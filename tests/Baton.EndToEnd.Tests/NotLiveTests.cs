using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The contract's table for sessions that are not live, against the real Codex. A stored session is one an earlier
/// app-server process created and ran a turn in; the app-server was then stopped and started again.
/// </summary>
public sealed class NotLiveTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<string> CreateStoredSessionAsync(CodexTestEnvironment codex, string name)
    {
        string id;
        await using (var earlier = await codex.ConnectUserAsync(Token))
        {
            id = await earlier.CreateThreadAsync(name, codex.WorkDirectory, Token);
            await earlier.StartTurnAsync(id, $"first words of {name}", Token);
            await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == $"first words of {name}", Token);
            await Task.Delay(500, Token);
        }

        await codex.StopAppServerAsync();
        await codex.StartAppServerAsync(Token);
        return id;
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task StoredSession_NoFlag_Exits4AndDeliversNothing()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await CreateStoredSessionAsync(codex, "archivist");
        using var baton = new BatonTestHome(codex.Home.Path);
        var before = codex.Model.Requests.Count;

        var result = await baton.RunAsync(Token, "inject", "archivist", "--text", "are you there?");
        var show = await baton.RunAsync(Token, "show", "archivist", "--json");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("--resume", result.StdErr, StringComparison.Ordinal);
        await Task.Delay(1000, Token);
        Assert.Equal(before, codex.Model.Requests.Count);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(0, JsonOutput.Single(show.StdOut).GetProperty("pending").GetArrayLength());
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task StoredSession_Resume_LoadsItAndCompletes()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await CreateStoredSessionAsync(codex, "archivist");
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "archivist", "--resume", "--text", "welcome back", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));

        // The model got the whole earlier conversation with the new message.
        var request = Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "welcome back");
        Assert.Contains("first words of archivist", request.UserMessages);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task StoredSession_Hold_KeepsMessageUntilAnotherClientOpensTheSession()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        var id = await CreateStoredSessionAsync(codex, "archivist");
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "archivist", "--hold", "--text", "for when you are back", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("held", receipt.Str("status"));
        var show = JsonOutput.Single((await baton.RunAsync(Token, "show", "archivist", "--json")).StdOut);
        var pending = Assert.Single(show.GetProperty("pending").EnumerateArray());
        Assert.Equal(receipt.Str("messageId"), pending.Str("messageId"));
        var messageId = receipt.Str("messageId");

        // Waiting on a held message waits (as 'inject --hold --wait' does); a timeout leaves it held, exit 124.
        var bounded = await baton.RunAsync(Token, "message", messageId, "--wait", "--timeout", "1s", "--json");
        Assert.True(bounded.ExitCode == 124, bounded.ToString());
        var timedOut = JsonOutput.Single(bounded.StdOut);
        Assert.Equal("timeout", timedOut.Str("status"));
        Assert.Equal("held", timedOut.Str("messageStatus"));
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage == "for when you are back");

        // A waiter started while the message is held answers once the user opens the session (as the TUI does)
        // and the turn that carries the message ends.
        var waiting = baton.RunAsync(Token, "message", messageId, "--wait", "--timeout", "60s", "--json");
        await Task.Delay(1000, Token);
        Assert.False(waiting.IsCompleted, "'message --wait' on a held message returned before the session was opened");
        await using var user = await codex.ConnectUserAsync(Token);
        await user.ResumeThreadAsync(id, Token);
        var waited = await waiting;

        Assert.True(waited.ExitCode == 0, waited.ToString());
        var done = JsonOutput.Single(waited.StdOut);
        Assert.Equal("completed", done.Str("status"));
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "for when you are back");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task IfRunning_StoredOrMissingSession_SkipsWithExit0()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await CreateStoredSessionAsync(codex, "archivist");
        using var baton = new BatonTestHome(codex.Home.Path);

        var stored = await baton.RunAsync(Token, "inject", "archivist", "--if-running", "--text", "only if up", "--json");
        var missing = await baton.RunAsync(Token, "inject", "nobody", "--if-running", "--text", "only if up", "--json");

        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.True(missing.ExitCode == 0, missing.ToString());
        Assert.Equal("skipped", JsonOutput.Single(stored.StdOut).Str("status"));
        Assert.Equal("skipped", JsonOutput.Single(missing.StdOut).Str("status"));
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage == "only if up");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task IfRunning_IdleLiveSession_Delivers()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "coder", "--if-running", "--text", "you are up", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("completed", JsonOutput.Single(result.StdOut).Str("status"));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task CreateIfMissing_NewName_CreatesNamedSessionThatAnswers()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "fresh", "--create-if-missing", "--cwd", codex.WorkDirectory, "--text", "hello, new session", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.Equal("fresh", receipt.GetProperty("session").Str("name"));
        var sessions = JsonOutput.Single((await baton.RunAsync(Token, "sessions", "--json")).StdOut).GetProperty("sessions").EnumerateArray();
        var created = Assert.Single(sessions, s => s.Str("name") == "fresh");
        Assert.Equal(codex.WorkDirectory, created.Str("cwd"));
        Assert.Equal(receipt.GetProperty("session").Str("id"), created.Str("id"));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task MissingSession_NoCreate_Exits3()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "fresh", "--resume", "--text", "hi");

        Assert.Equal(3, result.ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task CreateIfMissing_NoAppServerRunning_StartsCodexDaemonAndDelivers()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, startAppServer: false);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "fresh", "--create-if-missing", "--cwd", codex.WorkDirectory, "--text", "first words", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("completed", JsonOutput.Single(result.StdOut).Str("status"));

        // It is Codex's own daemon, the one a TUI on this home shares: its pid file names a live process.
        Assert.True(File.Exists(Path.Combine(codex.Home.Path, "app-server-daemon", "daemon.pid")));
        await using var user = await codex.ConnectUserAsync(Token);
        Assert.Contains("first words", string.Join('\n', (await user.ListTurnsAsync(JsonOutput.Single(result.StdOut).GetProperty("session").Str("id"), Token)).Select(t => t.GetRawText())), StringComparison.Ordinal);
    }
}
