using System.Globalization;
using Baton.Core.Messages;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// <see cref="IMessageStore"/> on one SQLite file in WAL mode with <c>synchronous=FULL</c>: every commit that stores
/// something new (a message, its keys, a token) is fsynced to the WAL before the call that made it returns, which is
/// what lets the daemon acknowledge a message once it is written. A message's later status changes and audit entries
/// are committed without that fsync (<c>synchronous=NORMAL</c>, see <see cref="CommitDurability.Deferred"/>): they
/// survive a crash of the daemon, and what a power loss could take of them is read back from the agent.
/// </summary>
/// <remarks>
/// <para>
/// Two connections. Every write goes to one <see cref="GroupCommitWriter"/>, which runs the writes of all callers
/// that arrive together in one transaction, so they share one fsync; SQLite admits one writer per file whatever
/// we do, so more writing connections would only meet in SQLite's busy handler. Reads go to a second connection
/// behind a <see cref="SemaphoreSlim"/>: in WAL mode a reader sees every committed write and never waits for the
/// writer's fsync, so a receipt lookup does not queue behind a batch.
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

    private readonly SqliteConnection _writeConnection;
    private readonly SqliteConnection _readConnection;
    private readonly PreparedStatements _writeStatements;
    private readonly PreparedStatements _readStatements;
    private readonly GroupCommitWriter _writer;
    private readonly TimeProvider _time;

    // Never disposed: without AvailableWaitHandle it owns nothing unmanaged, and keeping it lets calls that race
    // DisposeAsync fail with ObjectDisposedException for this store rather than for the semaphore.
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private int _disposed;

    private SqliteMessageStore(SqliteConnection writeConnection, SqliteConnection readConnection, TimeProvider time)
    {
        _writeConnection = writeConnection;
        _readConnection = readConnection;
        _time = time;
        _writeStatements = new PreparedStatements(writeConnection);
        _readStatements = new PreparedStatements(readConnection);
        _writer = new GroupCommitWriter(_writeStatements, () => new ObjectDisposedException(GetType().FullName));
    }

    /// <summary>Opens the database at <paramref name="path"/>, creating its folder, the file and the schema as needed.</summary>
    public static async Task<SqliteMessageStore> OpenAsync(string path, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);

        SqliteConnection? writeConnection = null;
        SqliteConnection? readConnection = null;
        try
        {
            writeConnection = await OpenConnectionAsync(fullPath, cancellationToken);

            // busy_timeout first (in OpenConnectionAsync): switching to WAL needs a moment of exclusive access to the file.
            await ExecuteAsync(writeConnection, "PRAGMA journal_mode=WAL;", cancellationToken);
            await ExecuteAsync(writeConnection, "PRAGMA synchronous=FULL;", cancellationToken);
            await MigrateAsync(writeConnection, fullPath, cancellationToken);

            // Opened after WAL is on and the schema is there; query_only makes a write on it a bug that fails loudly.
            readConnection = await OpenConnectionAsync(fullPath, cancellationToken);
            await ExecuteAsync(readConnection, "PRAGMA query_only=1;", cancellationToken);
            return new SqliteMessageStore(writeConnection, readConnection, time ?? TimeProvider.System);
        }
        catch
        {
            if (readConnection is not null)
            {
                await readConnection.DisposeAsync();
            }

            if (writeConnection is not null)
            {
                await writeConnection.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<SqliteConnection> OpenConnectionAsync(string fullPath, CancellationToken cancellationToken)
    {
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
            await ExecuteAsync(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};", cancellationToken);
            return connection;
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

    /// <summary>Reads a pragma on the writing connection; the tests use it to see the per-connection settings.</summary>
    internal Task<object?> ReadPragmaAsync(string name, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return await command.ExecuteScalarAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="operation"/> in the writer's next batch, in its own savepoint; returns once that batch has
    /// committed. Other tables' classes in this assembly (the audit log) write through here too, so the file keeps a
    /// single writer and a single set of pragmas.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> operation, CancellationToken cancellationToken, CommitDurability durability = CommitDurability.Synced)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.RunAsync(() => operation(_writeConnection), durability, cancellationToken);
    }

    private Task WriteAsync(Func<SqliteConnection, Task> operation, CancellationToken cancellationToken, CommitDurability durability = CommitDurability.Synced) =>
        WriteAsync(async connection =>
        {
            await operation(connection);
            return true;
        }, cancellationToken, durability);

    /// <summary>
    /// Runs a read on the reading connection, which sees every committed write, once every write queued before it
    /// has ended: a caller reads what it was told happened, even what was written after the telling (an inject's
    /// audit entry, a delivered status published before its commit).
    /// </summary>
    /// <param name="afterQueuedWrites">
    /// False only for a read on an inject's own path that needs no write of another caller (the idempotency lookup:
    /// keys are claimed by accepts their callers wait for, and the accept checks the claim again in its own
    /// transaction); under load, waiting would cost every inject a writer's round.
    /// </param>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> operation, CancellationToken cancellationToken, bool afterQueuedWrites = true)
    {
        // On a disposed store the wait throws ObjectDisposedException when writes are pending; the check below does
        // when none are.
        if (afterQueuedWrites)
        {
            await _writer.WhenQueuedWritesEndedAsync(cancellationToken);
        }

        await _readGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return await operation(_readConnection);
        }
        finally
        {
            _readGate.Release();
        }
    }

    /// <summary>
    /// The kept command for <paramref name="sql"/> on <paramref name="connection"/> (one of this store's two, inside a
    /// read or write operation): for the statements every inject runs. Not disposed by the caller.
    /// </summary>
    internal SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var statements = ReferenceEquals(connection, _writeConnection) ? _writeStatements
            : ReferenceEquals(connection, _readConnection) ? _readStatements
            : throw new ArgumentException("Not one of this store's connections.", nameof(connection));
        return statements.For(sql);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Lets the writes already queued finish, then closes the file. Later calls throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.StopAsync();
        await _readGate.WaitAsync();
        try
        {
            _readStatements.Dispose();
            await _readConnection.DisposeAsync();
            _writeStatements.Dispose();

            // Last, so closing it checkpoints the WAL into the main file.
            await _writeConnection.DisposeAsync();
        }
        finally
        {
            _readGate.Release();
        }
    }
}
