using Baton.Core.Audit;
using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// The daemon answers an inject without waiting for its audit entry's commit, and tells a waiter "delivered" before
/// that status is committed. What a caller relies on: a read made after the answer sees what the answer said. The
/// writer is held back here by another connection's write lock, so every write below stays queued until released.
/// </summary>
public sealed class ReadAfterQueuedWriteTests
{
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task GetAsync_AfterAnUpdateNobodyWaitedFor_WaitsForItsCommitAndReturnsTheNewStatus()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);
        await using var other = await test.OpenRawAsync();
        await RawDatabase.ExecuteAsync(other, "BEGIN IMMEDIATE;");

        var update = test.Store.UpdateAsync(message with { Status = MessageStatus.Delivered, TurnId = "turn-1" }, Token);
        var read = test.Store.GetAsync(message.Id, Token);
        await Task.Delay(Held, Token);
        var answeredWhileQueued = read.IsCompleted;
        await RawDatabase.ExecuteAsync(other, "COMMIT;");

        Assert.False(answeredWhileQueued);
        var seen = await read;
        Assert.Equal(MessageStatus.Delivered, seen!.Status);
        Assert.Equal("turn-1", seen.TurnId);
        await update;
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task QueryAsync_AfterAnEntryNobodyWaitedFor_FindsIt()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        await using var other = await test.OpenRawAsync();
        await RawDatabase.ExecuteAsync(other, "BEGIN IMMEDIATE;");

        var record = log.RecordAsync(new AuditEntry { At = Samples.Accepted, Action = AuditActions.Inject, Session = "coder", HookName = "ci", Outcome = "queued" }, Token);
        var query = log.QueryAsync(new AuditQuery { Limit = 10 }, Token);
        await Task.Delay(Held, Token);
        await RawDatabase.ExecuteAsync(other, "COMMIT;");

        var entry = Assert.Single(await query);
        Assert.Equal("ci", entry.HookName);
        Assert.Equal((await record).Id, entry.Id);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task FindByKeysAsync_WhileOtherWritesAreQueued_AnswersWithoutWaitingForThem()
    {
        await using var test = await TestStore.OpenAsync();
        var first = Samples.Message(text: "first");
        Assert.Null(await test.Store.AcceptAsync(first, ["key:k"], new AgentSession("codex", first.SessionId, "coder", SessionState.Idle), Token));
        await using var other = await test.OpenRawAsync();
        await RawDatabase.ExecuteAsync(other, "BEGIN IMMEDIATE;");

        var queued = test.Store.InsertAsync(Samples.Message(text: "second"), Token);
        var found = test.Store.FindByKeysAsync(["key:k"], Token);
        var answered = await Task.WhenAny(found, Task.Delay(TimeSpan.FromSeconds(5), Token)) == found;
        await RawDatabase.ExecuteAsync(other, "COMMIT;");

        Assert.True(answered, "the idempotency lookup waited for a write it does not need");
        Assert.Equal(first.Id, (await found)!.Id);
        await queued;
    }
}
