using Baton.Protocol;

namespace Baton.Core.Sessions;

/// <summary>One agent session as its backend sees it right now.</summary>
/// <param name="Agent">Backend name, e.g. <c>codex</c>.</param>
/// <param name="Id">The agent's own id (for Codex, the thread UUID).</param>
/// <param name="WaitingFor">
/// What the agent's status says the running turn waits for a person to do, in words ("approve a request"); the
/// backend's <c>PendingQuestions</c> may know the question itself.
/// </param>
public sealed record AgentSession(
    string Agent,
    string Id,
    string? Name,
    SessionState State,
    string? Cwd = null,
    DateTimeOffset? UpdatedAt = null,
    string? WaitingFor = null);
