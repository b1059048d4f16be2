using Baton.Core.Sessions;

namespace Baton.Agents.Codex.Tracking;

/// <summary>
/// Baton's view of one live Codex thread, fed by the app-server's notifications. Guarded by the backend's lock;
/// the signals complete with continuations off the receive loop.
/// </summary>
internal sealed class ThreadTracker(string threadId)
{
    private TaskCompletionSource _idle = NewSignal(completed: true);
    private TaskCompletionSource _live = NewSignal(completed: false);

    public string ThreadId { get; } = threadId;

    /// <summary>True while this connection receives the thread's turn and item events.</summary>
    public bool Subscribed { get; set; }

    /// <summary>
    /// False when the thread was subscribed while Codex called it active but no turn in progress was found: then
    /// <see cref="IsRunning"/> may be wrong until the next turn event, and lookups ask Codex instead.
    /// </summary>
    public bool StateCertain { get; set; }

    /// <summary>
    /// The thread as last read from Codex (name, work directory). With a subscription and a certain state, a lookup
    /// by id is answered from here, with the name from the backend's <c>LoadedThreadNames</c>, instead of a <c>thread/read</c>.
    /// </summary>
    public AgentSession? Snapshot { get; set; }

    public string? ActiveTurnId { get; private set; }

    public Dictionary<string, TurnTracker> Turns { get; } = new(StringComparer.Ordinal);

    /// <summary>What Codex asks a person now (approvals, questions), by request id, in words for a receipt.</summary>
    public Dictionary<string, string> QuestionsForPerson { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What the thread's status says its turn waits for a person to do ("approve a request"), from Codex's
    /// <c>activeFlags</c>: known before the question itself, which Codex sends a client that resumes the thread only
    /// after its answer to the resume. Null when the status names nothing.
    /// </summary>
    public string? AwaitedPerStatus { get; set; }

    public Task Idle => _idle.Task;

    public bool IsRunning => ActiveTurnId is not null;

    /// <summary>A signal for the next time the thread is seen loaded.</summary>
    public Task NextLive()
    {
        if (_live.Task.IsCompleted)
        {
            _live = NewSignal(completed: false);
        }

        return _live.Task;
    }

    public void SignalLive() => _live.TrySetResult();

    public void ForgetQuestions()
    {
        QuestionsForPerson.Clear();
        AwaitedPerStatus = null;
    }

    /// <summary>What a person is asked: the questions themselves, else what the status says, else nothing.</summary>
    public IReadOnlyList<string> Questions() =>
        QuestionsForPerson.Count > 0 ? [.. QuestionsForPerson.Values] : AwaitedPerStatus is { } awaited ? [awaited] : [];

    public TurnTracker Turn(string turnId)
    {
        if (!Turns.TryGetValue(turnId, out var turn))
        {
            turn = new TurnTracker(turnId);
            Turns[turnId] = turn;
        }

        return turn;
    }

    public void MarkRunning(string turnId)
    {
        if (Turns.TryGetValue(turnId, out var turn) && turn.HasEnded)
        {
            return;
        }

        ActiveTurnId = turnId;
        if (_idle.Task.IsCompleted)
        {
            _idle = NewSignal(completed: false);
        }
    }

    public void MarkIdle()
    {
        // Questions belong to a running turn; an idle or unloaded thread asks nothing.
        ForgetQuestions();
        ActiveTurnId = null;
        _idle.TrySetResult();
    }

    /// <summary>Forget turns that ended long ago so a long-lived thread does not grow without bound.</summary>
    public void PruneEndedTurns(int keep)
    {
        if (Turns.Count <= keep)
        {
            return;
        }

        foreach (var id in Turns.Where(t => t.Value.HasEnded).Select(t => t.Key).Take(Turns.Count - keep).ToList())
        {
            Turns.Remove(id);
        }
    }

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }
}
