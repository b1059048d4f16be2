using System.Collections.Concurrent;
using System.Diagnostics;
using Baton.Agents.Codex;
using Baton.Protocol;

namespace Baton.Bench.Harness;

/// <summary>
/// Follows one session's turns over the bench's own app-server connection (Codex's <c>turn/started</c> and
/// <c>turn/completed</c> notifications, as any client subscribed to the thread receives them) and notes when each
/// arrived here, by <see cref="Stopwatch"/> timestamp.
/// </summary>
public sealed class TurnObserver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<long> _startOrder = new();
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private int _ended;

    private TurnObserver(CodexBackend codex, string sessionId)
    {
        _loop = Task.Run(() => FollowAsync(codex, sessionId, _stop.Token));
    }

    /// <summary>Turns of the session that ended since the observer started.</summary>
    public int TurnsEnded => Volatile.Read(ref _ended);

    /// <summary>Starts following and returns once the subscription is in place (the first state event arrived).</summary>
    public static async Task<TurnObserver> StartAsync(CodexBackend codex, string sessionId, CancellationToken cancellationToken)
    {
        var observer = new TurnObserver(codex, sessionId);
        await observer._following.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return observer;
    }

    /// <summary>When <c>turn/started</c> for <paramref name="turnId"/> arrived.</summary>
    public async Task<long> WaitForTurnStartedAsync(string turnId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_started.TryGetValue(turnId, out var at))
            {
                return at;
            }

            ThrowIfStopped();
            await Task.Delay(1, cancellationToken);
        }
    }

    /// <summary>When the <paramref name="number"/>-th turn since the observer started (1-based) started.</summary>
    public async Task<long> WaitForNthTurnStartedAsync(int number, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_startOrder.Count >= number)
            {
                return _startOrder.ElementAt(number - 1);
            }

            ThrowIfStopped();
            await Task.Delay(1, cancellationToken);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> turns have ended since the observer started.</summary>
    public async Task WaitForTurnsEndedAsync(int count, CancellationToken cancellationToken)
    {
        while (TurnsEnded < count)
        {
            ThrowIfStopped();
            await Task.Delay(5, cancellationToken);
        }
    }

    private void ThrowIfStopped()
    {
        if (_loop.IsCompleted)
        {
            throw new BenchSetupException($"Following the session's turns stopped: {_loop.Exception?.GetBaseException().Message ?? "the stream ended"}");
        }
    }

    private async Task FollowAsync(CodexBackend codex, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in codex.WatchAsync(sessionId, cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                switch (item.Type)
                {
                    case SessionEventType.State:
                        _following.TrySetResult();
                        break;
                    case SessionEventType.TurnStarted when item.TurnId is { } turnId:
                        if (_started.TryAdd(turnId, now))
                        {
                            _startOrder.Enqueue(now);
                        }

                        break;
                    case SessionEventType.TurnEnded:
                        Interlocked.Increment(ref _ended);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _following.TrySetException(exception);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Already reported to whoever waited.
        }

        _stop.Dispose();
    }
}
