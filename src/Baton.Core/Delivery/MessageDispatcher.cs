using System.Threading.Channels;
using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Core.Delivery;

/// <summary>
/// Hands stored messages to their agents, one lane per session: a lane starts a message's turn only when the
/// session is idle, so queued messages become their own turns in FIFO order and are never folded into a
/// running turn. Steer and interrupt messages skip the lane and act at once. A per-session gate makes every
/// "is it idle? then start a turn" step atomic with respect to Baton's own callers. Every state change is
/// written to the store, then published.
/// </summary>
public sealed class MessageDispatcher : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly IMessageStore _store;
    private readonly AgentRegistry _agents;
    private readonly MessageProgress _progress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Agent, string SessionId), SessionLane> _lanes = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _followers = [];

    /// <summary>Messages that may have reached the agent already (recovered after a restart, or sent over a connection that dropped).</summary>
    private readonly HashSet<string> _inDoubt = new(StringComparer.Ordinal);

    private readonly bool _markInjected;

    /// <param name="markInjected">Whether the agent sees a first line marking the message as injected (see <see cref="ProvenanceMarker"/>).</param>
    public MessageDispatcher(IMessageStore store, AgentRegistry agents, MessageProgress progress, TimeProvider? time = null, ILogger<MessageDispatcher>? logger = null, bool markInjected = true)
    {
        _markInjected = markInjected;
        _store = store;
        _agents = agents;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<MessageDispatcher>.Instance;
    }

    /// <summary>
    /// Takes a stored message: a queued or held one goes to the end of its session's lane; a steer or interrupt
    /// acts at once.
    /// </summary>
    public void Enqueue(StoredMessage message)
    {
        var lane = Lane(message.Agent, message.SessionId);
        if (message.Mode != DeliveryMode.Queue && message.Status == MessageStatus.Queued)
        {
            Track(Task.Run(() => DeliverNowAsync(_agents.Get(message.Agent), lane, message)));
            return;
        }

        lock (_gate)
        {
            lane.Pending++;
        }

        lane.Messages.Writer.TryWrite(message);
    }

    private SessionLane Lane(string agent, string sessionId)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue((agent, sessionId), out var lane))
            {
                lane = new SessionLane();
                _lanes[(agent, sessionId)] = lane;
                lane.Loop = Task.Run(() => RunLaneAsync(agent, sessionId, lane));
            }

            return lane;
        }
    }

    /// <summary>Messages waiting in the session's lane (accepted, turn not started).</summary>
    public int PendingCount(string agent, string sessionId)
    {
        lock (_gate)
        {
            return _lanes.TryGetValue((agent, sessionId), out var lane) ? lane.Pending : 0;
        }
    }

    /// <summary>After a restart: queue again what was queued, and follow the turns of what was delivered.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await _store.ListUnfinishedAsync(cancellationToken);
        var queued = 0;
        var delivered = 0;
        foreach (var message in unfinished)
        {
            if (message.Status is MessageStatus.Queued or MessageStatus.Held)
            {
                MarkInDoubt(message.Id);
                Enqueue(message);
                queued++;
            }
            else if (message.Status == MessageStatus.Delivered && message.TurnId is not null)
            {
                Follow(_agents.Get(message.Agent), message);
                delivered++;
            }
        }

        DeliveryLog.Recovered(_logger, queued, delivered);
    }

    private async Task RunLaneAsync(string agent, string sessionId, SessionLane lane)
    {
        var backend = _agents.Get(agent);
        var stop = _stopping.Token;
        await foreach (var message in lane.Messages.Reader.ReadAllAsync(stop))
        {
            try
            {
                await DeliverInLaneAsync(backend, lane, message);
            }
            finally
            {
                lock (_gate)
                {
                    lane.Pending--;
                }
            }
        }
    }

    /// <summary>
    /// Runs one delivery attempt until it succeeds or fails for good. Accepted messages are never dropped: while the
    /// agent is unreachable the message stays as it is and the attempt is made again.
    /// </summary>
    private async Task RetryUntilDoneAsync(StoredMessage message, Func<CancellationToken, Task> attempt)
    {
        var stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await attempt(stop);
                return;
            }
            catch (AgentUnreachableException)
            {
                // The connection may have dropped after the agent took the message: check before sending again.
                MarkInDoubt(message.Id);
                DeliveryLog.AgentUnreachable(_logger, message.Id, RetryDelay);
                await Task.Delay(RetryDelay, _time, stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                DeliveryLog.DeliveryFailed(_logger, ex, message.Id);
                await FinishAsync(message with
                {
                    Status = MessageStatus.Failed,
                    ErrorCode = ex is BatonException b ? b.Code : ErrorCodes.Internal,
                    ErrorMessage = ex.Message,
                    CompletedAt = _time.GetUtcNow(),
                });
                return;
            }
        }
    }

    /// <summary>A queued (or held) message: its own turn once the session is idle, after everything before it.</summary>
    private Task DeliverInLaneAsync(IAgentBackend backend, SessionLane lane, StoredMessage message) => RetryUntilDoneAsync(message, async stop =>
    {
        if (message.Status == MessageStatus.Held)
        {
            // Held until the user (or a later --resume) loads the session; Baton does not load it itself.
            await backend.WaitUntilLiveAsync(message.SessionId, stop);
            message = message with { Status = MessageStatus.Queued };
            await _store.UpdateAsync(message, stop);
            _progress.Publish(message);
        }

        while (true)
        {
            await backend.WaitUntilIdleAsync(message.SessionId, () => _progress.MarkWaitingBehindTurn(message), stop);
            await lane.TurnGate.WaitAsync(stop);
            if (!backend.IsBusy(message.SessionId))
            {
                break;
            }

            // A steer or interrupt started a turn between the idle signal and the gate: wait for that one too.
            lane.TurnGate.Release();
        }

        string turnId;
        try
        {
            turnId = await AlreadyDeliveredTurnAsync(backend, message, stop)
                ?? await backend.StartTurnAsync(message.SessionId, new OutgoingMessage(message.Id, ProvenanceMarker.AgentText(message, _markInjected)), stop);
        }
        finally
        {
            lane.TurnGate.Release();
        }

        // The lane's next message waits for this turn to end: it starts by waiting for idle.
        await MarkDeliveredAsync(backend, message, turnId, stop);
    });

    /// <summary>Steer joins the running turn (or starts one on an idle session); interrupt ends it, then starts one.</summary>
    private Task DeliverNowAsync(IAgentBackend backend, SessionLane lane, StoredMessage message) => RetryUntilDoneAsync(message, async stop =>
    {
        string? turnId;
        await lane.TurnGate.WaitAsync(stop);
        try
        {
            var outgoing = new OutgoingMessage(message.Id, ProvenanceMarker.AgentText(message, _markInjected));
            turnId = await AlreadyDeliveredTurnAsync(backend, message, stop);
            if (turnId is not null)
            {
                // Already with the agent: nothing to steer or interrupt.
            }
            else if (message.Mode == DeliveryMode.Steer)
            {
                turnId = await backend.SteerAsync(message.SessionId, outgoing, stop);
            }
            else
            {
                await backend.InterruptAsync(message.SessionId, stop);
                turnId = null;
            }

            turnId ??= await backend.StartTurnAsync(message.SessionId, outgoing, stop);
        }
        finally
        {
            lane.TurnGate.Release();
        }

        await MarkDeliveredAsync(backend, message, turnId, stop);
    });

    private void MarkInDoubt(string messageId)
    {
        lock (_gate)
        {
            _inDoubt.Add(messageId);
        }
    }

    /// <summary>For a message in doubt, the turn that already carries it; null when it must be sent.</summary>
    private async Task<string?> AlreadyDeliveredTurnAsync(IAgentBackend backend, StoredMessage message, CancellationToken stop)
    {
        lock (_gate)
        {
            if (!_inDoubt.Contains(message.Id))
            {
                return null;
            }
        }

        var turnId = await backend.FindTurnCarryingAsync(message.SessionId, message.Id, stop);
        lock (_gate)
        {
            _inDoubt.Remove(message.Id);
        }

        if (turnId is not null)
        {
            DeliveryLog.FoundInDoubt(_logger, message.Id, turnId);
        }

        return turnId;
    }

    private async Task MarkDeliveredAsync(IAgentBackend backend, StoredMessage message, string turnId, CancellationToken stop)
    {
        var delivered = message with { Status = MessageStatus.Delivered, TurnId = turnId, DeliveredAt = _time.GetUtcNow() };

        // Published once queued, before its commit: the agent has the turn, so the caller's answer need not wait for
        // the store (reads wait for queued writes, so `baton message` after the answer says delivered). A crash before
        // the commit leaves the message queued on disk, and recovery finds its turn in the agent's history.
        var written = _store.UpdateAsync(delivered, stop);
        _progress.Publish(delivered);
        try
        {
            await written;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The agent has the turn whatever the store says, so it is followed all the same and its end still reaches
            // whoever waits. On disk the message stays queued: recovery after a restart finds its turn in the agent.
            DeliveryLog.StatusNotStored(_logger, ex, message.Id, nameof(MessageStatus.Delivered));
        }

        DeliveryLog.Delivered(_logger, message.Id, message.Agent, message.SessionId, turnId);
        Follow(backend, delivered);
    }

    private void Follow(IAgentBackend backend, StoredMessage delivered) => Track(Task.Run(() => FollowTurnAsync(backend, delivered)));

    private void Track(Task task)
    {
        lock (_gate)
        {
            _followers.RemoveAll(t => t.IsCompleted);
            _followers.Add(task);
        }
    }

    private async Task FollowTurnAsync(IAgentBackend backend, StoredMessage delivered)
    {
        var stop = _stopping.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var outcome = await backend.WaitForTurnEndAsync(delivered.SessionId, delivered.TurnId!, stop);
                await FinishAsync(delivered with
                {
                    Status = outcome.Status,
                    Reply = outcome.Reply,
                    ErrorCode = outcome.Status == MessageStatus.Completed ? null : (outcome.Status == MessageStatus.Failed ? ErrorCodes.TurnFailed : ErrorCodes.TurnInterrupted),
                    ErrorMessage = outcome.Error ?? (outcome.Status == MessageStatus.Interrupted ? "The turn was interrupted." : null),
                    CompletedAt = outcome.EndedAt,
                });
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Usually the agent is away; the turn's end is read back from its history once it returns.
                DeliveryLog.FollowFailed(_logger, ex, delivered.Id);
                await Task.Delay(RetryDelay, _time, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Records and publishes a message's last status. Never throws: a store that cannot write leaves the earlier status
    /// on disk for a restart to take up (a delivered message's turn is read back from the agent; a queued one is looked
    /// for in the agent's history, and sent again if it is not there), but the session's lane must go on.
    /// </summary>
    private async Task FinishAsync(StoredMessage final)
    {
        try
        {
            await _store.UpdateAsync(final, CancellationToken.None);
        }
        catch (Exception ex)
        {
            DeliveryLog.StatusNotStored(_logger, ex, final.Id, final.Status.ToString());
        }

        _progress.Publish(final);
        DeliveryLog.Ended(_logger, final.Id, final.Status.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        List<Task> tasks;
        lock (_gate)
        {
            tasks = [.. _lanes.Values.Select(l => l.Loop!), .. _followers];
            foreach (var lane in _lanes.Values)
            {
                lane.Messages.Writer.TryComplete();
            }
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _stopping.Dispose();
    }

    private sealed class SessionLane
    {
        public Channel<StoredMessage> Messages { get; } = Channel.CreateUnbounded<StoredMessage>(new UnboundedChannelOptions { SingleReader = true });

        public Task? Loop { get; set; }

        /// <summary>Held while checking the session is idle and starting (or steering) a turn.</summary>
        public SemaphoreSlim TurnGate { get; } = new(1, 1);

        /// <summary>Guarded by the dispatcher's lock.</summary>
        public int Pending { get; set; }
    }
}
