using Baton.Core.Security;
using Microsoft.AspNetCore.Connections;

namespace Baton.Daemon.Security;

/// <summary>
/// Windows: the named pipe is created current-user-only (its ACL admits the daemon's user alone), so whoever is
/// connected is the owner. Windows has no SO_PEERCRED; the pipe's ACL is the same guarantee a 0600 socket in a
/// 0700 folder gives, checked by the kernel when the pipe is opened.
/// </summary>
internal sealed class CurrentUserPipeConnectionMiddleware(ConnectionDelegate next)
{
    private static readonly CallerIdentity Owner = new() { IsOwner = true };

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        connection.Features.Set(new PeerIdentityFeature(Owner));
        return next(connection);
    }
}
