using Baton.Core.Messages;
using Baton.Core.Sessions;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>Idempotency keys: claimed together with the message they belong to, in one transaction.</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Inserts the message and claims every key for it, in one transaction, unless one of the keys is already
    /// claimed: then nothing is written and the id of the message that holds the key is returned. The daemon goes
    /// through <see cref="AcceptAsync"/>, which does this and records the session too.
    /// </summary>
    public Task<string?> InsertUnlessKeyKnownAsync(StoredMessage message, IReadOnlyList<string> keys, CancellationToken cancellationToken) => WriteAsync(
        connection => InsertUnlessKeyKnownAsync(connection, message, keys, cancellationToken), cancellationToken);

    public Task<string?> AcceptAsync(StoredMessage message, IReadOnlyList<string> keys, AgentSession session, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        var winner = await InsertUnlessKeyKnownAsync(connection, message, keys, cancellationToken);
        if (winner is null)
        {
            await UpsertSessionAsync(connection, session, _time.GetUtcNow(), cancellationToken);
        }

        return winner;
    }, cancellationToken);

    private async Task<string?> InsertUnlessKeyKnownAsync(SqliteConnection connection, StoredMessage message, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // The writer's transaction is IMMEDIATE, so even a second process cannot claim a key between our lookup and
        // our insert, and this operation's savepoint is rolled back if it fails: a failed insert claims no key.
        var existing = await FindKeyOwnerAsync(connection, keys, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await InsertMessageAsync(connection, message, cancellationToken);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var claim = Prepared(connection, "INSERT INTO idempotency_keys (key, message_id, created_at) VALUES ($key, $message, $at)");
            claim.Parameters.AddWithValue("$key", key);
            claim.Parameters.AddWithValue("$message", message.Id);
            claim.Parameters.AddWithValue("$at", message.AcceptedAt.ToUnixTimeMilliseconds());
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        return null;
    }

    public Task<StoredMessage?> FindByKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) => ReadAsync(async connection =>
    {
        var owner = await FindKeyOwnerAsync(connection, keys, cancellationToken);
        return owner is null ? null : await GetMessageAsync(connection, owner, cancellationToken);
    }, cancellationToken, afterQueuedWrites: false);

    public Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => WriteAsync(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE created_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>The message holding the first of <paramref name="keys"/> that is claimed, in the order given.</summary>
    private async Task<string?> FindKeyOwnerAsync(SqliteConnection connection, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            var command = Prepared(connection, "SELECT message_id FROM idempotency_keys WHERE key=$key");
            command.Parameters.AddWithValue("$key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is string owner)
            {
                return owner;
            }
        }

        return null;
    }
}
