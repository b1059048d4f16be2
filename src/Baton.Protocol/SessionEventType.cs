using System.Text.Json.Serialization;
using Baton.Protocol.Wire;

namespace Baton.Protocol;

/// <summary>What a <see cref="SessionEvent"/> reports.</summary>
/// <remarks>Its names on the wire: <see cref="WireNames.EventTypes"/>.</remarks>
[JsonConverter(typeof(WireEnumConverter<SessionEventType>))]
public enum SessionEventType
{
    /// <summary>The session's state when watching starts or resumes.</summary>
    State,
    TurnStarted,
    UserMessage,
    AgentDelta,
    AgentMessage,
    TurnEnded,

    /// <summary>The running turn waits for a person to answer in the agent's own UI (an approval, a question).</summary>
    WaitingForPerson,
}
