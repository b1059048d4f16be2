using Baton.Core.Delivery;
using Baton.Core.Sessions;
using Baton.Core.Tests.Messages;
using Baton.Protocol;
using Baton.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Baton.Core.Tests;

/// <summary>
/// A store that cannot write a status after the agent already has the message: the truth still reaches the caller,
/// the failure reaches the daemon's log, and the session's later messages are still delivered.
/// </summary>
public sealed class StoreFailureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_WaitAndTheStoreCannotRecordTheDelivery_StillAnswersWithTheTurnsEnd()
    {
        var logger = new RecordingLogger<MessageDispatcher>();
        FailingUpdatesStore? failing = null;
        await using var harness = await DeliveryHarness.StartAsync(
            dispatcherStore: store => failing = new FailingUpdatesStore(store, m => m.Status == MessageStatus.Delivered),
            dispatcherLogger: logger);
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        var receipt = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "hello", Wait = true, TimeoutMs = 5000 }, DeliveryHarness.Owner, Token);

        Assert.Equal(MessageStatus.Completed, receipt.Status);
        Assert.Equal("reply to hello", receipt.Reply);
        Assert.Equal(1, failing!.Failed);
        var (level, message, exception) = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(receipt.MessageId, message, StringComparison.Ordinal);
        Assert.IsType<IOException>(exception);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Dispatcher_StoreCannotRecordAnyStatusOfAMessage_TheSessionsNextMessageIsStillDelivered()
    {
        var logger = new RecordingLogger<MessageDispatcher>();
        await using var harness = await DeliveryHarness.StartAsync(
            dispatcherStore: store => new FailingUpdatesStore(store, m => m.Text == "first"),
            dispatcherLogger: logger);
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        // Turns end when the test says: one that ended at once could make the first answer say completed.
        harness.Agent.AutoComplete = false;
        var first = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "first" }, DeliveryHarness.Owner, Token);
        harness.Agent.EndTurn("t1");
        var waitingForSecond = harness.Service.InjectAsync("coder", new InjectRequest { Text = "second", Wait = true, TimeoutMs = 5000 }, DeliveryHarness.Owner, Token);
        while (harness.Agent.Started.Count < 2 && !waitingForSecond.IsCompleted)
        {
            await Task.Delay(20, Token);
        }

        if (harness.Agent.Started.Count == 2)
        {
            harness.Agent.EndTurn("t1");
        }

        var second = await waitingForSecond;

        Assert.Equal(MessageStatus.Delivered, first.Status);
        Assert.Equal(MessageStatus.Completed, second.Status);
        Assert.Equal(["first", "second"], harness.Agent.Started.Select(s => s.Text));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(first.MessageId, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(second.MessageId, StringComparison.Ordinal));
    }
}
