using Baton.Core.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Baton.Daemon.Security;

/// <summary>
/// Kestrel connection middleware for the Unix socket: reads the peer's uid and pid (SO_PEERCRED) when the
/// connection opens, before a byte of any request is parsed, and leaves them as a <see cref="PeerIdentityFeature"/>.
/// </summary>
internal sealed class PeerCredentialsConnectionMiddleware(ConnectionDelegate next, int? ownerUid)
{
    public Task OnConnectionAsync(ConnectionContext connection)
    {
        connection.Features.Set(new PeerIdentityFeature(Identify(connection)));
        return next(connection);
    }

    private CallerIdentity Identify(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket
            || !PeerCredentials.TryRead(socket, out var pid, out var uid))
        {
            return CallerIdentity.Unknown;
        }

        return new CallerIdentity { Uid = uid, Pid = pid, IsOwner = ownerUid is { } owner && uid == owner };
    }
}
