using System.Text.Json.Serialization;
using Baton.Protocol.Wire;

namespace Baton.Protocol;

/// <summary>Where a session stands, in the words of the contract.</summary>
/// <remarks>Its names on the wire: <see cref="WireNames.States"/>.</remarks>
[JsonConverter(typeof(WireEnumConverter<SessionState>))]
public enum SessionState
{
    /// <summary>Live, no turn running.</summary>
    Idle,

    /// <summary>Live and in the middle of a turn.</summary>
    Running,

    /// <summary>Saved on disk, not loaded in any process Baton can reach.</summary>
    Stored,
}
