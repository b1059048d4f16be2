using Baton.Core.Sessions;

namespace Baton.Core.Messages;

/// <summary>
/// Durable record of messages and the sessions Baton has seen. A message is written here before its caller is
/// acknowledged, and this store, not the agent, is the source of truth for what was delivered.
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Everything an accepted inject writes, in one transaction and so one fsync: the message, its keys, and
    /// <paramref name="session"/> recorded as seen. If one of the keys is already claimed, nothing is written and the
    /// id of the message that holds it is returned, so concurrent callers with one key store exactly one message.
    /// </summary>
    Task<string?> AcceptAsync(StoredMessage message, IReadOnlyList<string> keys, AgentSession session, CancellationToken cancellationToken);

    /// <summary>The message that claimed the first of these keys that is known, if any.</summary>
    Task<StoredMessage?> FindByKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Forgets keys claimed before <paramref name="cutoff"/>; their messages stay. Returns how many went.</summary>
    Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the row with the same id. Throws <see cref="Errors.MessageNotFoundException"/> when there is none.
    /// A store may commit this with less durability than <see cref="AcceptAsync"/> (it survives a crash of the
    /// process, not necessarily a power loss): the dispatcher's recovery treats a message it finds queued as in doubt
    /// and asks the agent before sending it again. The change is queued by the time this returns its task: a read
    /// started after that sees it (the dispatcher publishes a delivered status before the commit ends).
    /// </summary>
    Task UpdateAsync(StoredMessage message, CancellationToken cancellationToken);

    Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<StoredMessage>> ListBySessionAsync(string agent, string sessionId, int limit, CancellationToken cancellationToken);

    /// <summary>Messages that are not final (queued, held, delivered), oldest first, for recovery after a restart.</summary>
    Task<IReadOnlyList<StoredMessage>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Sessions Baton has seen, most recently seen first.</summary>
    Task<IReadOnlyList<AgentSession>> ListKnownSessionsAsync(CancellationToken cancellationToken);
}
