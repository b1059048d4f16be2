using System.Text.Json.Serialization;

namespace Baton.Protocol;

/// <summary>The fate of one injected message, as its receipt reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    /// <summary>Durably accepted, not yet handed to the agent.</summary>
    [JsonStringEnumMemberName("queued")] Queued,

    /// <summary>Handed to the agent: the turn that carries it has started.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,

    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("interrupted")] Interrupted,

    /// <summary>Kept until the session next becomes live.</summary>
    [JsonStringEnumMemberName("held")] Held,

    /// <summary>Not delivered on purpose (<c>--if-running</c> and the session was not live).</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,

    /// <summary>The caller stopped waiting; the message itself was not withdrawn.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    [JsonStringEnumMemberName("dry-run")] DryRun,
}
