using System.Text.Json.Serialization;
using Baton.Protocol.Wire;

namespace Baton.Protocol;

/// <summary>How a message meets a session that is in the middle of a turn.</summary>
/// <remarks>Its names on the wire: <see cref="WireNames.Modes"/>.</remarks>
[JsonConverter(typeof(WireEnumConverter<DeliveryMode>))]
public enum DeliveryMode
{
    /// <summary>Its own new turn after the running one ends, FIFO with other queued messages.</summary>
    Queue,

    /// <summary>Joins the running turn now.</summary>
    Steer,

    /// <summary>Interrupts the running turn, then starts a new turn with the message.</summary>
    Interrupt,
}
