namespace Baton.Protocol;

/// <summary>
/// One thing that happened in a session, as <c>baton watch</c> streams it (one JSON object per line from
/// <c>GET /v1/sessions/{session}/events</c>).
/// </summary>
public sealed record SessionEvent
{
    public required SessionEventType Type { get; init; }
    public required string SessionId { get; init; }
    public string? TurnId { get; init; }

    /// <summary>The user message's text, an agent delta, the completed agent message, or what a person is asked.</summary>
    public string? Text { get; init; }

    /// <summary>For a user message: the id its sender gave it. Baton's messages carry their <c>msg_…</c> id.</summary>
    public string? ClientId { get; init; }

    /// <summary>For <c>turnEnded</c>: completed, failed or interrupted; for <c>state</c>: idle, running or stored.</summary>
    public string? Status { get; init; }

    public string? Error { get; init; }
    public DateTimeOffset At { get; init; }
}
