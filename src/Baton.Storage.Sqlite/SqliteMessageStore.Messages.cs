using Baton.Core.Errors;
using Baton.Core.Messages;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>Messages: insert, update, and the reads the daemon needs.</summary>
public sealed partial class SqliteMessageStore
{
    private const string MessageColumns =
        "id, agent, session_id, session_name, text, mode, status, turn_id, reply, error_code, error_message, hook_name, idempotency_key, accepted_at, delivered_at, completed_at, caller_uid, caller_pid, token_id, from_session, from_session_name";

    private const string InsertMessageSql =
        $"INSERT INTO messages ({MessageColumns}) VALUES ($id, $agent, $session_id, $session_name, $text, $mode, $status, $turn_id, $reply, $error_code, $error_message, $hook_name, $idempotency_key, $accepted_at, $delivered_at, $completed_at, $caller_uid, $caller_pid, $token_id, $from_session, $from_session_name)";

    // SQLITE_CONSTRAINT_UNIQUE: only the UNIQUE id column can raise it on messages. Matching the extended code keeps
    // any other constraint failure (a bug) from being reported as a duplicate.
    private const int UniqueConstraintFailed = 2067;

    /// <summary>
    /// Stores a new message at the end of the FIFO order. Throws <see cref="InvalidOperationException"/> if its id is
    /// taken. The daemon stores messages through <see cref="AcceptAsync"/>.
    /// </summary>
    public Task InsertAsync(StoredMessage message, CancellationToken cancellationToken) => WriteAsync(
        connection => InsertMessageAsync(connection, message, cancellationToken), cancellationToken);

    private const string UpdateMessageSql =
        "UPDATE messages SET agent=$agent, session_id=$session_id, session_name=$session_name, text=$text, mode=$mode, status=$status, " +
        "turn_id=$turn_id, reply=$reply, error_code=$error_code, error_message=$error_message, hook_name=$hook_name, " +
        "idempotency_key=$idempotency_key, accepted_at=$accepted_at, delivered_at=$delivered_at, completed_at=$completed_at, " +
        "caller_uid=$caller_uid, caller_pid=$caller_pid, token_id=$token_id, from_session=$from_session, from_session_name=$from_session_name WHERE id=$id";

    /// <summary>
    /// A status change of a stored message: committed <see cref="CommitDurability.Deferred"/>, because the message
    /// itself is already on disk and a restarted daemon re-derives its fate from the agent's history.
    /// </summary>
    public Task UpdateAsync(StoredMessage message, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        var command = Prepared(connection, UpdateMessageSql);
        MessageRows.Bind(command, message);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new MessageNotFoundException(message.Id);
        }
    }, cancellationToken, CommitDurability.Deferred);

    public Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken) => ReadAsync(
        connection => GetMessageAsync(connection, messageId, cancellationToken), cancellationToken);

    /// <summary>The session's latest <paramref name="limit"/> messages, newest first.</summary>
    public Task<IReadOnlyList<StoredMessage>> ListBySessionAsync(string agent, string sessionId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync(async connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE agent=$agent AND session_id=$session ORDER BY seq DESC LIMIT $limit";
            command.Parameters.AddWithValue("$agent", agent);
            command.Parameters.AddWithValue("$session", sessionId);
            command.Parameters.AddWithValue("$limit", limit);
            return (IReadOnlyList<StoredMessage>)await MessageRows.ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredMessage>> ListUnfinishedAsync(CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        using var command = connection.CreateCommand();

        // The same IN list as the partial index messages_unfinished, so SQLite can use it.
        command.CommandText = $"SELECT {MessageColumns} FROM messages WHERE status IN ('queued', 'held', 'delivered') ORDER BY seq ASC";
        return (IReadOnlyList<StoredMessage>)await MessageRows.ReadAllAsync(command, cancellationToken);
    }, cancellationToken);

    private async Task InsertMessageAsync(SqliteConnection connection, StoredMessage message, CancellationToken cancellationToken)
    {
        var command = Prepared(connection, InsertMessageSql);
        MessageRows.Bind(command, message);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == UniqueConstraintFailed)
        {
            throw new InvalidOperationException(
                $"A message with id '{message.Id}' is already stored; a new message needs a new id (MessageIds.New()), and a changed one goes through UpdateAsync.", ex);
        }
    }

    private async Task<StoredMessage?> GetMessageAsync(SqliteConnection connection, string messageId, CancellationToken cancellationToken)
    {
        var command = Prepared(connection, $"SELECT {MessageColumns} FROM messages WHERE id=$id");
        command.Parameters.AddWithValue("$id", messageId);
        var found = await MessageRows.ReadAllAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }
}
