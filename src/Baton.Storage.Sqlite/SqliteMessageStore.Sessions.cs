using Baton.Core.Sessions;
using Baton.Protocol.Wire;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The sessions Baton has seen, so it can list them when their agent is not reachable.</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Inserts or replaces the session's fields; first_seen_at is kept, last_seen_at and seen_seq move on. The daemon
    /// records sessions through <see cref="AcceptAsync"/>, with the message that made it see them.
    /// </summary>
    public Task UpsertSessionAsync(AgentSession session, CancellationToken cancellationToken) => WriteAsync(
        connection => UpsertSessionAsync(connection, session, _time.GetUtcNow(), cancellationToken), cancellationToken);

    private const string UpsertSessionSql =
        "INSERT INTO sessions (agent, id, name, state, cwd, updated_at, first_seen_at, last_seen_at, seen_seq) " +
        "VALUES ($agent, $id, $name, $state, $cwd, $updated_at, $now, $now, (SELECT IFNULL(MAX(seen_seq), 0) + 1 FROM sessions)) " +
        "ON CONFLICT (agent, id) DO UPDATE SET name=excluded.name, state=excluded.state, cwd=excluded.cwd, " +
        "updated_at=excluded.updated_at, last_seen_at=excluded.last_seen_at, seen_seq=excluded.seen_seq";

    private async Task UpsertSessionAsync(SqliteConnection connection, AgentSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = Prepared(connection, UpsertSessionSql);
        command.Parameters.AddWithValue("$agent", session.Agent);
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$name", (object?)session.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$state", WireNames.Of(session.State));
        command.Parameters.AddWithValue("$cwd", (object?)session.Cwd ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated_at", MessageRows.ToDb(session.UpdatedAt));
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Most recently seen first, by upsert order rather than clock, so equal timestamps cannot tie.</summary>
    public Task<IReadOnlyList<AgentSession>> ListKnownSessionsAsync(CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT agent, id, name, state, cwd, updated_at FROM sessions ORDER BY seen_seq DESC";
        var sessions = new List<AgentSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new AgentSession(
                reader.GetString(0),
                reader.GetString(1),
                MessageRows.OptionalText(reader, 2),
                StoredEnumText.ToState(reader.GetString(3)),
                MessageRows.OptionalText(reader, 4),
                MessageRows.OptionalTime(reader, 5)));
        }

        return (IReadOnlyList<AgentSession>)sessions;
    }, cancellationToken);
}
