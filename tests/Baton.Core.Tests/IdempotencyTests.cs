using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests;

public sealed class IdempotencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_SameKeySessionAndText_DeliversOnceAndReplaysFirstReceipt()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        var request = new InjectRequest { Text = "run the tests", IdempotencyKey = "ci-42", Wait = true };

        var first = await harness.Service.InjectAsync("coder", request, DeliveryHarness.Owner, Token);
        var second = await harness.Service.InjectAsync("coder", request, DeliveryHarness.Owner, Token);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.TurnId, second.TurnId);
        Assert.Equal(MessageStatus.Completed, second.Status);
        Assert.Single(harness.Agent.Started);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_SameKeyOtherTextOrSession_ThrowsConflictAndSendsNothing()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        harness.Agent.AddSession("t2", "reviewer", SessionState.Idle);
        await harness.Service.InjectAsync("coder", new InjectRequest { Text = "one", IdempotencyKey = "k" }, DeliveryHarness.Owner, Token);

        var otherText = await Assert.ThrowsAsync<IdempotencyConflictException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = "two", IdempotencyKey = "k" }, DeliveryHarness.Owner, Token));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => harness.Service.InjectAsync("reviewer", new InjectRequest { Text = "one", IdempotencyKey = "k" }, DeliveryHarness.Owner, Token));

        Assert.Equal(ErrorCodes.IdempotencyConflict, otherText.Code);
        Assert.Single(harness.Agent.Started);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_SixteenConcurrentCallsWithOneKey_DeliverOnce()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            harness.Service.InjectAsync("coder", new InjectRequest { Text = "once", IdempotencyKey = "burst" }, DeliveryHarness.Owner, Token))));

        Assert.Single(receipts.Select(r => r.MessageId).Distinct());
        Assert.Equal(15, receipts.Count(r => r.Replayed));
        Assert.Single(harness.Agent.Started);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_RetryWithSameRequestId_DeliversOnce()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        var request = new InjectRequest { Text = "retried by the CLI", RequestId = "r-1" };

        var first = await harness.Service.InjectAsync("coder", request, DeliveryHarness.Owner, Token);
        var retry = await harness.Service.InjectAsync("coder", request, DeliveryHarness.Owner, Token);

        Assert.Equal(first.MessageId, retry.MessageId);
        Assert.Single(harness.Agent.Started);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_KeyPurged_IsFreeAgain()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        await harness.Service.InjectAsync("coder", new InjectRequest { Text = "one", IdempotencyKey = "old" }, DeliveryHarness.Owner, Token);

        var purged = await harness.Store.PurgeKeysAsync(DateTimeOffset.UtcNow.AddMinutes(1), Token);
        // With --wait: "one" may still be finishing its delivery in the session's lane, so "two" may be answered queued.
        var again = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "two", IdempotencyKey = "old", Wait = true, TimeoutMs = 5000 }, DeliveryHarness.Owner, Token);

        Assert.Equal(1, purged);
        Assert.False(again.Replayed);
        Assert.Equal(MessageStatus.Completed, again.Status);
        Assert.Equal(["one", "two"], harness.Agent.Started.Select(s => s.Text));
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData(SessionState.Idle, DeliveryMode.Queue, false, "start a new turn")]
    [InlineData(SessionState.Stored, DeliveryMode.Queue, true, "load the stored session")]
    public async Task InjectAsync_DryRun_ReportsPlanAndChangesNothing(SessionState state, DeliveryMode mode, bool resume, string plan)
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", state);

        var receipt = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "try", Mode = mode, Resume = resume, DryRun = true, IdempotencyKey = "dry" }, DeliveryHarness.Owner, Token);
        var real = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "other text", Mode = mode, Resume = resume, IdempotencyKey = "dry" }, DeliveryHarness.Owner, Token);

        Assert.Equal(MessageStatus.DryRun, receipt.Status);
        Assert.Contains(plan, receipt.Plan, StringComparison.Ordinal);
        Assert.Null(await harness.Store.GetAsync(receipt.MessageId, Token));

        // The dry run did not use the key: a real call with other text is not a conflict.
        Assert.False(real.Replayed);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_DryRunOnStoredWithoutFlags_ThrowsNotLiveLikeTheRealCall()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Stored);

        await Assert.ThrowsAsync<SessionNotLiveException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = "x", DryRun = true }, DeliveryHarness.Owner, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RecoverAsync_MessageTheAgentAlreadyHas_IsNotSentAgain()
    {
        var agent = new ScriptedAgentBackend();
        agent.AddSession("t1", "coder", SessionState.Idle);
        var first = await DeliveryHarness.StartAsync(agent);
        var message = new StoredMessage { Id = MessageIds.New(), Agent = "codex", SessionId = "t1", Text = "sent just before the crash", AcceptedAt = DateTimeOffset.UtcNow };
        await first.Store.InsertAsync(message, Token);
        var folder = await first.StopKeepingDataAsync();

        // The daemon died after Codex took the message and before the store said so.
        agent.AlreadyReceived[message.Id] = "turn-before-crash";
        await using var second = await DeliveryHarness.StartAsync(agent, folder);
        await second.Dispatcher.RecoverAsync(Token);

        var delivered = await second.Progress.WaitAsync(message.Id, m => m.Status != MessageStatus.Queued, Token);
        Assert.Equal("turn-before-crash", delivered.TurnId);
        Assert.Empty(agent.Started);
    }
}
