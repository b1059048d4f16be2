using Baton.Core.Audit;
using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// What each write waits for: an accepted message is fsynced before its caller hears of it; a status change and an
/// audit entry only reach the WAL file (they survive the daemon's crash), unless a write that must be synced
/// shares their transaction. The setting is read inside the transaction, so it is the one that commit uses.
/// </summary>
public sealed class CommitDurabilityTests
{
    private const long Normal = 1;
    private const long Full = 2;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task StatusChangeAndAuditEntry_InOneTransaction_CommitWithoutTheFsync()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);
        var log = new SqliteAuditLog(test.Store);

        var synchronous = await InOneBatchAsync(test.Store,
            () => test.Store.UpdateAsync(message with { Status = MessageStatus.Delivered, TurnId = "turn-1" }, Token),
            () => log.RecordAsync(AuditEntryFor(message), Token));

        Assert.Equal(Normal, synchronous);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Accept_InOneTransactionWithDeferredWrites_TheWholeTransactionIsSynced()
    {
        await using var test = await TestStore.OpenAsync();
        var earlier = Samples.Message();
        await test.Store.InsertAsync(earlier, Token);
        var accepted = Samples.Message(text: "accepted with the status change of another");

        var synchronous = await InOneBatchAsync(test.Store,
            () => test.Store.UpdateAsync(earlier with { Status = MessageStatus.Delivered, TurnId = "turn-1" }, Token),
            () => test.Store.AcceptAsync(accepted, ["key:k"], new AgentSession("codex", "t1", null, SessionState.Idle), Token));

        Assert.Equal(Full, synchronous);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Accept_AfterDeferredWrites_IsSyncedAgain()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);
        await test.Store.UpdateAsync(message with { Status = MessageStatus.Delivered, TurnId = "turn-1" }, Token);

        var synchronous = await InOneBatchAsync(test.Store,
            () => test.Store.AcceptAsync(Samples.Message(text: "next"), [], new AgentSession("codex", "t1", null, SessionState.Idle), Token));

        Assert.Equal(Full, synchronous);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DeferredWrites_DaemonKilledBeforeTheFileIsClosed_AreInTheFilesItLeaves()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);
        await test.Store.UpdateAsync(message with { Status = MessageStatus.Delivered, TurnId = "turn-1" }, Token);
        await new SqliteAuditLog(test.Store).RecordAsync(AuditEntryFor(message), Token);

        // What a killed daemon leaves: the database and its WAL as they are now, never checkpointed or closed.
        using var copy = new TempDirectory("killed");
        File.Copy(test.DatabasePath, copy.Combine("baton.db"));
        File.Copy(test.DatabasePath + "-wal", copy.Combine("baton.db-wal"));
        await using var reopened = await SqliteMessageStore.OpenAsync(copy.Combine("baton.db"), cancellationToken: Token);

        var status = await reopened.GetAsync(message.Id, Token);
        Assert.Equal(MessageStatus.Delivered, status?.Status);
        Assert.Equal("turn-1", status?.TurnId);
        var entry = Assert.Single(await new SqliteAuditLog(reopened).QueryAsync(new AuditQuery(), Token));
        Assert.Equal(message.Id, entry.MessageId);
    }

    private static AuditEntry AuditEntryFor(Core.Messages.StoredMessage message) => new()
    {
        At = Samples.Accepted,
        Action = AuditActions.Inject,
        Session = message.SessionId,
        MessageId = message.Id,
        Outcome = "delivered",
    };

    /// <summary>
    /// Runs <paramref name="writes"/> in one transaction of the store's writer, with a deferred probe last that reads
    /// the synchronous setting that transaction will commit with. A first write holds the writer until all are
    /// queued, so none of them can start a transaction of its own.
    /// </summary>
    private static async Task<long> InOneBatchAsync(SqliteMessageStore store, params Func<Task>[] writes)
    {
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = store.WriteAsync(_ =>
        {
            holding.Set();
            release.Wait(Token);
            return Task.FromResult(0);
        }, Token, CommitDurability.Deferred);
        await Task.Run(() => holding.Wait(Token), Token);

        var queued = writes.Select(write => write()).ToList();
        var probe = store.WriteAsync(async connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            return (long)(await command.ExecuteScalarAsync(Token))!;
        }, Token, CommitDurability.Deferred);
        release.Set();

        await holder;
        await Task.WhenAll(queued);
        return await probe;
    }
}
