using Baton.Core.Messages;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>Idempotency keys: claimed together with the message they belong to, in one transaction.</summary>
public sealed partial class SqliteMessageStore
{
    public Task<string?> InsertUnlessKeyKnownAsync(StoredMessage message, IReadOnlyList<string> keys, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        // IMMEDIATE takes the write lock before the lookup, so even a second process cannot claim a key between our
        // lookup and our insert. Disposing without commit rolls back: a failed insert claims no key.
        using var transaction = _connection.BeginTransaction(deferred: false);
        var existing = await FindKeyOwnerAsync(keys, transaction, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await InsertMessageAsync(message, transaction, cancellationToken);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
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
        return owner is null ? null : await GetMessageAsync(owner, cancellationToken);
    }, cancellationToken);

    public Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE created_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>The message holding the first of <paramref name="keys"/> that is claimed, in the order given.</summary>
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
}
