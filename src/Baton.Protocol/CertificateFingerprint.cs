using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Baton.Protocol;

/// <summary>
/// The SHA-256 of a certificate's DER bytes: what the daemon prints for its TLS listener and what
/// <c>--fingerprint</c> pins. Shown as <c>SHA256:AB:CD:…</c>; read from that, from plain hex (with or without
/// colons or spaces, any case), or from base64 (as OpenSSH prints it), with or without the <c>SHA256:</c> prefix.
/// </summary>
public sealed record CertificateFingerprint(byte[] Sha256)
{
    public static CertificateFingerprint Of(ReadOnlySpan<byte> derCertificate) => new(SHA256.HashData(derCertificate));

    public bool Matches(CertificateFingerprint other) => CryptographicOperations.FixedTimeEquals(Sha256, other.Sha256);

    public static bool TryParse(string? text, [NotNullWhen(true)] out CertificateFingerprint? fingerprint)
    {
        fingerprint = null;
        var value = text?.Trim() ?? "";
        if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("SHA-256:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }

        var hex = value.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (hex.Length == 64 && !hex.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            fingerprint = new CertificateFingerprint(Convert.FromHexString(hex));
            return true;
        }

        // Base64, standard or url-safe, padded or not.
        var base64 = value.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[48];
        if (Convert.TryFromBase64String(base64, bytes, out var written) && written == 32)
        {
            fingerprint = new CertificateFingerprint(bytes[..32]);
            return true;
        }

        return false;
    }

    public override string ToString() => "SHA256:" + string.Join(':', Convert.ToHexString(Sha256).Chunk(2).Select(pair => new string(pair)));
}
