namespace Baton.Protocol;

/// <summary>Body of <c>POST /v1/tokens</c>.</summary>
public sealed record TokenCreateRequest
{
    /// <summary>The session the token opens, by name or id (<c>codex:</c> prefix allowed); resolved to its id now.</summary>
    public required string Session { get; init; }

    /// <summary><c>inject</c> (the default; includes reading) or <c>read</c>.</summary>
    public string? Scope { get; init; }

    /// <summary>Lifetime in seconds from now; null means the token does not expire (revoke it to end it).</summary>
    public double? TtlSeconds { get; init; }

    public string? Name { get; init; }
}
