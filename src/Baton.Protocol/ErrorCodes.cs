namespace Baton.Protocol;

/// <summary>
/// Stable machine-readable error codes, carried in problem+json bodies and receipts.
/// The CLI maps each to the exit code the contract fixes.
/// </summary>
public static class ErrorCodes
{
    public const string Usage = "usage";
    public const string InvalidText = "invalid_text";
    public const string SessionNotFound = "session_not_found";
    public const string SessionAmbiguous = "session_ambiguous";
    public const string SessionNotLive = "session_not_live";
    public const string Refused = "refused";

    /// <summary>No credentials, or a token that is unknown, expired or revoked (HTTP 401; exit 5).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A size, count or encoding limit: the message names the limit (HTTP 413/400; exit 5).</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>Too many requests from one caller in a short time (HTTP 429; exit 5).</summary>
    public const string RateLimited = "rate_limited";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string TurnFailed = "turn_failed";
    public const string TurnInterrupted = "turn_interrupted";
    public const string AgentUnreachable = "agent_unreachable";

    /// <summary>The CLI could not reach (or start) the Baton daemon itself; only the CLI reports it (exit 8).</summary>
    public const string DaemonUnreachable = "daemon_unreachable";
    public const string Timeout = "timeout";
    public const string MessageNotFound = "message_not_found";
    public const string TokenNotFound = "token_not_found";
    public const string Internal = "internal";
}
