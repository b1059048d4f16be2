using System.Text.Json.Serialization;

namespace Baton.Protocol;

/// <summary>Where a session stands, in the words of the contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionState>))]
public enum SessionState
{
    /// <summary>Live, no turn running.</summary>
    [JsonStringEnumMemberName("idle")] Idle,

    /// <summary>Live and in the middle of a turn.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Saved on disk, not loaded in any process Baton can reach.</summary>
    [JsonStringEnumMemberName("stored")] Stored,
}
