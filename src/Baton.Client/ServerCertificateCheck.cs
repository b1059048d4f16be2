using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Baton.Protocol;

namespace Baton.Client;

/// <summary>
/// Decides whether to trust the remote daemon's certificate, and remembers why not, so the caller gets a message
/// naming both fingerprints instead of .NET's generic "the remote certificate is invalid".
/// </summary>
/// <remarks>
/// A pin compares the SHA-256 of the leaf certificate's DER bytes and nothing else: it is stronger than a chain and
/// a host name, and it is what a self-signed listener certificate needs. A CA file is used as the only root
/// (custom trust), and the host name must still match.
/// </remarks>
internal sealed class ServerCertificateCheck(RemoteDaemon remote)
{
    private readonly X509Certificate2? _ca = remote.CaCertificatePath is { } path ? LoadCa(path) : null;

    public CertificateFingerprint? Presented { get; private set; }

    public string? Failure { get; private set; }

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Failure = "the server presented no certificate.";
            return false;
        }

        Presented = CertificateFingerprint.Of(certificate.GetRawCertData());
        if (remote.PinnedFingerprint is { } pin)
        {
            if (pin.Matches(Presented))
            {
                return true;
            }

            Failure = $"its certificate fingerprint is {Presented}, but --fingerprint pins {pin}. "
                + "If the daemon's certificate was replaced on purpose, take the new fingerprint from 'baton daemon status' on its machine; otherwise something else answers at this address.";
            return false;
        }

        if (_ca is not null)
        {
            return ValidateAgainstCa(certificate, errors);
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Failure = $"it is not trusted by this system ({errors}); its fingerprint is {Presented}. "
            + "Pin it with --fingerprint (compare with 'baton daemon status' on the daemon's machine) or pass the issuing CA with --ca-cert.";
        return false;
    }

    private bool ValidateAgainstCa(X509Certificate certificate, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            Failure = $"its certificate (fingerprint {Presented}) is not made out to {remote.BaseAddress.Host}.";
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(leaf))
        {
            return true;
        }

        var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        Failure = $"its certificate (fingerprint {Presented}) does not chain to the CA in {remote.CaCertificatePath} ({reasons}).";
        return false;
    }

    private static X509Certificate2 LoadCa(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ServerCertificateRejectedException(path, $"the CA certificate {path} could not be read ({ex.Message}). Give a PEM or DER certificate file.", null, ex);
        }
    }
}
