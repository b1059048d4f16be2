using Baton.Core.Security;

namespace Baton.Daemon.Security;

/// <summary>
/// A connection feature: who the kernel says is on the other end of this Unix-socket connection. Set once per
/// connection, before its first request is read; immutable, because a keep-alive connection serves many requests.
/// </summary>
internal sealed record PeerIdentityFeature(CallerIdentity Identity);
