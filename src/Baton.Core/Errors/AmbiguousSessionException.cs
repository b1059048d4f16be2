using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Errors;

/// <summary>A name matched more than one session; Baton never picks one silently.</summary>
public sealed class AmbiguousSessionException(string message, IReadOnlyList<AgentSession> candidates)
    : BatonException(ErrorCodes.SessionAmbiguous, message)
{
    public IReadOnlyList<AgentSession> Candidates { get; } = candidates;
}
