using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The one writer of the store's file: runs queued operations on its own thread, many to a transaction, so one
/// fsync makes a whole batch durable (group commit). Each caller's task completes only after the commit that
/// carried its operation, so "acknowledged" still means "on disk" with <c>synchronous=FULL</c>.
/// </summary>
/// <remarks>
/// <para>
/// With one transaction per operation, every inject paid for its own fsync (about 2–4 ms on the machines we
/// measured), and all callers queued behind each other for it: throughput was one fsync's worth of messages.
/// Batching keeps the cost per commit and shares it out.
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

    private readonly SqliteConnection _connection;
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<Exception> _disposedError;

    public GroupCommitWriter(SqliteConnection connection, Func<Exception> disposedError)
    {
        _connection = connection;
        _disposedError = disposedError;
        new Thread(Run) { IsBackground = true, Name = "baton-sqlite-writer" }.Start();
    }

    /// <summary>Queues <paramref name="operation"/>; the task completes once the transaction that ran it has committed.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite(async () => await operation(), cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw _disposedError();
        }

        return (T)(await write.Completion)!;
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

                RunBatch(batch);
                foreach (var write in batch)
                {
                    write.Finish();
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
        try
        {
            // IMMEDIATE takes the file's write lock up front, so another process cannot write between an operation's
            // reads and its writes (an idempotency key is looked up and claimed in one operation).
            // Commands the operations create on the connection join this transaction by themselves.
            using var transaction = _connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                RunInSavepoint(transaction, write);
            }

            transaction.Commit();
        }
        catch (Exception error)
        {
            // BEGIN or COMMIT failed, or a savepoint could not be undone: nothing of this batch is known to be on disk.
            foreach (var write in batch)
            {
                write.Error ??= error;
            }
        }
    }

    private static void RunInSavepoint(SqliteTransaction transaction, QueuedWrite write)
    {
        if (write.CancellationToken.IsCancellationRequested)
        {
            write.Error = new OperationCanceledException(write.CancellationToken);
            return;
        }

        const string savepoint = "operation";
        transaction.Save(savepoint);
        try
        {
            // The operations complete synchronously (Microsoft.Data.Sqlite has no real async I/O), so this does not block.
            write.Result = write.Operation().GetAwaiter().GetResult();
            transaction.Release(savepoint);
        }
        catch (Exception error)
        {
            write.Error = error;
            transaction.Rollback(savepoint);
            transaction.Release(savepoint);
        }
    }
}
