namespace Baton.Core.Security;

/// <summary>
/// Who is asking. On the Unix socket the kernel tells the peer's uid and pid (SO_PEERCRED) before any byte of the
/// request is read; a caller may also present a bearer token, which is the only identity on the TCP listener.
/// </summary>
public sealed record CallerIdentity
{
    /// <summary>A caller the daemon knows nothing about: refused everything but the status probe.</summary>
    public static readonly CallerIdentity Unknown = new();

    public int? Uid { get; init; }
    public int? Pid { get; init; }

    /// <summary>Set when the caller presented a token that is valid now (not expired, not revoked).</summary>
    public TokenGrant? Token { get; init; }

    /// <summary>True when the caller runs as the daemon's own user: the owner of every session the daemon reaches.</summary>
    public bool IsOwner { get; init; }
}
