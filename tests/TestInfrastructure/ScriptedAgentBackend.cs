using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Tests.Infrastructure;

/// <summary>
/// An in-memory agent for the core's unit tests (delivery order, retries, receipts). It never stands in for
/// Codex in a test about Codex; those run the real binary.
/// </summary>
public sealed class ScriptedAgentBackend : IAgentBackend
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<TurnOutcome>> _turns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _activeTurn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _idle = new(StringComparer.Ordinal);
    private int _turnCounter;

    public string Agent => KnownAgents.Codex;

    /// <summary>Every turn started, in order: (session, turn id, text).</summary>
    public List<(string SessionId, string TurnId, string Text)> Started { get; } = [];

    /// <summary>While set, every call fails as if the agent's daemon were down.</summary>
    public bool Unreachable { get; set; }

    /// <summary>When true, turns end as soon as they start; otherwise the test ends them with <see cref="EndTurn"/>.</summary>
    public bool AutoComplete { get; set; } = true;

    public void AddSession(string id, string? name, SessionState state)
    {
        lock (_gate)
        {
            _sessions[id] = new AgentSession(Agent, id, name, state);
        }
    }

    public Task<IReadOnlyList<AgentSession>> ListSessionsAsync(CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AgentSession>>([.. _sessions.Values]);
        }
    }

    public Task<string?> SessionNameAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sessions.Values.FirstOrDefault(s => s.Id == sessionId)?.Name);
        }
    }

    public Task<AgentSession> ResolveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            var matches = _sessions.Values.Where(s => s.Id == nameOrId || s.Name == nameOrId).ToList();
            return matches.Count switch
            {
                1 => Task.FromResult(matches[0]),
                0 => throw new SessionNotFoundException($"No session '{nameOrId}'."),
                _ => throw new AmbiguousSessionException($"'{nameOrId}' is ambiguous.", matches),
            };
        }
    }

    public async Task WaitUntilIdleAsync(string sessionId, Action? onBusy, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        Task idle;
        lock (_gate)
        {
            idle = _idle.TryGetValue(sessionId, out var signal) ? signal.Task : Task.CompletedTask;
        }

        if (!idle.IsCompleted)
        {
            onBusy?.Invoke();
        }

        await idle.WaitAsync(cancellationToken);
    }

    public Task<string> StartTurnAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            var turnId = $"turn-{++_turnCounter}";
            Started.Add((sessionId, turnId, message.Text));
            _turns[turnId] = new TaskCompletionSource<TurnOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _activeTurn[sessionId] = turnId;
            _idle[sessionId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (AutoComplete)
            {
                EndTurnLocked(sessionId, turnId, MessageStatus.Completed, $"reply to {message.Text}");
            }

            return Task.FromResult(turnId);
        }
    }

    /// <summary>Ends the session's running turn as the agent would.</summary>
    public void EndTurn(string sessionId, MessageStatus status = MessageStatus.Completed, string? reply = "done")
    {
        lock (_gate)
        {
            var turnId = _activeTurn[sessionId] ?? throw new InvalidOperationException($"No turn runs on {sessionId}.");
            EndTurnLocked(sessionId, turnId, status, reply);
        }
    }

    public Task<TurnOutcome> WaitForTurnEndAsync(string sessionId, string turnId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _turns[turnId].Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Message ids the agent already has, as if sent just before a crash: (message id, turn id).</summary>
    public Dictionary<string, string> AlreadyReceived { get; } = [];

    public Task<string?> FindTurnCarryingAsync(string sessionId, string messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(AlreadyReceived.GetValueOrDefault(messageId));
        }
    }

    public IReadOnlyList<string> PendingQuestions(string sessionId) => [];

    public bool IsBusy(string sessionId)
    {
        lock (_gate)
        {
            return _activeTurn.GetValueOrDefault(sessionId) is not null;
        }
    }

    /// <summary>Every message steered into a running turn, in order: (session, turn id, text).</summary>
    public List<(string SessionId, string TurnId, string Text)> Steered { get; } = [];

    public Task<string?> SteerAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            var active = _activeTurn.GetValueOrDefault(sessionId);
            if (active is not null)
            {
                Steered.Add((sessionId, active, message.Text));
            }

            return Task.FromResult(active);
        }
    }

    public Task InterruptAsync(string sessionId, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_gate)
        {
            if (_activeTurn.GetValueOrDefault(sessionId) is { } active)
            {
                EndTurnLocked(sessionId, active, MessageStatus.Interrupted, null);
            }
        }

        return Task.CompletedTask;
    }

    public async Task WaitUntilLiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (!Unreachable && _sessions.TryGetValue(sessionId, out var session) && session.State != SessionState.Stored)
                {
                    return;
                }
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>What a user opening the session does: it becomes live and idle.</summary>
    public void Open(string sessionId)
    {
        lock (_gate)
        {
            _sessions[sessionId] = _sessions[sessionId] with { State = SessionState.Idle };
        }
    }

    public Task<AgentSession> CreateSessionAsync(string? name, string cwd, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        var session = new AgentSession(Agent, $"created-{Guid.NewGuid():N}", name, SessionState.Idle, cwd);
        lock (_gate)
        {
            _sessions[session.Id] = session;
        }

        return Task.FromResult(session);
    }

    /// <summary>How often the agent's daemon was started.</summary>
    public int AgentStarts { get; private set; }

    public Task StartAgentAsync(CancellationToken cancellationToken)
    {
        AgentStarts++;
        Unreachable = false;
        return Task.CompletedTask;
    }

    /// <summary>The core's tests do not follow sessions; watching is tested against the real Codex.</summary>
    public async IAsyncEnumerable<SessionEvent> WatchAsync(string sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }

    public Task<AgentEndpointStatus> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AgentEndpointStatus(Agent, "memory", "memory", !Unreachable, null));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void EndTurnLocked(string sessionId, string turnId, MessageStatus status, string? reply)
    {
        _activeTurn[sessionId] = null;
        _turns[turnId].TrySetResult(new TurnOutcome(status, reply, status == MessageStatus.Failed ? "model failed" : null, DateTimeOffset.UtcNow));
        _idle[sessionId].TrySetResult();
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new AgentUnreachableException("The scripted agent is unreachable.");
        }
    }
}
