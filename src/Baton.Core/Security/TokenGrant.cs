namespace Baton.Core.Security;

/// <summary>
/// A valid token, as the daemon found it in its store: which session it opens and for what. Carries the token's
/// public id only; the secret is never kept past the hash comparison.
/// </summary>
public sealed record TokenGrant
{
    /// <summary>The public id (<c>tok_…</c>) that the audit log, <c>token list</c> and <c>token revoke</c> use.</summary>
    public required string TokenId { get; init; }

    /// <summary>The resolved id of the one session the token opens.</summary>
    public required string SessionId { get; init; }

    public required TokenScope Scope { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
