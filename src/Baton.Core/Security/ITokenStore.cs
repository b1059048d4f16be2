namespace Baton.Core.Security;

/// <summary>Where tokens are kept (the daemon's SQLite file). Only hashes of secrets ever reach it.</summary>
public interface ITokenStore
{
    Task InsertTokenAsync(StoredToken token, CancellationToken cancellationToken);

    Task<StoredToken?> GetTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>All tokens, newest first, revoked and expired ones included.</summary>
    Task<IReadOnlyList<StoredToken>> ListTokensAsync(CancellationToken cancellationToken);

    /// <summary>Marks the token revoked at <paramref name="at"/>; false when no token has this id. Revoking twice keeps the first time.</summary>
    Task<bool> RevokeTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}
