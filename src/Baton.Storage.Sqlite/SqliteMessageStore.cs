using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// <see cref="IMessageStore"/> on one SQLite file in WAL mode with <c>synchronous=FULL</c>: a message is on disk
/// before the call that wrote it returns, which is what lets the daemon acknowledge it.
/// </summary>
/// <remarks>
/// One connection, used by one operation at a time. SQLite serialises writers anyway; a single connection avoids
/// SQLITE_BUSY between our own writers and keeps prepared statements warm.
/// </remarks>
public sealed class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private const string MessageColumns =
        "id, agent, session_id, session_name, text, mode, status, turn_id, reply, error_code, error_message, hook_name, idempotency_key, accepted_at, delivered_at, completed_at";

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteMessageStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public static async Task<SqliteMessageStore> OpenAsync(string path, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;", cancellationToken);
            await MigrateAsync(connection, cancellationToken);
            return new SqliteMessageStore(connection, time ?? TimeProvider.System);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task InsertAsync(StoredMessage message, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"INSERT INTO messages ({MessageColumns}) VALUES ($id, $agent, $session_id, $session_name, $text, $mode, $status, $turn_id, $reply, $error_code, $error_message, $hook_name, $idempotency_key, $accepted_at, $delivered_at, $completed_at)";
        Bind(command, message);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"A message with id '{message.Id}' is already stored.", ex);
        }
    }, cancellationToken);

    public Task<string?> InsertUnlessKeyKnownAsync(StoredMessage message, IReadOnlyList<string> keys, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var transaction = _connection.BeginTransaction();
        var existing = await FindKeyOwnerAsync(keys, transaction, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO messages ({MessageColumns}) VALUES ($id, $agent, $session_id, $session_name, $text, $mode, $status, $turn_id, $reply, $error_code, $error_message, $hook_name, $idempotency_key, $accepted_at, $delivered_at, $completed_at)";
            Bind(insert, message);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var key in keys)
        {
            using var claim = _connection.CreateCommand();
            claim.Transaction = transaction;
            claim.CommandText = "INSERT INTO idempotency_keys (key, message_id, created_at) VALUES ($key, $message, $at)";
            claim.Parameters.AddWithValue("$key", key);
            claim.Parameters.AddWithValue("$message", message.Id);
            claim.Parameters.AddWithValue("$at", message.AcceptedAt.ToUnixTimeMilliseconds());
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (string?)null;
    }, cancellationToken);

    public Task<StoredMessage?> FindByKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        var owner = await FindKeyOwnerAsync(keys, transaction: null, cancellationToken);
        if (owner is null)
        {
            return null;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE id=$id";
        command.Parameters.AddWithValue("$id", owner);
        return (await ReadMessagesAsync(command, cancellationToken)).FirstOrDefault();
    }, cancellationToken);

    public Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE created_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    private async Task<string?> FindKeyOwnerAsync(IReadOnlyList<string> keys, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT message_id FROM idempotency_keys WHERE key=$key";
            command.Parameters.AddWithValue("$key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is string owner)
            {
                return owner;
            }
        }

        return null;
    }

    public Task UpdateAsync(StoredMessage message, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            "UPDATE messages SET agent=$agent, session_id=$session_id, session_name=$session_name, text=$text, mode=$mode, status=$status, " +
            "turn_id=$turn_id, reply=$reply, error_code=$error_code, error_message=$error_message, hook_name=$hook_name, " +
            "idempotency_key=$idempotency_key, accepted_at=$accepted_at, delivered_at=$delivered_at, completed_at=$completed_at WHERE id=$id";
        Bind(command, message);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new MessageNotFoundException(message.Id);
        }
    }, cancellationToken);

    public Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE id=$id";
        command.Parameters.AddWithValue("$id", messageId);
        return (await ReadMessagesAsync(command, cancellationToken)).FirstOrDefault();
    }, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> ListBySessionAsync(string agent, string sessionId, int limit, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE agent=$agent AND session_id=$session ORDER BY seq DESC LIMIT $limit";
        command.Parameters.AddWithValue("$agent", agent);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$limit", limit);
        return (IReadOnlyList<StoredMessage>)await ReadMessagesAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> ListUnfinishedAsync(CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE status IN ('queued', 'held', 'delivered') ORDER BY seq ASC";
        return (IReadOnlyList<StoredMessage>)await ReadMessagesAsync(command, cancellationToken);
    }, cancellationToken);

    public Task UpsertSessionAsync(AgentSession session, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            "INSERT INTO sessions (agent, id, name, state, cwd, updated_at, first_seen_at, last_seen_at) " +
            "VALUES ($agent, $id, $name, $state, $cwd, $updated_at, $now, $now) " +
            "ON CONFLICT (agent, id) DO UPDATE SET name=excluded.name, state=excluded.state, cwd=excluded.cwd, " +
            "updated_at=excluded.updated_at, last_seen_at=excluded.last_seen_at";
        command.Parameters.AddWithValue("$agent", session.Agent);
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$name", (object?)session.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$state", WireNames.Of(session.State));
        command.Parameters.AddWithValue("$cwd", (object?)session.Cwd ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated_at", ToDb(session.UpdatedAt));
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<AgentSession>> ListKnownSessionsAsync(CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT agent, id, name, state, cwd, updated_at FROM sessions ORDER BY last_seen_at DESC";
        var sessions = new List<AgentSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new AgentSession(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                WireNames.ToState(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                FromDb(reader, 5)));
        }

        return (IReadOnlyList<AgentSession>)sessions;
    }, cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
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

    private static void Bind(SqliteCommand command, StoredMessage m)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", m.Id);
        p.AddWithValue("$agent", m.Agent);
        p.AddWithValue("$session_id", m.SessionId);
        p.AddWithValue("$session_name", (object?)m.SessionName ?? DBNull.Value);
        p.AddWithValue("$text", m.Text);
        p.AddWithValue("$mode", WireNames.Of(m.Mode));
        p.AddWithValue("$status", WireNames.Of(m.Status));
        p.AddWithValue("$turn_id", (object?)m.TurnId ?? DBNull.Value);
        p.AddWithValue("$reply", (object?)m.Reply ?? DBNull.Value);
        p.AddWithValue("$error_code", (object?)m.ErrorCode ?? DBNull.Value);
        p.AddWithValue("$error_message", (object?)m.ErrorMessage ?? DBNull.Value);
        p.AddWithValue("$hook_name", (object?)m.HookName ?? DBNull.Value);
        p.AddWithValue("$idempotency_key", (object?)m.IdempotencyKey ?? DBNull.Value);
        p.AddWithValue("$accepted_at", m.AcceptedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$delivered_at", ToDb(m.DeliveredAt));
        p.AddWithValue("$completed_at", ToDb(m.CompletedAt));
    }

    private static async Task<List<StoredMessage>> ReadMessagesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new StoredMessage
            {
                Id = reader.GetString(0),
                Agent = reader.GetString(1),
                SessionId = reader.GetString(2),
                SessionName = Optional(reader, 3),
                Text = reader.GetString(4),
                Mode = WireNames.ToMode(reader.GetString(5)),
                Status = WireNames.ToStatus(reader.GetString(6)),
                TurnId = Optional(reader, 7),
                Reply = Optional(reader, 8),
                ErrorCode = Optional(reader, 9),
                ErrorMessage = Optional(reader, 10),
                HookName = Optional(reader, 11),
                IdempotencyKey = Optional(reader, 12),
                AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                DeliveredAt = FromDb(reader, 14),
                CompletedAt = FromDb(reader, 15),
            });
        }

        return messages;
    }

    private static string? Optional(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static object ToDb(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    private static DateTimeOffset? FromDb(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = current; step < SchemaMigrations.Steps.Count; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SchemaMigrations.Steps[step] + $"; PRAGMA user_version = {step + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }
}
