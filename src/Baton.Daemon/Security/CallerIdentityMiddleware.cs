using Baton.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Security;

/// <summary>
/// Starts each request's <see cref="CallerIdentityFeature"/> from its connection's peer. A connection without one
/// (not a Unix socket, or a platform that cannot tell) is <see cref="CallerIdentity.Unknown"/>: not the owner.
/// </summary>
internal sealed class CallerIdentityMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Kestrel's request features fall back to the connection's, where the connection middleware left the peer.
        var peer = context.Features.Get<PeerIdentityFeature>()?.Identity ?? CallerIdentity.Unknown;
        context.Features.Set(new CallerIdentityFeature(peer));
        return next(context);
    }
}
