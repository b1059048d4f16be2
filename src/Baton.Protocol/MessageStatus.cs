using System.Text.Json.Serialization;
using Baton.Protocol.Wire;

namespace Baton.Protocol;

/// <summary>The fate of one injected message, as its receipt reports it.</summary>
/// <remarks>Its names on the wire: <see cref="WireNames.Statuses"/>.</remarks>
[JsonConverter(typeof(WireEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    /// <summary>Durably accepted, not yet handed to the agent.</summary>
    Queued,

    /// <summary>Handed to the agent: the turn that carries it has started.</summary>
    Delivered,

    Completed,
    Failed,
    Interrupted,

    /// <summary>Kept until the session next becomes live.</summary>
    Held,

    /// <summary>Not delivered on purpose (<c>--if-running</c> and the session was not live).</summary>
    Skipped,

    /// <summary>The caller stopped waiting; the message itself was not withdrawn.</summary>
    Timeout,

    DryRun,
}
