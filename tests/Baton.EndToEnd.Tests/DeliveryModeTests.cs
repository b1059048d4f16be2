using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The contract's delivery-mode table against the real Codex: a user's client keeps a turn running (the scripted
/// model's SLOW=), and Baton injects in each mode. Assertions are on what the model received and on the turn ids
/// and statuses Codex reported.
/// </summary>
public sealed class DeliveryModeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Queue_ThreeMessagesWhileRunning_BecomeThreeLaterTurnsInOrder()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var running = await user.StartTurnAsync(threadId, "long job SLOW=12", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=12", Token);

        var ids = new List<string>();
        foreach (var text in new[] { "queued one", "queued two", "queued three" })
        {
            var result = await baton.RunAsync(Token, "inject", "coder", "--text", text, "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            var receipt = JsonOutput.Single(result.StdOut);
            Assert.Equal("queued", receipt.Str("status"));
            ids.Add(receipt.Str("messageId"));
        }

        var turns = new List<string>();
        foreach (var id in ids)
        {
            var done = await baton.RunAsync(Token, "message", id, "--wait", "--json");
            var receipt = JsonOutput.Single(done.StdOut);
            Assert.Equal("completed", receipt.Str("status"));
            turns.Add(receipt.Str("turnId"));
        }

        // Each its own turn, none of them the running one, in order.
        Assert.Equal(3, turns.Distinct().Count());
        Assert.DoesNotContain(running, turns);
        var requests = codex.Model.Requests.Where(r => !r.IsTitleRequest).ToList();
        var order = new[] { "queued one", "queued two", "queued three" }
            .Select(text => Assert.Single(requests, r => r.LastUserMessage == text).Number)
            .ToList();
        Assert.Equal(order.Order(), order);

        // Nothing queued reached the model inside the running turn.
        var runningRequests = requests.Where(r => r.LastUserMessage == "long job SLOW=12");
        Assert.All(runningRequests, r => Assert.DoesNotContain(r.UserMessages, m => m.StartsWith("queued", StringComparison.Ordinal)));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Steer_RunningTurn_JoinsItAndTheNextModelRequestCarriesIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var running = await user.StartTurnAsync(threadId, "long job SLOW=12", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=12", Token);

        var result = await baton.RunAsync(Token, "inject", "coder", "--steer", "--text", "STEER: also run the linter", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.Equal("steer", receipt.Str("mode"));
        Assert.Equal(running, receipt.Str("turnId"));
        var steered = Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "STEER: also run the linter");
        Assert.Contains("long job SLOW=12", steered.UserMessages);
        Assert.Contains("last='STEER: also run the linter'", receipt.Str("reply"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Interrupt_RunningTurn_EndsItAsInterruptedAndQueuedMessagesStillRun()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var running = await user.StartTurnAsync(threadId, "long job SLOW=30", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=30", Token);
        var queued = JsonOutput.Single((await baton.RunAsync(Token, "inject", "coder", "--text", "queued before", "--json")).StdOut);
        Assert.Equal("queued", queued.Str("status"));

        var result = await baton.RunAsync(Token, "inject", "coder", "--interrupt", "--text", "INTERRUPT: stop and fix the build", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.NotEqual(running, receipt.Str("turnId"));
        var turns = await user.ListTurnsAsync(threadId, Token);
        Assert.Equal("interrupted", Assert.Single(turns, t => t.Str("id") == running).Str("status"));

        // The message queued before the interrupt is not stranded: it runs as its own turn afterwards.
        var after = JsonOutput.Single((await baton.RunAsync(Token, "message", queued.Str("messageId"), "--wait", "--json")).StdOut);
        Assert.Equal("completed", after.Str("status"));
        var interruptRequest = Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "INTERRUPT: stop and fix the build");
        var queuedRequest = Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "queued before");
        Assert.True(interruptRequest.Number < queuedRequest.Number);
    }

    [Theory(Timeout = TestTimeouts.Codex)]
    [InlineData("--steer")]
    [InlineData("--interrupt")]
    [InlineData("--queue")]
    public async Task AnyMode_IdleSession_StartsANewTurn(string mode)
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "coder", mode, "--text", $"idle {mode}", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.Contains($"last='idle {mode}'", receipt.Str("reply"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Wait_ModelFails_Exits7WithFailedReceiptAndError()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "this will FAIL", "--wait", "--json");

        Assert.Equal(7, result.ExitCode);
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("failed", receipt.Str("status"));
        Assert.NotEqual(string.Empty, receipt.GetProperty("error").Str("message"));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Timeout_WhileQueuedBehindLongTurn_Exits124AndMessageIsDeliveredAfterwards()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        await user.StartTurnAsync(threadId, "long job SLOW=12", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=12", Token);

        // The daemon is started first so the one-second budget is spent waiting in the queue, not starting it.
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "start")).ExitCode);
        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "after the long job", "--wait", "--timeout", "1s", "--json");

        Assert.True(result.ExitCode == 124, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal("timeout", receipt.Str("status"));
        Assert.Equal("queued", receipt.Str("messageStatus"));
        var later = JsonOutput.Single((await baton.RunAsync(Token, "message", receipt.Str("messageId"), "--wait", "--json")).StdOut);
        Assert.Equal("completed", later.Str("status"));
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "after the long job");
    }
}
