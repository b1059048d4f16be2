using System.Globalization;
using Baton.Core.Messages;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// <see cref="IMessageStore"/> on one SQLite file in WAL mode with <c>synchronous=FULL</c>: every commit is fsynced
/// to the WAL before the call that made it returns, which is what lets the daemon acknowledge a message once it is
/// written. (<c>synchronous=NORMAL</c> in WAL mode may lose the last commits on power loss.)
/// </summary>
/// <remarks>
/// <para>
/// One connection, used by one operation at a time behind a <see cref="SemaphoreSlim"/>, rather than a pooled
/// connection per operation. SQLite admits one writer per file whatever we do, and the daemon's operations are
/// mostly writes, so more connections would buy no throughput: they would only meet in SQLite's busy handler,
/// which sleeps and retries, where the semaphore queues waiters without polling. Microsoft.Data.Sqlite's async
/// methods run synchronously anyway, so there is no I/O overlap to gain either. One connection also means the
/// per-connection pragmas are set once, and a transaction never interleaves with another operation of ours.
/// </para>
/// <para>
/// <c>busy_timeout</c> still matters: another process may hold the file for a moment (the sqlite3 shell, a
/// daemon that is shutting down while its successor starts), and then we wait instead of failing.
/// </para>
/// <para>
/// Timestamps are kept as unix milliseconds, so they come back exact to the millisecond and in UTC; anything
/// finer is dropped.
/// </para>
/// </remarks>
public sealed partial class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;

    // Never disposed: without AvailableWaitHandle it owns nothing unmanaged, and keeping it lets calls that race
    // DisposeAsync fail with ObjectDisposedException for this store rather than for the semaphore.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private SqliteMessageStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    /// <summary>Opens the database at <paramref name="path"/>, creating its folder, the file and the schema as needed.</summary>
    public static async Task<SqliteMessageStore> OpenAsync(string path, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Disposing the store then really closes the file (checkpointing the WAL), so a store reopened on it, or
            // a test deleting its folder, sees exactly what a restarted daemon would.
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);

            // busy_timeout first: switching to WAL needs a moment of exclusive access to the file.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};", cancellationToken);
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            await ExecuteAsync(connection, "PRAGMA synchronous=FULL;", cancellationToken);
            await MigrateAsync(connection, fullPath, cancellationToken);
            return new SqliteMessageStore(connection, time ?? TimeProvider.System);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the schema steps this file has not had yet; see <see cref="SchemaMigrations"/>.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var latest = SchemaMigrations.Steps.Count;
        while (true)
        {
            // BEGIN IMMEDIATE, then read the version inside the transaction: two processes opening a new file at once
            // take turns, and the second finds the steps done instead of racing the first to CREATE TABLE.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (version == latest)
            {
                return;
            }

            if (version > latest)
            {
                throw new InvalidOperationException(
                    $"The database '{path}' has schema version {version}, but this Baton knows versions up to {latest}: " +
                    "a newer Baton wrote it. Run that newer Baton, or point BATON_HOME at another folder.");
            }

            // user_version is part of the database header, so it commits or rolls back with the step.
            command.CommandText = SchemaMigrations.Steps[version] + $"\nPRAGMA user_version = {version + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Reads a pragma on the store's own connection; the tests use it to see the per-connection settings.</summary>
    internal Task<object?> ReadPragmaAsync(string name, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Lends the store's one connection to another table's class in this assembly (the audit log), under the same
    /// gate, so the file keeps a single writer and a single set of pragmas.
    /// </summary>
    internal Task<T> WithConnectionAsync<T>(Func<SqliteConnection, Task<T>> operation, CancellationToken cancellationToken) =>
        WithConnectionAsync(() => operation(_connection), cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await operation();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task WithConnectionAsync(Func<Task> operation, CancellationToken cancellationToken) =>
        WithConnectionAsync(async () =>
        {
            await operation();
            return true;
        }, cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Waits for the operation in flight, then closes the file. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await _connection.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
