using System.Text.Json.Serialization;

namespace Baton.Protocol;

/// <summary>How a message meets a session that is in the middle of a turn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryMode>))]
public enum DeliveryMode
{
    /// <summary>Its own new turn after the running one ends, FIFO with other queued messages.</summary>
    [JsonStringEnumMemberName("queue")] Queue,

    /// <summary>Joins the running turn now.</summary>
    [JsonStringEnumMemberName("steer")] Steer,

    /// <summary>Interrupts the running turn, then starts a new turn with the message.</summary>
    [JsonStringEnumMemberName("interrupt")] Interrupt,
}
