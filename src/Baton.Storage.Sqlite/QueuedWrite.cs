namespace Baton.Storage.Sqlite;

/// <summary>
/// One operation waiting for <see cref="GroupCommitWriter"/>: what to run, and the task its caller awaits, which is
/// completed only after the transaction that carried the operation has committed (or failed).
/// </summary>
internal sealed class QueuedWrite(Func<Task<object?>> operation, CommitDurability durability, CancellationToken cancellationToken)
{
    // Continuations run on the thread pool, never on the writer's thread, which must get on with the next batch.
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<Task<object?>> Operation { get; } = operation;

    /// <summary>A marker runs nothing: it finishes when the operations queued before it have.</summary>
    public bool IsMarker { get; private init; }

    public CommitDurability Durability { get; } = durability;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<object?> Completion => _completion.Task;

    /// <summary>What the operation returned, kept until its transaction commits.</summary>
    public object? Result { get; set; }

    /// <summary>Why the operation failed (its own exception, or the commit's); null while it has not.</summary>
    public Exception? Error { get; set; }

    public static QueuedWrite Marker() =>
        new(() => Task.FromResult<object?>(null), CommitDurability.Deferred, CancellationToken.None) { IsMarker = true };

    public void Finish()
    {
        if (Error is OperationCanceledException canceled)
        {
            _completion.TrySetCanceled(canceled.CancellationToken);
        }
        else if (Error is not null)
        {
            _completion.TrySetException(Error);
        }
        else
        {
            _completion.TrySetResult(Result);
        }
    }
}
