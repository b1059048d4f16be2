using Baton.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Security;

internal static class HttpContextCallerExtensions
{
    /// <summary>Who is asking; <see cref="CallerIdentity.Unknown"/> if no middleware could tell.</summary>
    public static CallerIdentity Caller(this HttpContext context) =>
        context.Features.Get<CallerIdentityFeature>()?.Identity ?? CallerIdentity.Unknown;
}
