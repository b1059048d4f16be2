using System.Security.Cryptography.X509Certificates;
using Baton.Protocol;

namespace Baton.Daemon.Tls;

/// <summary>The TLS listener a daemon was started with: where, with which certificate, and that certificate's fingerprint.</summary>
public sealed record TlsListener(ListenAddress Address, X509Certificate2 Certificate)
{
    public CertificateFingerprint Fingerprint { get; } = CertificateFingerprint.Of(Certificate.RawData);
}
