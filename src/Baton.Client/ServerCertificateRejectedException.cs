using Baton.Protocol;

namespace Baton.Client;

/// <summary>
/// The remote daemon's TLS certificate was not the one expected (pinned fingerprint differs) or not trusted (CA or
/// system trust). Nothing was sent past the handshake, so no token left this process.
/// </summary>
public sealed class ServerCertificateRejectedException(string address, string reason, CertificateFingerprint? presented, Exception? inner = null)
    : BatonClientException($"Refusing the TLS certificate of {address}: {reason}", inner)
{
    public string Address { get; } = address;

    /// <summary>The fingerprint of the certificate the server presented, when it presented one.</summary>
    public CertificateFingerprint? Presented { get; } = presented;
}
