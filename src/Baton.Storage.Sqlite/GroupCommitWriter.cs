using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The one writer of the store's file: runs queued operations on its own thread, many to a transaction, so one
/// fsync makes a whole batch durable (group commit). Each caller's task completes only after the commit that
/// carried its operation, so "acknowledged" still means "on disk" with <c>synchronous=FULL</c> (for operations
/// queued <see cref="CommitDurability.Synced"/>; see <see cref="CommitDurability"/> for the others).
/// </summary>
/// <remarks>
/// <para>
/// With one transaction per operation, every inject paid for its own fsync (about 2–4 ms on the machines we
/// measured), and all callers queued behind each other for it: throughput was one fsync's worth of messages.
/// Batching keeps the cost per commit and shares it out.
/// </para>
/// <para>
/// A batch of <see cref="CommitDurability.Deferred"/> writes only commits without the fsync (<c>synchronous=NORMAL</c>);
/// one synced write in a batch makes the whole batch synced. An inject to an idle session writes three times (the
/// accepted message, its delivered status, its audit entry); only the first must be on disk before the answer, and
/// the fsyncs of the other two were about 1.8 ms of its median (issue 6). Since then the answer does not wait for
/// the other two at all, only for them to be queued: a read waits for the writes queued before it
/// (<see cref="WhenQueuedWritesEndedAsync"/>), so nobody reads a state older than an answer they were given. In WAL
/// mode an fsync of the log file puts every earlier commit on disk too, so a deferred write is never left behind a
/// synced one that came later.
/// </para>
/// <para>
/// Each operation runs inside its own savepoint, so one that throws is rolled back alone and its neighbours in the
/// batch still commit. If the commit itself fails, every operation of the batch fails with it: none was acknowledged.
/// </para>
/// <para>
/// A dedicated thread, not the thread pool: Microsoft.Data.Sqlite's calls are synchronous, and an fsync that blocked
/// one of the pool's few threads (two on a 2-core machine) would stall the HTTP server.
/// </para>
/// </remarks>
internal sealed class GroupCommitWriter
{
    /// <summary>Bounds one transaction, so a flood of writers cannot keep a batch (and its callers) open for long.</summary>
    private const int MaxBatch = 256;

    private readonly PreparedStatements _statements;
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<Exception> _disposedError;

    // What the writing connection's synchronous pragma is now; the store opens it with FULL.
    private CommitDurability _current = CommitDurability.Synced;

    // Operations queued and not yet finished; a read that finds none needs to wait for nothing.
    private long _unfinished;

    /// <param name="statements">The writing connection's statements; the operations use them too, on this thread.</param>
    public GroupCommitWriter(PreparedStatements statements, Func<Exception> disposedError)
    {
        _statements = statements;
        _disposedError = disposedError;
        new Thread(Run) { IsBackground = true, Name = "baton-sqlite-writer" }.Start();
    }

    /// <summary>Queues <paramref name="operation"/>; the task completes once the transaction that ran it has committed.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CommitDurability durability, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite(async () => await operation(), durability, cancellationToken);
        Enqueue(write);
        return (T)(await write.Completion)!;
    }

    /// <summary>
    /// Completes once every operation queued before this call has committed (or failed): a read that starts then
    /// sees them all, including writes their callers did not wait for (an inject's audit entry, a status the
    /// dispatcher published before its commit).
    /// </summary>
    public Task WhenQueuedWritesEndedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _unfinished) == 0)
        {
            return Task.CompletedTask;
        }

        // Batches run and finish in queue order, so a marker behind them finishes after the last of them.
        var marker = QueuedWrite.Marker();
        Enqueue(marker);
        return marker.Completion.WaitAsync(cancellationToken);
    }

    private void Enqueue(QueuedWrite write)
    {
        Interlocked.Increment(ref _unfinished);
        if (!_queue.Writer.TryWrite(write))
        {
            Interlocked.Decrement(ref _unfinished);
            throw _disposedError();
        }
    }

    /// <summary>Stops taking operations, runs those already queued, and returns when the last batch has ended.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _stopped.Task;
    }

    private void Run()
    {
        var batch = new List<QueuedWrite>(MaxBatch);
        try
        {
            // Blocking waits are right here: this thread exists only to run batches.
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                if (batch.Exists(w => !w.IsMarker))
                {
                    RunBatch(batch);
                }

                foreach (var write in batch)
                {
                    write.Finish();
                    Interlocked.Decrement(ref _unfinished);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void RunBatch(List<QueuedWrite> batch)
    {
        // Plain SQL rather than SqliteTransaction, whose every call creates a command and parses its SQL again: the
        // statements here run for every batch and every operation. Commands know no transaction object then, and
        // Microsoft.Data.Sqlite lets them run inside this one.
        try
        {
            UseDurability(batch.Exists(w => w.Durability == CommitDurability.Synced) ? CommitDurability.Synced : CommitDurability.Deferred);

            // IMMEDIATE takes the file's write lock up front, so another process cannot write between an operation's
            // reads and its writes (an idempotency key is looked up and claimed in one operation).
            _statements.Execute("BEGIN IMMEDIATE");
        }
        catch (Exception error)
        {
            Fail(batch, error);
            return;
        }

        try
        {
            foreach (var write in batch)
            {
                RunInSavepoint(write);
            }

            _statements.Execute("COMMIT");
        }
        catch (Exception error)
        {
            // COMMIT failed, or a savepoint could not be undone: nothing of this batch is known to be on disk.
            Fail(batch, error);
            RollBack();
        }
    }

    /// <summary>Sets the pragma for the next transaction, when it changes; it takes effect at that transaction's commit.</summary>
    private void UseDurability(CommitDurability durability)
    {
        if (durability != _current)
        {
            _statements.Execute(durability == CommitDurability.Synced ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            _current = durability;
        }
    }

    private static void Fail(List<QueuedWrite> batch, Exception error)
    {
        foreach (var write in batch)
        {
            write.Error ??= error;
        }
    }

    /// <summary>Ends the failed batch's transaction, if SQLite has not ended it already, so the next batch can begin.</summary>
    private void RollBack()
    {
        try
        {
            _statements.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // "no transaction is active": SQLite rolled it back itself (it does on some I/O and memory errors).
        }
    }

    private void RunInSavepoint(QueuedWrite write)
    {
        if (write.IsMarker)
        {
            return;
        }

        if (write.CancellationToken.IsCancellationRequested)
        {
            write.Error = new OperationCanceledException(write.CancellationToken);
            return;
        }

        _statements.Execute("SAVEPOINT operation");
        try
        {
            // The operations complete synchronously (Microsoft.Data.Sqlite has no real async I/O), so this does not block.
            write.Result = write.Operation().GetAwaiter().GetResult();
            _statements.Execute("RELEASE operation");
        }
        catch (Exception error)
        {
            write.Error = error;
            _statements.Execute("ROLLBACK TO operation");
            _statements.Execute("RELEASE operation");
        }
    }
}
