using Baton.Core.Security;

namespace Baton.Daemon.Security;

/// <summary>
/// A request feature: who is asking, as far as the middleware so far has found out. It starts as the connection's
/// peer; a middleware that runs later (the bearer-token check) replaces it with <c>Identity with { Token = grant }</c>.
/// Endpoints read it through <see cref="HttpContextCallerExtensions.Caller"/>.
/// </summary>
internal sealed class CallerIdentityFeature(CallerIdentity identity)
{
    public CallerIdentity Identity { get; set; } = identity;
}
