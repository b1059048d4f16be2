using Baton.Core.Sessions;

namespace Baton.Core.Messages;

/// <summary>
/// Durable record of messages and the sessions Baton has seen. A message is written here before its caller is
/// acknowledged, and this store, not the agent, is the source of truth for what was delivered.
/// </summary>
public interface IMessageStore
{
    Task InsertAsync(StoredMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the message and claims every key for it, in one transaction, unless one of the keys is already
    /// claimed: then nothing is written and the id of the message that holds the key is returned. Concurrent callers
    /// with one key therefore store exactly one message.
    /// </summary>
    Task<string?> InsertUnlessKeyKnownAsync(StoredMessage message, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Everything an accepted inject writes, in one transaction and so one fsync: the message, its keys (unless one is
    /// already claimed, as in <see cref="InsertUnlessKeyKnownAsync"/>: then nothing is written and the holder's id is
    /// returned), and <paramref name="session"/> recorded as seen.
    /// </summary>
    Task<string?> AcceptAsync(StoredMessage message, IReadOnlyList<string> keys, AgentSession session, CancellationToken cancellationToken);

    /// <summary>The message that claimed the first of these keys that is known, if any.</summary>
    Task<StoredMessage?> FindByKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Forgets keys claimed before <paramref name="cutoff"/>; their messages stay. Returns how many went.</summary>
    Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Replaces the row with the same id. Throws <see cref="Errors.MessageNotFoundException"/> when there is none.</summary>
    Task UpdateAsync(StoredMessage message, CancellationToken cancellationToken);

    Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ListBySessionAsync(string agent, string sessionId, int limit, CancellationToken cancellationToken);

    /// <summary>Messages that are not final (queued, held, delivered), oldest first, for recovery after a restart.</summary>
    Task<IReadOnlyList<StoredMessage>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Records a session Baton has seen, keyed by (agent, id).</summary>
    Task UpsertSessionAsync(AgentSession session, CancellationToken cancellationToken);

    /// <summary>Sessions Baton has seen, most recently seen first.</summary>
    Task<IReadOnlyList<AgentSession>> ListKnownSessionsAsync(CancellationToken cancellationToken);
}
