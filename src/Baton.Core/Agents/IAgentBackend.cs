using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Agents;

/// <summary>
/// The seam to one kind of coding agent (Codex first). It knows how to find sessions and start turns; the
/// rules of delivery (order, modes, receipts) live above it in <see cref="Delivery.MessageDispatcher"/>.
/// </summary>
public interface IAgentBackend : IAsyncDisposable
{
    /// <summary>The agent's name, as used in <c>codex:coder</c>.</summary>
    string Agent { get; }

    Task<IReadOnlyList<AgentSession>> ListSessionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Finds one session by id or exact name. Throws <see cref="Errors.SessionNotFoundException"/>,
    /// <see cref="Errors.AmbiguousSessionException"/> or <see cref="Errors.AgentUnreachableException"/>.
    /// </summary>
    Task<AgentSession> ResolveAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>
    /// The name of the session with this id, or null when it has none or the agent does not know the id; never a
    /// search by name, so an unknown id costs one lookup at most.
    /// </summary>
    Task<string?> SessionNameAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the live session has no turn running (at once if it has none now). Calls
    /// <paramref name="onBusy"/> once it knows it has to wait for a running turn.
    /// </summary>
    Task WaitUntilIdleAsync(string sessionId, Action? onBusy, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a new turn that carries <paramref name="message"/> and returns its id once the agent has accepted it.
    /// Call only when the session is idle: an agent may fold input sent mid-turn into the running turn.
    /// </summary>
    Task<string> StartTurnAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>True while the live session runs a turn, as far as this backend knows (subscribe first).</summary>
    bool IsBusy(string sessionId);

    /// <summary>
    /// What the session's running turn waits for a person to do in the agent's own UI (approve a command, answer a
    /// question), in words, as far as this backend knows; empty when nothing. The backend never answers these.
    /// </summary>
    IReadOnlyList<string> PendingQuestions(string sessionId);

    /// <summary>
    /// Adds the message to the running turn and returns that turn's id, or null when no turn is running (the caller
    /// then starts one).
    /// </summary>
    Task<string?> SteerAsync(string sessionId, OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Interrupts the running turn, if any, and completes once the session is idle.</summary>
    Task InterruptAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the session is live (loaded where the backend reaches it), without loading it: for messages
    /// held until the user opens the session.
    /// </summary>
    Task WaitUntilLiveAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Creates a new live session with this name and work directory.</summary>
    Task<AgentSession> CreateSessionAsync(string? name, string cwd, CancellationToken cancellationToken);

    /// <summary>Starts the agent's own daemon when it is not running (for <c>--resume</c> and <c>--create-if-missing</c>).</summary>
    Task StartAgentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The turn that carries the message with this id, if the agent already has it: how a message in doubt (sent
    /// just before a crash or a dropped connection) is recognised instead of being sent twice.
    /// </summary>
    Task<string?> FindTurnCarryingAsync(string sessionId, string messageId, CancellationToken cancellationToken);

    /// <summary>Completes when the turn ends, with how it ended and the agent's final reply.</summary>
    Task<TurnOutcome> WaitForTurnEndAsync(string sessionId, string turnId, CancellationToken cancellationToken);

    /// <summary>
    /// Follows the session live: user messages from anyone, the agent's output as it streams, turn starts and ends.
    /// A stored session is followed from when it is next loaded; the backend never loads it for this.
    /// </summary>
    IAsyncEnumerable<SessionEvent> WatchAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Whether the agent's endpoint answers right now, for <c>baton daemon status</c>.</summary>
    Task<AgentEndpointStatus> ProbeAsync(CancellationToken cancellationToken);
}
