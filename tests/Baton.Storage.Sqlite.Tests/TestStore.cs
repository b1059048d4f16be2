using Baton.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>A <see cref="SqliteMessageStore"/> on a file in a fresh temp folder; disposing closes it and deletes the folder.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly TimeProvider? _time;

    private TestStore(TempDirectory folder, string databasePath, TimeProvider? time, SqliteMessageStore store)
    {
        _folder = folder;
        DatabasePath = databasePath;
        _time = time;
        Store = store;
    }

    public string DatabasePath { get; }

    public SqliteMessageStore Store { get; private set; }

    /// <param name="time">The clock the store stamps sessions with; the system clock when null.</param>
    /// <param name="subfolder">Puts the file in a folder that does not exist yet, to see OpenAsync create it.</param>
    public static async Task<TestStore> OpenAsync(TimeProvider? time = null, string? subfolder = null)
    {
        var folder = new TempDirectory("store");
        try
        {
            var path = subfolder is null ? folder.Combine("baton.db") : folder.Combine(subfolder, "baton.db");
            var store = await SqliteMessageStore.OpenAsync(path, time, TestContext.Current.CancellationToken);
            return new TestStore(folder, path, time, store);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Closes the store and opens a new one on the same file, as a restarted daemon would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteMessageStore.OpenAsync(DatabasePath, _time, TestContext.Current.CancellationToken);
    }

    /// <summary>Opens a second store on the same file, as another process would; the caller disposes it.</summary>
    public Task<SqliteMessageStore> OpenSecondAsync() => SqliteMessageStore.OpenAsync(DatabasePath, _time, TestContext.Current.CancellationToken);

    /// <summary>A plain connection to the same file, to look at it from outside the store.</summary>
    public Task<SqliteConnection> OpenRawAsync() => RawDatabase.OpenAsync(DatabasePath);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}
