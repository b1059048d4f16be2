using Baton.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Security;

internal static class HttpContextCallerExtensions
{
    /// <summary>Who is asking; <see cref="CallerIdentity.Unknown"/> if no middleware could tell.</summary>
    public static CallerIdentity Caller(this HttpContext context) =>
        context.Features.Get<CallerIdentityFeature>()?.Identity ?? CallerIdentity.Unknown;

    /// <summary>True for a request that came in over the TCP (TLS) listener rather than the Unix socket.</summary>
    public static bool IsFromTcpListener(this HttpContext context) => context.Connection.LocalIpAddress is not null;
}
