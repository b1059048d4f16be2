namespace Baton.Core.Audit;

/// <summary>
/// One request to the daemon and its outcome, accepted or refused. Who asked is the peer of the socket connection
/// (uid and pid read from the kernel) or, for a token holder, the token's id, never the token itself.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Assigned by the log when it is written; 0 before.</summary>
    public long Id { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The operation, e.g. <c>inject</c>, <c>inject.dry-run</c>.</summary>
    public required string Action { get; init; }

    public int? CallerUid { get; init; }
    public int? CallerPid { get; init; }
    public string? TokenId { get; init; }

    /// <summary>The session as the caller named it.</summary>
    public string? Session { get; init; }

    /// <summary>The session's id once resolved.</summary>
    public string? SessionId { get; init; }

    public string? Agent { get; init; }
    public string? Mode { get; init; }
    public string? HookName { get; init; }

    /// <summary>The agent session the request says it comes from (an agent's own <c>baton inject</c>).</summary>
    public string? FromSession { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? MessageId { get; init; }

    /// <summary>The receipt status when there is one (queued, delivered, completed, skipped, dry-run, …), else <c>refused</c>.</summary>
    public required string Outcome { get; init; }

    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}
