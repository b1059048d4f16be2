using Baton.Core.Messages;

namespace Baton.Core.Delivery;

/// <summary>
/// Lets callers wait for a message to reach a state. Every change is queued for the store first and published
/// here second, and a read of the store sees every write queued before it, so a waiter that checks the store after
/// registering can never miss one.
/// </summary>
public sealed class MessageProgress(IMessageStore store)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Waiter>> _waiters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _waitingBehindTurn = new(StringComparer.Ordinal);

    /// <summary>
    /// Notes that a queued message waits for a running turn to end: a caller that does not wait for the turn has its
    /// answer (accepted, queued) without waiting for delivery.
    /// </summary>
    public void MarkWaitingBehindTurn(StoredMessage message)
    {
        lock (_gate)
        {
            _waitingBehindTurn.Add(message.Id);
        }

        Publish(message);
    }

    public bool IsWaitingBehindTurn(string messageId)
    {
        lock (_gate)
        {
            return _waitingBehindTurn.Contains(messageId);
        }
    }

    public void Publish(StoredMessage message)
    {
        List<Waiter>? matched = null;
        lock (_gate)
        {
            if (message.Status != Protocol.MessageStatus.Queued)
            {
                _waitingBehindTurn.Remove(message.Id);
            }

            if (_waiters.TryGetValue(message.Id, out var waiters))
            {
                matched = waiters.Where(w => w.Until(message)).ToList();
            }
        }

        foreach (var waiter in matched ?? [])
        {
            waiter.Completion.TrySetResult(message);
        }
    }

    /// <summary>Completes with the message once <paramref name="until"/> holds for it (at once if it already does).</summary>
    public async Task<StoredMessage> WaitAsync(string messageId, Func<StoredMessage, bool> until, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(until);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(messageId, out var list))
            {
                list = [];
                _waiters[messageId] = list;
            }

            list.Add(waiter);
        }

        try
        {
            var current = await store.GetAsync(messageId, cancellationToken)
                ?? throw new Errors.MessageNotFoundException(messageId);
            if (until(current))
            {
                return current;
            }

            return await waiter.Completion.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                if (_waiters.TryGetValue(messageId, out var list) && list.Remove(waiter) && list.Count == 0)
                {
                    _waiters.Remove(messageId);
                }
            }
        }
    }

    private sealed class Waiter(Func<StoredMessage, bool> until)
    {
        public Func<StoredMessage, bool> Until { get; } = until;

        public TaskCompletionSource<StoredMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
