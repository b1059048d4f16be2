using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Baton.Protocol;

namespace Baton.Daemon.Tls;

/// <summary>
/// The TLS listener's certificate: the one <c>config.json</c> names (<c>tlsCertificate</c>, a PFX or a PEM with
/// its key in the same file or in <c>tlsCertificateKey</c>), or else a self-signed one that the daemon makes once
/// in <c>BATON_HOME/tls/</c> and reuses on every start, so a pinned fingerprint stays valid.
/// </summary>
/// <remarks>
/// The self-signed certificate is ECDSA P-256 with SANs for 127.0.0.1, ::1 and localhost, valid for ten years:
/// clients pin its fingerprint rather than trust a chain, so expiry would only break pins for no gain.
/// </remarks>
public static class ListenerCertificate
{
    public const string CertificateFileName = "listener.crt";
    public const string KeyFileName = "listener.key";

    public static string DirectoryIn(BatonPaths paths) => Path.Combine(paths.Home, "tls");

    public static X509Certificate2 Load(BatonPaths paths, string? configuredCertificate, string? configuredKey, string? password)
    {
        if (!string.IsNullOrWhiteSpace(configuredCertificate))
        {
            return LoadConfigured(Path.GetFullPath(configuredCertificate, paths.Home), configuredKey is null ? null : Path.GetFullPath(configuredKey, paths.Home), password);
        }

        var directory = DirectoryIn(paths);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            CreateSelfSigned(directory, certificatePath, keyPath);
        }

        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }

    private static X509Certificate2 LoadConfigured(string path, string? keyPath, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"tlsCertificate in config.json names {path}, which does not exist. Fix the path, or remove tlsCertificate to use a self-signed certificate.");
        }

        try
        {
            var certificate = path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"The TLS certificate {path} has no private key. Give a PFX with its key, a PEM holding both, or the key's PEM in tlsCertificateKey.");
            }

            return certificate;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The TLS certificate {path} could not be read ({ex.Message}). Give a PFX (.pfx/.p12, password in tlsCertificatePassword) or PEM files.", ex);
        }
    }

    private static void CreateSelfSigned(string directory, string certificatePath, string keyPath)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnly);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Baton daemon (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        // The key first, created 0600 before a byte is written, then the certificate: a crash in between leaves no
        // certificate without its key, and the next start makes both again.
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        // UnixCreateMode applies only to a new file; a key file left from before keeps its mode otherwise.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
