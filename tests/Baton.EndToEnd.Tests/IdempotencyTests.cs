using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

public sealed class IdempotencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task SameKeyTwice_OneDeliveryAndSecondReceiptReplayed()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        string[] args = ["inject", "coder", "--text", "triage the red build", "--idempotency-key", "build-1234", "--wait", "--json"];

        var first = JsonOutput.Single((await baton.RunAsync(args, Token)).StdOut);
        var second = await baton.RunAsync(args, Token);
        var conflict = await baton.RunAsync(Token, "inject", "coder", "--text", "something else", "--idempotency-key", "build-1234", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        var replay = JsonOutput.Single(second.StdOut);
        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.Str("messageId"), replay.Str("messageId"));
        Assert.Equal(first.Str("turnId"), replay.Str("turnId"));
        Assert.Equal("completed", replay.Str("status"));
        Assert.Equal(6, conflict.ExitCode);
        Assert.Contains("build-1234", conflict.StdErr, StringComparison.Ordinal);
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "triage the red build");
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage == "something else");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task SixteenConcurrentCallsWithOneKey_OneDelivery()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var start = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(start.ExitCode == 0, start.ToString());

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            baton.RunAsync(Token, "inject", "coder", "--text", "exactly once", "--idempotency-key", "burst-1", "--json")));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        var receipts = results.Select(r => JsonOutput.Single(r.StdOut)).ToList();
        Assert.Single(receipts.Select(r => r.Str("messageId")).Distinct());
        Assert.Equal(15, receipts.Count(r => r.GetProperty("replayed").GetBoolean()));
        var done = await baton.RunAsync(Token, "message", receipts[0].Str("messageId"), "--wait", "--json");
        Assert.Equal("completed", JsonOutput.Single(done.StdOut).Str("status"));
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "exactly once");
    }
}
