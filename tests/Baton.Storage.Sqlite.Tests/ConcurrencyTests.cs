using Baton.Core.Messages;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class ConcurrencyTests
{
    private const int Writers = 8;
    private const int InsertsPerWriter = 50;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_EightParallelWritersFiftyEach_AllPresentInEachWritersOrder()
    {
        await using var test = await TestStore.OpenAsync();

        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(test.Store, $"writer-{w}"), Token)));

        var all = await test.Store.ListUnfinishedAsync(Token);
        Assert.Equal(Writers * InsertsPerWriter, all.Count);
        Assert.Equal(written.SelectMany(m => m).Select(m => m.Id).Order(StringComparer.Ordinal), all.Select(m => m.Id).Order(StringComparer.Ordinal));
        foreach (var mine in written)
        {
            // Each writer awaited its inserts one by one, so the store's FIFO order must be the writer's order.
            Assert.Equal(Enumerable.Reverse(mine), await test.Store.ListBySessionAsync("codex", mine[0].SessionId, 1000, Token));
            Assert.Equal(mine, all.Where(m => m.SessionId == mine[0].SessionId));
        }
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task AllOperations_EightParallelCallersMixingThem_EveryUpdateLands()
    {
        var clock = new ManualClock(Samples.Accepted);
        await using var test = await TestStore.OpenAsync(clock);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < InsertsPerWriter / 2; i++)
            {
                var message = Samples.Message(sessionId: $"s{w}", text: $"{w}/{i}");
                Assert.Null(await test.Store.InsertUnlessKeyKnownAsync(message, [$"key:{w}/{i}"], Token));
                await test.Store.UpdateAsync(message with { Status = MessageStatus.Completed, Reply = $"reply {w}/{i}" }, Token);
                await test.Store.UpsertSessionAsync(new Baton.Core.Sessions.AgentSession("codex", $"s{w}", null, SessionState.Idle), Token);
                Assert.Equal($"reply {w}/{i}", (await test.Store.GetAsync(message.Id, Token))!.Reply);
                await test.Store.ListUnfinishedAsync(Token);
                await test.Store.ListKnownSessionsAsync(Token);
            }
        }, Token)));

        Assert.Empty(await test.Store.ListUnfinishedAsync(Token));
        Assert.Equal(Writers, (await test.Store.ListKnownSessionsAsync(Token)).Count);
        for (var w = 0; w < Writers; w++)
        {
            var messages = await test.Store.ListBySessionAsync("codex", $"s{w}", 1000, Token);
            Assert.Equal(InsertsPerWriter / 2, messages.Count);
            Assert.All(messages, m => Assert.Equal(MessageStatus.Completed, m.Status));
        }
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_TwoStoresOnOneFileWritingAtOnce_AllPresent()
    {
        // Two connections, as two processes would have: they meet in SQLite's locks, and busy_timeout makes the
        // loser wait instead of failing with SQLITE_BUSY.
        await using var test = await TestStore.OpenAsync();
        await using var second = await test.OpenSecondAsync();

        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w =>
            Task.Run(() => WriteAsync(w % 2 == 0 ? test.Store : second, $"writer-{w}"), Token)));

        var all = await second.ListUnfinishedAsync(Token);
        Assert.Equal(Writers * InsertsPerWriter, all.Count);
        Assert.Equal(written.SelectMany(m => m).Select(m => m.Id).Order(StringComparer.Ordinal), all.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    private static async Task<List<StoredMessage>> WriteAsync(SqliteMessageStore store, string sessionId)
    {
        var written = new List<StoredMessage>();
        for (var i = 0; i < InsertsPerWriter; i++)
        {
            var message = Samples.Message(sessionId: sessionId, text: $"{sessionId} #{i}");
            await store.InsertAsync(message, Token);
            written.Add(message);
        }

        return written;
    }
}
