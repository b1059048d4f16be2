namespace Baton.Protocol;

/// <summary>One token as <c>token list</c> shows it. Never carries the secret.</summary>
public sealed record TokenInfo
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Agent { get; init; }
    public required string SessionId { get; init; }
    public string? SessionName { get; init; }

    /// <summary><c>inject</c> or <c>read</c>.</summary>
    public required string Scope { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary><c>active</c>, <c>expired</c> or <c>revoked</c>, as of the answer.</summary>
    public required string State { get; init; }
}
