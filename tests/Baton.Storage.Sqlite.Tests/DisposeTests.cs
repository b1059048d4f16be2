using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class DisposeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DisposeAsync_CalledTwice_DoesNotThrow()
    {
        await using var test = await TestStore.OpenAsync();

        await test.Store.DisposeAsync();
        await test.Store.DisposeAsync();
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InsertAsync_AfterDispose_ThrowsObjectDisposed()
    {
        await using var test = await TestStore.OpenAsync();
        await test.Store.DisposeAsync();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => test.Store.InsertAsync(Samples.Message(), Token));

        Assert.Equal(typeof(SqliteMessageStore).FullName, error.ObjectName);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task DisposeAsync_WhileWritesAreQueued_EveryWriteEitherLandsOrThrowsObjectDisposed()
    {
        await using var test = await TestStore.OpenAsync();
        var messages = Enumerable.Range(0, 20).Select(i => Samples.Message(text: $"#{i}")).ToList();

        var writes = messages.Select(m => Task.Run(() => test.Store.InsertAsync(m, Token), Token)).ToList();
        await test.Store.DisposeAsync();
        var landed = new List<string>();
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                await writes[i];
                landed.Add(messages[i].Id);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        await test.ReopenAsync();
        Assert.Equal(landed.Order(StringComparer.Ordinal), (await test.Store.ListUnfinishedAsync(Token)).Select(m => m.Id).Order(StringComparer.Ordinal));
    }
}
