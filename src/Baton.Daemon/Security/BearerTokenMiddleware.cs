using System.Text;
using Baton.Core.Audit;
using Baton.Core.Errors;
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
/// back to the caller's uid would hide from a script that its token no longer works. Every refusal goes to the
/// audit log (action <c>authenticate</c>), within the bound of <see cref="RefusalLogThrottle"/>.
/// </remarks>
internal sealed class BearerTokenMiddleware(RequestDelegate next, TokenService tokens, AuditRecorder audit, RefusalLogThrottle throttle)
{
    private const string Scheme = "Bearer ";
    private const int MaxLoggedTargetLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        CallerIdentity caller;
        try
        {
            caller = await AuthenticateAsync(context);
        }
        catch (RefusedException refused)
        {
            await RecordAsync(context, refused);
            throw;
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

    private async Task<CallerIdentity> AuthenticateAsync(HttpContext context)
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

        return caller;
    }

    /// <summary>
    /// Writes the refusal with what was asked and from where (the remote address on TCP; uid and pid on the
    /// socket are in their columns). Never the token: the messages name only its public id.
    /// </summary>
    private async Task RecordAsync(HttpContext context, RefusedException refused)
    {
        if (!throttle.TryTake(out var onlyCounted))
        {
            return;
        }

        var from = context.IsFromTcpListener() ? $" from {context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}" : string.Empty;
        var counted = onlyCounted > 0 ? $" (Before it, {RefusalLogThrottle.CountedOnlyText(onlyCounted)})" : string.Empty;
        var entry = audit.Begin(AuditActions.Authenticate, context.Caller()) with
        {
            Outcome = AuditOutcomes.Of(refused),
            ErrorCode = AuditOutcomes.CodeOf(refused),
            ErrorMessage = $"{Printable(context.Request.Method)} {Printable(context.Request.Path + context.Request.QueryString)}{from}: {refused.Message}{counted}",
        };
        await audit.RecordAsync(entry);
    }

    /// <summary>The request's own words, cut short and without control characters, so they cannot forge lines in <c>baton log</c>.</summary>
    private static string Printable(string text)
    {
        var printable = new StringBuilder(Math.Min(text.Length, MaxLoggedTargetLength + 1));
        foreach (var c in text.Length > MaxLoggedTargetLength ? text[..MaxLoggedTargetLength] : text)
        {
            printable.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > MaxLoggedTargetLength ? printable.Append('…').ToString() : printable.ToString();
    }
}
