namespace Baton.Protocol;

/// <summary>Body of <c>POST /v1/sessions/{session}/messages</c>.</summary>
public sealed record InjectRequest
{
    public required string Text { get; init; }
    public DeliveryMode Mode { get; init; } = DeliveryMode.Queue;

    /// <summary>Hold the response until the turn that carries the message ends.</summary>
    public bool Wait { get; init; }

    /// <summary>Bounds the whole call; the message is never withdrawn when it runs out.</summary>
    public long? TimeoutMs { get; init; }

    public bool Resume { get; init; }
    public bool Hold { get; init; }
    public bool CreateIfMissing { get; init; }
    public bool IfRunning { get; init; }
    public bool DryRun { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Chosen by the client, once per command, and sent again on each retry of it: a retry after a dropped
    /// connection never delivers the message twice, with or without <see cref="IdempotencyKey"/>.
    /// </summary>
    public string? RequestId { get; init; }
    public string? HookName { get; init; }

    /// <summary>The longest <see cref="FromSession"/> the daemon takes; <c>baton</c> sends none longer.</summary>
    public const int MaxFromSessionLength = 128;

    /// <summary>
    /// The agent session the message comes from, as the sender says: <c>baton</c> sends the id of the Codex session
    /// whose agent runs it (Codex's <c>CODEX_THREAD_ID</c>). Shown to the receiving agent and kept in the audit log.
    /// </summary>
    public string? FromSession { get; init; }

    /// <summary>Agent backend; taken from a <c>codex:</c> prefix on the session when absent.</summary>
    public string? Agent { get; init; }

    /// <summary>Work directory for a session created by <see cref="CreateIfMissing"/>.</summary>
    public string? Cwd { get; init; }
}
