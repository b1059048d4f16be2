namespace Baton.Core.Security;

/// <summary>
/// A token as the store keeps it: everything but the secret, of which only the SHA-256 hash is kept, so a copy of
/// the database opens nothing.
/// </summary>
public sealed record StoredToken
{
    /// <summary>The public id, <c>tok_</c> and 16 hex digits; part of the token text, safe to log and list.</summary>
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string Agent { get; init; }

    /// <summary>The session's id, resolved when the token was made: renaming the session does not move the token.</summary>
    public required string SessionId { get; init; }

    /// <summary>The session's name when the token was made, for <c>token list</c>.</summary>
    public string? SessionName { get; init; }

    public required TokenScope Scope { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>SHA-256 of the secret part of the token (32 bytes).</summary>
    public required byte[] SecretHash { get; init; }
}
