using Baton.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Security;

/// <summary>Where a request's <see cref="CallerIdentity"/> lives: one HttpContext feature, set by the middleware before any endpoint runs.</summary>
internal static class CallerFeature
{
    public static CallerIdentity GetCaller(this HttpContext context) => context.Features.Get<CallerIdentity>() ?? CallerIdentity.Unknown;

    public static void SetCaller(this HttpContext context, CallerIdentity caller) => context.Features.Set(caller);

    /// <summary>True for a request that came in over the TCP (TLS) listener rather than the Unix socket.</summary>
    public static bool IsFromTcpListener(this HttpContext context) => context.Connection.LocalIpAddress is not null;
}
