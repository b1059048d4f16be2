using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class IdempotencyKeyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertUnlessKeyKnownAsync_NewKeys_StoresMessageAndClaimsEveryKey()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();

        var owner = await test.Store.InsertUnlessKeyKnownAsync(message, ["key:k", "request:r"], Token);

        Assert.Null(owner);
        Assert.Equal(message, await test.Store.GetAsync(message.Id, Token));
        Assert.Equal(message, await test.Store.FindByKeysAsync(["key:k"], Token));
        Assert.Equal(message, await test.Store.FindByKeysAsync(["request:r"], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertUnlessKeyKnownAsync_OneKeyAlreadyClaimed_ReturnsOwnerAndWritesNothing()
    {
        await using var test = await TestStore.OpenAsync();
        var first = Samples.Message(text: "first");
        var second = Samples.Message(text: "second");
        await test.Store.InsertUnlessKeyKnownAsync(first, ["key:k"], Token);

        var owner = await test.Store.InsertUnlessKeyKnownAsync(second, ["request:new", "key:k"], Token);

        Assert.Equal(first.Id, owner);
        Assert.Null(await test.Store.GetAsync(second.Id, Token));
        Assert.Null(await test.Store.FindByKeysAsync(["request:new"], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertUnlessKeyKnownAsync_SixteenConcurrentCallersWithOneKey_ExactlyOneStored()
    {
        await using var test = await TestStore.OpenAsync();
        var messages = Enumerable.Range(0, 16).Select(i => Samples.Message(text: $"caller {i}")).ToList();

        var owners = await Task.WhenAll(messages.Select(m => Task.Run(() => test.Store.InsertUnlessKeyKnownAsync(m, ["key:burst"], Token), Token)));

        var winner = Assert.Single(await test.Store.ListUnfinishedAsync(Token));
        Assert.Equal(1, owners.Count(o => o is null));
        Assert.All(owners.Where(o => o is not null), o => Assert.Equal(winner.Id, o));
        Assert.Equal(winner, await test.Store.FindByKeysAsync(["key:burst"], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertUnlessKeyKnownAsync_DuplicateMessageId_ThrowsAndClaimsNoKey()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();
        await test.Store.InsertAsync(message, Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => test.Store.InsertUnlessKeyKnownAsync(message with { Text = "again" }, ["key:k"], Token));

        Assert.Null(await test.Store.FindByKeysAsync(["key:k"], Token));
        Assert.Equal(message, await test.Store.GetAsync(message.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertUnlessKeyKnownAsync_SameKeyTwiceInList_ClaimsItOnce()
    {
        await using var test = await TestStore.OpenAsync();
        var message = Samples.Message();

        Assert.Null(await test.Store.InsertUnlessKeyKnownAsync(message, ["key:k", "key:k"], Token));

        Assert.Equal(message, await test.Store.FindByKeysAsync(["key:k"], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task FindByKeysAsync_NoKeyKnown_ReturnsNull()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.InsertUnlessKeyKnownAsync(Samples.Message(), ["key:k"], Token);

        Assert.Null(await test.Store.FindByKeysAsync(["key:other", "request:r"], Token));
        Assert.Null(await test.Store.FindByKeysAsync([], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task FindByKeysAsync_TwoKeysOwnedByTwoMessages_ReturnsOwnerOfTheFirstKeyGiven()
    {
        await using var test = await TestStore.OpenAsync();
        var a = Samples.Message(text: "a");
        var b = Samples.Message(text: "b");
        await test.Store.InsertUnlessKeyKnownAsync(a, ["key:a"], Token);
        await test.Store.InsertUnlessKeyKnownAsync(b, ["key:b"], Token);

        Assert.Equal(b, await test.Store.FindByKeysAsync(["key:missing", "key:b", "key:a"], Token));
        Assert.Equal(a, await test.Store.FindByKeysAsync(["key:a", "key:b"], Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task PurgeKeysAsync_KeysOlderThanCutoff_ForgetsThemKeepsNewerKeysAndAllMessages()
    {
        await using var test = await TestStore.OpenAsync();
        var old = Samples.Message(text: "old") with { AcceptedAt = Samples.Accepted.AddDays(-8) };
        var recent = Samples.Message(text: "recent") with { AcceptedAt = Samples.Accepted.AddDays(-6) };
        await test.Store.InsertUnlessKeyKnownAsync(old, ["key:old", "request:old"], Token);
        await test.Store.InsertUnlessKeyKnownAsync(recent, ["key:recent"], Token);

        var purged = await test.Store.PurgeKeysAsync(Samples.Accepted.AddDays(-7), Token);

        Assert.Equal(2, purged);
        Assert.Null(await test.Store.FindByKeysAsync(["key:old"], Token));
        Assert.Equal(recent, await test.Store.FindByKeysAsync(["key:recent"], Token));
        Assert.Equal(old, await test.Store.GetAsync(old.Id, Token));

        // A purged key is free again: the next message with it is stored, not treated as a replay.
        var reuse = Samples.Message(text: "reuse") with { Status = MessageStatus.Held };
        Assert.Null(await test.Store.InsertUnlessKeyKnownAsync(reuse, ["key:old"], Token));
    }
}
