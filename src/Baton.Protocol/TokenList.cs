namespace Baton.Protocol;

/// <summary>Body of <c>GET /v1/tokens</c>, newest first.</summary>
public sealed record TokenList(IReadOnlyList<TokenInfo> Tokens);
