using Baton.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Baton.Daemon.Security;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c>, checks it against the store and adds the grant to the caller.
/// On the TCP listener a token is the only identity, so a request without one is answered 401 before any endpoint
/// runs. On the Unix socket a token is optional: it lets a caller that is not the owner reach one session.
/// </summary>
/// <remarks>
/// A token that is presented but bad (unknown, expired, revoked) is refused even on the socket: silently falling
/// back to the caller's uid would hide from a script that its token no longer works.
/// </remarks>
internal sealed class BearerTokenMiddleware(RequestDelegate next, TokenService tokens)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        var fromTcp = context.IsFromTcpListener();
        // The peer as CallerIdentityMiddleware found it: uid/pid on the Unix socket, nobody on TCP.
        var caller = context.Caller();
        var header = context.Request.Headers[HeaderNames.Authorization];
        if (header.Count > 0)
        {
            var value = header.Count == 1 ? header[0] ?? "" : "";
            if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                throw TokenService.Unauthorized("The Authorization header must be 'Bearer <token>', once. The baton CLI sends it from --token-env VAR.");
            }

            caller = caller with { Token = await tokens.AuthenticateAsync(value[Scheme.Length..], context.RequestAborted) };
        }
        else if (fromTcp)
        {
            throw TokenService.Unauthorized("The TCP listener needs a bearer token on every request (Authorization: Bearer <token>). Make one with 'baton token create --session S' on the daemon's machine, and pass it with --token-env VAR.");
        }

        if (context.Features.Get<CallerIdentityFeature>() is { } feature)
        {
            feature.Identity = caller;
        }
        else
        {
            context.Features.Set(new CallerIdentityFeature(caller));
        }

        await next(context);
    }
}
