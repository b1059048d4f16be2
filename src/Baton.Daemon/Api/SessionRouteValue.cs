using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Baton.Daemon.Api;

/// <summary>
/// The <c>{session}</c> of <c>/v1/sessions/{session}…</c> exactly as the client meant it. Kestrel decodes the path
/// but leaves <c>%2F</c> encoded (so a slash in a name never splits the route), and decodes <c>%252F</c> to the
/// same <c>%2F</c>; only the raw target tells the two apart, so the segment is taken from it and decoded once.
/// </summary>
internal static class SessionRouteValue
{
    private const string Prefix = "/v1/sessions/";

    public static string From(HttpContext context, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is null || !raw.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return routeValue;
        }

        var segment = raw.AsSpan(Prefix.Length);
        var end = segment.IndexOfAny('/', '?');
        return Uri.UnescapeDataString(end < 0 ? segment : segment[..end]);
    }
}
