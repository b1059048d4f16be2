namespace Baton.Protocol;

/// <summary>
/// Answer of <c>POST /v1/tokens</c>: the only time the token text exists outside the caller's hands. The daemon
/// keeps only its hash, so it cannot be shown again.
/// </summary>
public sealed record TokenCreated
{
    public required string Token { get; init; }
    public required TokenInfo Info { get; init; }
}
