using Baton.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// <see cref="IAuditLog"/> over the <c>audit</c> table of the store's file, on the store's own connection, so a daemon
/// has one writer for the whole file. An entry is committed <see cref="CommitDurability.Deferred"/>: it survives a
/// crash of the daemon and reaches the disk with the next synced commit (the next accepted message); the accepted
/// message's own row, synced, keeps who sent it whatever a power loss takes.
/// </summary>
public sealed class SqliteAuditLog(SqliteMessageStore store) : IAuditLog
{
    /// <summary>The most entries one query returns, whatever the caller asks.</summary>
    public const int MaxLimit = 10_000;

    private const string Columns =
        "id, at, action, caller_uid, caller_pid, token_id, session, session_id, agent, mode, hook_name, idempotency_key, message_id, outcome, error_code, error_message, from_session";

    private const string InsertSql =
        "INSERT INTO audit (at, action, caller_uid, caller_pid, token_id, session, session_id, agent, mode, hook_name, idempotency_key, message_id, outcome, error_code, error_message, from_session) " +
        "VALUES ($at, $action, $caller_uid, $caller_pid, $token_id, $session, $session_id, $agent, $mode, $hook_name, $idempotency_key, $message_id, $outcome, $error_code, $error_message, $from_session) " +
        "RETURNING id";

    public Task<AuditEntry> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return store.WriteAsync(async connection =>
        {
            var command = store.Prepared(connection, InsertSql);
            var p = command.Parameters;
            p.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
            p.AddWithValue("$action", entry.Action);
            p.AddWithValue("$caller_uid", MessageRows.ToDb(entry.CallerUid));
            p.AddWithValue("$caller_pid", MessageRows.ToDb(entry.CallerPid));
            p.AddWithValue("$token_id", Text(entry.TokenId));
            p.AddWithValue("$session", Text(entry.Session));
            p.AddWithValue("$session_id", Text(entry.SessionId));
            p.AddWithValue("$agent", Text(entry.Agent));
            p.AddWithValue("$mode", Text(entry.Mode));
            p.AddWithValue("$hook_name", Text(entry.HookName));
            p.AddWithValue("$idempotency_key", Text(entry.IdempotencyKey));
            p.AddWithValue("$message_id", Text(entry.MessageId));
            p.AddWithValue("$outcome", entry.Outcome);
            p.AddWithValue("$error_code", Text(entry.ErrorCode));
            p.AddWithValue("$error_message", Text(entry.ErrorMessage));
            p.AddWithValue("$from_session", Text(entry.FromSession));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return entry with { Id = id };
        }, cancellationToken, CommitDurability.Deferred);
    }

    /// <summary>Newest first; <see cref="AuditQuery.Session"/> matches the session as named or its resolved id.</summary>
    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return store.ReadAsync(async connection =>
        {
            using var command = connection.CreateCommand();
            var where = new List<string>();
            if (query.Session is { } session)
            {
                where.Add("(session = $session OR session_id = $session)");
                command.Parameters.AddWithValue("$session", session);
            }

            if (query.HookName is { } hook)
            {
                where.Add("hook_name = $hook");
                command.Parameters.AddWithValue("$hook", hook);
            }

            if (query.Since is { } since)
            {
                where.Add("at >= $since");
                command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            }

            // The id, not the time, orders: two entries in one millisecond (or under a stepped-back clock) keep the order they were written in.
            command.CommandText = $"SELECT {Columns} FROM audit" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", Math.Min(query.Limit, MaxLimit));
            return (IReadOnlyList<AuditEntry>)await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<List<AuditEntry>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Action = reader.GetString(2),
                CallerUid = MessageRows.OptionalInt(reader, 3),
                CallerPid = MessageRows.OptionalInt(reader, 4),
                TokenId = MessageRows.OptionalText(reader, 5),
                Session = MessageRows.OptionalText(reader, 6),
                SessionId = MessageRows.OptionalText(reader, 7),
                Agent = MessageRows.OptionalText(reader, 8),
                Mode = MessageRows.OptionalText(reader, 9),
                HookName = MessageRows.OptionalText(reader, 10),
                IdempotencyKey = MessageRows.OptionalText(reader, 11),
                MessageId = MessageRows.OptionalText(reader, 12),
                Outcome = reader.GetString(13),
                ErrorCode = MessageRows.OptionalText(reader, 14),
                ErrorMessage = MessageRows.OptionalText(reader, 15),
                FromSession = MessageRows.OptionalText(reader, 16),
            });
        }

        return entries;
    }

    private static object Text(string? value) => (object?)value ?? DBNull.Value;
}
