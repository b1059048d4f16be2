namespace Baton.Protocol;

/// <summary>
/// One line of the audit log on the wire (<c>GET /v1/audit</c>, <c>baton log --json</c>): a request and its outcome.
/// The caller is a uid and pid read from the kernel, or a token's public id; never a token.
/// </summary>
public sealed record AuditLogEntry
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary><c>inject</c>, <c>inject.dry-run</c>, or a refused read or owner-only operation (<c>session.show</c>, <c>daemon.shutdown</c>, …).</summary>
    public required string Action { get; init; }

    public int? CallerUid { get; init; }
    public int? CallerPid { get; init; }
    public string? TokenId { get; init; }

    /// <summary>The session as the caller named it.</summary>
    public string? Session { get; init; }

    /// <summary>The session's id, when it was resolved.</summary>
    public string? SessionId { get; init; }

    public string? Agent { get; init; }
    public string? Mode { get; init; }
    public string? HookName { get; init; }

    /// <summary>The agent session the request says it comes from (an agent's own <c>baton inject</c>).</summary>
    public string? FromSession { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? MessageId { get; init; }

    /// <summary>The receipt status (queued, delivered, completed, dry-run, …), <c>replayed</c>, <c>refused</c>, or the error code.</summary>
    public required string Outcome { get; init; }

    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}
