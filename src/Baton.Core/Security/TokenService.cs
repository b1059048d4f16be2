using Baton.Core.Delivery;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Security;

/// <summary>
/// Tokens for callers that are not a session's owner: made, listed and revoked by the owner only, and checked on
/// every request that presents one. The token text leaves this class once, in the answer to its creation.
/// </summary>
public sealed class TokenService(ITokenStore store, AgentRegistry agents, TimeProvider? time = null)
{
    /// <summary>Ten years: longer is a typo, and a token that should never end has no --ttl.</summary>
    private static readonly TimeSpan LongestTtl = TimeSpan.FromDays(3650);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<TokenCreated> CreateAsync(CallerIdentity caller, TokenCreateRequest request, CancellationToken cancellationToken)
    {
        AccessPolicy.EnsureOwner(caller, "create tokens");
        var scope = ParseScope(request.Scope);
        TimeSpan? ttl = request.TtlSeconds switch
        {
            null => null,
            > 0 and var seconds when TimeSpan.FromSeconds(seconds) <= LongestTtl => TimeSpan.FromSeconds(seconds),
            var seconds => throw new InvalidRequestException($"The token lifetime must be more than 0 and at most 3650 days; got {seconds} seconds. Pass e.g. --ttl 1h, or no --ttl for a token that lasts until revoked."),
        };
        if (request.Name is { } name && (name.Length > 100 || name.Any(char.IsControl)))
        {
            throw new InvalidRequestException("The token name must be at most 100 characters without control characters.");
        }

        var selector = SessionSelector.Parse(request.Session);
        var session = await agents.Get(selector.Agent).ResolveAsync(selector.NameOrId, cancellationToken);
        var now = _time.GetUtcNow();
        var token = BearerToken.New();
        var stored = new StoredToken
        {
            Id = token.Id,
            Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name,
            Agent = session.Agent,
            SessionId = session.Id,
            SessionName = session.Name,
            Scope = scope,
            CreatedAt = now,
            ExpiresAt = now + ttl,
            SecretHash = token.SecretHash,
        };
        await store.InsertTokenAsync(stored, cancellationToken);
        return new TokenCreated { Token = token.Text, Info = ToInfo(stored, now) };
    }

    public async Task<TokenList> ListAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        AccessPolicy.EnsureOwner(caller, "list tokens");
        var now = _time.GetUtcNow();
        var tokens = await store.ListTokensAsync(cancellationToken);
        return new TokenList([.. tokens.Select(t => ToInfo(t, now))]);
    }

    public async Task<TokenInfo> RevokeAsync(CallerIdentity caller, string tokenId, CancellationToken cancellationToken)
    {
        AccessPolicy.EnsureOwner(caller, "revoke tokens");
        var now = _time.GetUtcNow();
        if (!BearerToken.IsId(tokenId) || !await store.RevokeTokenAsync(tokenId, now, cancellationToken))
        {
            throw new TokenNotFoundException(tokenId);
        }

        var token = await store.GetTokenAsync(tokenId, cancellationToken) ?? throw new TokenNotFoundException(tokenId);
        return ToInfo(token, now);
    }

    /// <summary>
    /// Checks a presented token text: known id, matching secret (constant-time), not revoked, not expired. Any
    /// failure is <see cref="ErrorCodes.Unauthorized"/>, worded so the holder knows whether to ask for a new one.
    /// </summary>
    public async Task<TokenGrant> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!BearerToken.TryParse(presented, out var token))
        {
            throw Unauthorized("The bearer token is not a Baton token (they look like 'baton_tok_…_…'). Check the variable --token-env names.");
        }

        var stored = await store.GetTokenAsync(token.Id, cancellationToken);
        if (stored is null || !token.Matches(stored.SecretHash))
        {
            // One answer for both, so a caller cannot learn which ids exist.
            throw Unauthorized($"Unknown token {token.Id}: this daemon has no token with that id and secret. Ask the session's owner for a new one ('baton token create').");
        }

        if (stored.RevokedAt is { } revokedAt)
        {
            throw Unauthorized($"Token {stored.Id} was revoked at {revokedAt:yyyy-MM-ddTHH:mm:ssZ}. Ask the session's owner for a new one.");
        }

        if (stored.ExpiresAt is { } expiresAt && expiresAt <= _time.GetUtcNow())
        {
            throw Unauthorized($"Token {stored.Id} expired at {expiresAt:yyyy-MM-ddTHH:mm:ssZ}. Ask the session's owner for a new one.");
        }

        return new TokenGrant
        {
            TokenId = stored.Id,
            SessionId = stored.SessionId,
            Scope = stored.Scope,
            Name = stored.Name,
            ExpiresAt = stored.ExpiresAt,
        };
    }

    public static RefusedException Unauthorized(string message) => new(message, ErrorCodes.Unauthorized);

    public static string ScopeName(TokenScope scope) => scope == TokenScope.Read ? "read" : "inject";

    private static TokenScope ParseScope(string? scope) => scope?.Trim().ToLowerInvariant() switch
    {
        null or "" or "inject" => TokenScope.Inject,
        "read" => TokenScope.Read,
        _ => throw new InvalidRequestException($"Unknown token scope '{scope}'. Use 'inject' (inject and read; the default) or 'read'."),
    };

    private static TokenInfo ToInfo(StoredToken token, DateTimeOffset now) => new()
    {
        Id = token.Id,
        Name = token.Name,
        Agent = token.Agent,
        SessionId = token.SessionId,
        SessionName = token.SessionName,
        Scope = ScopeName(token.Scope),
        CreatedAt = token.CreatedAt,
        ExpiresAt = token.ExpiresAt,
        RevokedAt = token.RevokedAt,
        State = token.RevokedAt is not null ? "revoked" : token.ExpiresAt <= now ? "expired" : "active",
    };
}
