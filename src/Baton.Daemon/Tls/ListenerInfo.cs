using System.Net;
using Baton.Protocol;

namespace Baton.Daemon.Tls;

/// <summary>What <c>GET /v1/status</c> tells about the TLS listener: its URL and certificate fingerprint, or nothing when off.</summary>
public sealed record ListenerInfo(ListenAddress? Address, CertificateFingerprint? Fingerprint)
{
    public string? Url => Address is null ? null : "https://" + new IPEndPoint(Address.Address, Address.Port);
}
