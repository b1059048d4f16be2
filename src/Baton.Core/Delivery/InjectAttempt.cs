using Baton.Core.Sessions;

namespace Baton.Core.Delivery;

/// <summary>
/// What one inject call had learned when it ended, so the audit entry of a call that fails half-way still names
/// the session it resolved and the message it stored.
/// </summary>
internal sealed class InjectAttempt
{
    public AgentSession? Target { get; set; }

    public string? MessageId { get; set; }
}
