using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary><c>baton inject</c> as a user runs it: the real CLI, a daemon it starts itself, the real Codex.</summary>
public sealed class InjectTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_ByNameWithWaitJson_PrintsCompletedReceiptWithReply()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        Assert.Null(baton.DaemonPid());

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "Training finished. Read logs/train.log", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.StartsWith("msg_", receipt.Str("messageId"), StringComparison.Ordinal);
        Assert.Equal(threadId, receipt.GetProperty("session").Str("id"));
        Assert.Equal("coder", receipt.GetProperty("session").Str("name"));
        Assert.Equal("codex", receipt.GetProperty("session").Str("agent"));
        Assert.NotEqual(string.Empty, receipt.Str("turnId"));
        Assert.Contains("last='Training finished. Read logs/train.log'", receipt.Str("reply"), StringComparison.Ordinal);
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "Training finished. Read logs/train.log");

        // Nobody started a daemon by hand: the CLI did, and it keeps running for the next call.
        Assert.NotNull(baton.DaemonPid());
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_ByThreadIdWithWait_PrintsReplyOnStdout()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync(null, codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", threadId, "--text", "hello by id", "--wait");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("last='hello by id'", result.StdOut, StringComparison.Ordinal);
        Assert.StartsWith("FAKE#", result.StdOut, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_TextFileAndStdin_MultiLineNonAsciiArriveIntact()
    {
        const string fromFile = "Line one from a file\n  second line: ünïcödé, 日本語, emoji 🚀\n\"quotes\" and \\backslashes\\\n";
        const string fromStdin = "Über stdin\r\nzweite Zeile — тест ✓\n\nlast line";
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var file = Path.Combine(baton.Path, "prompt.txt");
        await File.WriteAllTextAsync(file, fromFile, Token);

        var viaFile = await baton.RunAsync(Token, "inject", "coder", "--text-file", file, "--wait", "--json");
        var viaAlias = await baton.RunAsync(Token, "inject", "coder", "--text_file", file, "--wait", "--json");
        var viaStdin = await baton.RunAsync(["inject", "coder", "--text", "-", "--wait", "--json"], Token, stdin: fromStdin);

        Assert.True(viaFile.ExitCode == 0, viaFile.ToString());
        Assert.True(viaAlias.ExitCode == 0, viaAlias.ToString());
        Assert.True(viaStdin.ExitCode == 0, viaStdin.ToString());
        Assert.Equal(2, codex.Model.Requests.Count(r => r.LastUserMessage == fromFile));
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == fromStdin);
        Assert.Contains(fromStdin, JsonOutput.Single(viaStdin.StdOut).Str("reply"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_WithoutWait_ReturnsOnceTurnStartedAndMessageLaterShowsCompleted()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        // The model takes 3 s, so a return before the turn ends is visible.
        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "slow one SLOW=3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("delivered", receipt.Str("status"));
        Assert.NotEqual(string.Empty, receipt.Str("turnId"));
        var messageId = receipt.Str("messageId");

        var later = await baton.RunAsync(Token, "message", messageId, "--json");
        Assert.True(later.ExitCode == 0, later.ToString());
        var status = JsonOutput.Single(later.StdOut).Str("status");
        Assert.True(status is "delivered" or "completed", later.ToString());

        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "slow one SLOW=3", Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (status != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Token);
            later = await baton.RunAsync(Token, "message", messageId, "--json");
            status = JsonOutput.Single(later.StdOut).Str("status");
        }

        Assert.Equal("completed", status);
        Assert.Equal(receipt.Str("turnId"), JsonOutput.Single(later.StdOut).Str("turnId"));
        Assert.Contains("slow one SLOW=3", JsonOutput.Single(later.StdOut).Str("reply"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_UnknownSession_Exits3NamingIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "no-such-session", "--text", "hi");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no-such-session", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdOut.Trim());
        Assert.Empty(codex.Model.Requests);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_NameOfTwoSessions_Exits3ListingBoth()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var first = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);
        var second = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "twin", "--text", "which one?");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(first, result.StdErr, StringComparison.Ordinal);
        Assert.Contains(second, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(codex.Model.Requests);
    }

    [Theory(Timeout = TestTimeouts.Codex)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task Inject_EmptyText_Exits2AndSendsNothing(string text)
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", text);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual(string.Empty, result.StdErr.Trim());
        Assert.Empty(codex.Model.Requests);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_CodexAppServerNotRunning_Exits8SayingHowToStartIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, startAppServer: false);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "anyone there?");

        Assert.Equal(8, result.ExitCode);
        Assert.Contains("codex app-server daemon start", result.StdErr, StringComparison.Ordinal);
    }
}
