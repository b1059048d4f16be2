using Baton.Core.Agents;

namespace Baton.Agents.Codex.Tracking;

/// <summary>What Baton has seen of one Codex turn: its latest agent message and, once it ends, its outcome.</summary>
internal sealed class TurnTracker(string turnId)
{
    private readonly TaskCompletionSource<TurnOutcome> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string TurnId { get; } = turnId;

    /// <summary>The last agent message completed in this turn: the reply, once the turn ends.</summary>
    public string? LastAgentMessage { get; set; }

    /// <summary>The last error Codex reported for this turn that it will not retry.</summary>
    public string? LastError { get; set; }

    public Task<TurnOutcome> Ended => _ended.Task;

    public bool HasEnded => _ended.Task.IsCompleted;

    public void End(TurnOutcome outcome) => _ended.TrySetResult(outcome);
}
