using Baton.Core.Messages;
using Baton.Core.Sessions;

namespace Baton.Core.Tests.Messages;

/// <summary>
/// A store whose status updates fail for the messages <paramref name="failsFor"/> picks, as a full or failing disk
/// would fail them, after the agent already has the message; everything else reaches the real store.
/// </summary>
internal sealed class FailingUpdatesStore(IMessageStore inner, Func<StoredMessage, bool> failsFor) : IMessageStore
{
    private int _failed;

    /// <summary>How many updates were refused so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public Task UpdateAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        if (failsFor(message))
        {
            Interlocked.Increment(ref _failed);
            return Task.FromException(new IOException("disk full"));
        }

        return inner.UpdateAsync(message, cancellationToken);
    }

    public Task<string?> AcceptAsync(StoredMessage message, IReadOnlyList<string> keys, AgentSession session, CancellationToken cancellationToken) =>
        inner.AcceptAsync(message, keys, session, cancellationToken);

    public Task<StoredMessage?> FindByKeysAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) => inner.FindByKeysAsync(keys, cancellationToken);

    public Task<int> PurgeKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => inner.PurgeKeysAsync(cutoff, cancellationToken);

    public Task<StoredMessage?> GetAsync(string messageId, CancellationToken cancellationToken) => inner.GetAsync(messageId, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> ListBySessionAsync(string agent, string sessionId, int limit, CancellationToken cancellationToken) =>
        inner.ListBySessionAsync(agent, sessionId, limit, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> ListUnfinishedAsync(CancellationToken cancellationToken) => inner.ListUnfinishedAsync(cancellationToken);

    public Task<IReadOnlyList<AgentSession>> ListKnownSessionsAsync(CancellationToken cancellationToken) => inner.ListKnownSessionsAsync(cancellationToken);
}
