using Baton.Protocol;

namespace Baton.Client;

/// <summary>
/// A daemon reached over its TLS listener instead of the local socket, and how to trust its certificate: a pinned
/// SHA-256 fingerprint, a CA certificate file, or (with neither) the system's trust store.
/// </summary>
public sealed record RemoteDaemon(Uri BaseAddress, CertificateFingerprint? PinnedFingerprint = null, string? CaCertificatePath = null);
