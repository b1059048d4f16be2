using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// Writes that arrive together share one transaction and one fsync. What a caller must still be able to rely on:
/// nothing is acknowledged before it is committed, and one bad write does not take its neighbours down with it.
/// </summary>
public sealed class GroupCommitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Writes_WhileAnotherProcessHoldsTheWriteLock_NoneAcknowledgedUntilItIsReleasedThenAllLand()
    {
        await using var test = await TestStore.OpenAsync();
        await using var other = await test.OpenRawAsync();
        await RawDatabase.ExecuteAsync(other, "BEGIN IMMEDIATE;");
        var messages = Enumerable.Range(0, 20).Select(i => Samples.Message(text: $"#{i}")).ToList();

        var writes = messages.Select(m => test.Store.InsertAsync(m, Token)).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300), Token);
        var acknowledgedWhileLocked = writes.Count(w => w.IsCompleted);
        await RawDatabase.ExecuteAsync(other, "COMMIT;");
        await Task.WhenAll(writes);

        Assert.Equal(0, acknowledgedWhileLocked);
        await test.ReopenAsync();
        Assert.Equal(messages.Select(m => m.Id), (await test.Store.ListUnfinishedAsync(Token)).Select(m => m.Id));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Writes_OneOfABatchFails_OnlyThatOneFailsAndItsNeighboursLand()
    {
        await using var test = await TestStore.OpenAsync();
        var taken = Samples.Message(text: "already stored");
        await test.Store.InsertAsync(taken, Token);

        // Holding the write lock from another connection queues every write below into one batch behind it.
        await using var other = await test.OpenRawAsync();
        await RawDatabase.ExecuteAsync(other, "BEGIN IMMEDIATE;");
        var before = Enumerable.Range(0, 5).Select(i => Samples.Message(text: $"before #{i}")).ToList();
        var after = Enumerable.Range(0, 5).Select(i => Samples.Message(text: $"after #{i}")).ToList();
        var writes = before.Select(m => test.Store.InsertAsync(m, Token)).ToList();
        var duplicate = test.Store.InsertAsync(taken with { Text = "same id again" }, Token);
        writes.AddRange(after.Select(m => test.Store.InsertAsync(m, Token)));
        await RawDatabase.ExecuteAsync(other, "COMMIT;");

        await Assert.ThrowsAsync<InvalidOperationException>(() => duplicate);
        await Task.WhenAll(writes);
        await test.ReopenAsync();
        Assert.Equal([taken.Id, .. before.Select(m => m.Id), .. after.Select(m => m.Id)], (await test.Store.ListUnfinishedAsync(Token)).Select(m => m.Id));
        Assert.Equal("already stored", (await test.Store.GetAsync(taken.Id, Token))!.Text);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task AcceptAsync_NewKeys_StoresMessageClaimsKeysAndRecordsSession()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message(sessionId: "019a-1");
        var session = new AgentSession("codex", "019a-1", "coder", SessionState.Idle, "/src/app");

        Assert.Null(await test.Store.AcceptAsync(message, ["key:k"], session, Token));

        await test.ReopenAsync();
        Assert.Equal(message, await test.Store.GetAsync(message.Id, Token));
        Assert.Equal(message, await test.Store.FindByKeysAsync(["key:k"], Token));
        Assert.Equal([session], await test.Store.ListKnownSessionsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task AcceptAsync_KeyAlreadyClaimed_ReturnsOwnerAndWritesNeitherMessageNorSession()
    {
        await using var test = await TestStore.OpenAsync();
        var first = Samples.Message(sessionId: "019a-1", text: "first");
        await test.Store.InsertUnlessKeyKnownAsync(first, ["key:k"], Token);
        var second = Samples.Message(sessionId: "019a-2", text: "second");

        var owner = await test.Store.AcceptAsync(second, ["key:k"], new AgentSession("codex", "019a-2", "other", SessionState.Idle), Token);

        Assert.Equal(first.Id, owner);
        Assert.Null(await test.Store.GetAsync(second.Id, Token));
        Assert.Empty(await test.Store.ListKnownSessionsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task AcceptAsync_SixtyFourCallersAtOnce_EveryMessageAndSessionStoredOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var messages = Enumerable.Range(0, 64).Select(i => Samples.Message(sessionId: $"s{i % 8}", text: $"#{i}")).ToList();

        var owners = await Task.WhenAll(messages.Select(m => Task.Run(
            () => test.Store.AcceptAsync(m, [$"request:{m.Id}"], new AgentSession("codex", m.SessionId, null, SessionState.Running), Token), Token)));

        Assert.All(owners, Assert.Null);
        await test.ReopenAsync();
        Assert.Equal(messages.Select(m => m.Id).Order(StringComparer.Ordinal), (await test.Store.ListUnfinishedAsync(Token)).Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(8, (await test.Store.ListKnownSessionsAsync(Token)).Count);
    }
}
