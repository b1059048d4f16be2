using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Core.Security;

/// <summary>
/// The token text a caller holds: <c>baton_tok_&lt;16 hex&gt;_&lt;secret&gt;</c>, where the secret is 32 random bytes
/// in base64url. The id travels in the clear so the daemon finds the row without scanning; only the secret is
/// secret, and the store keeps its SHA-256.
/// </summary>
/// <remarks>
/// A plain SHA-256 (no salt, no slow KDF) is enough because the secret is 256 bits from the OS's CSPRNG, not a
/// password: there is nothing to guess.
/// </remarks>
public sealed record BearerToken(string Id, string Secret)
{
    public const string TextPrefix = "baton_";
    public const string IdPrefix = "tok_";
    private const int IdHexDigits = 16;
    private const int SecretBytes = 32;

    public static BearerToken New()
    {
        var id = IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexDigits / 2));
        return new BearerToken(id, System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes)));
    }

    public string Text => TextPrefix + Id + "_" + Secret;

    public byte[] SecretHash => HashSecret(Secret);

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when the secret's hash equals <paramref name="storedHash"/>, compared in constant time.</summary>
    public bool Matches(byte[] storedHash) => CryptographicOperations.FixedTimeEquals(SecretHash, storedHash);

    /// <summary>Whether <paramref name="id"/> has the shape of a token id (for <c>token revoke</c>'s argument).</summary>
    public static bool IsId(string id) =>
        id.Length == IdPrefix.Length + IdHexDigits
        && id.StartsWith(IdPrefix, StringComparison.Ordinal)
        && id.AsSpan(IdPrefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    public static bool TryParse(string? text, [NotNullWhen(true)] out BearerToken? token)
    {
        token = null;
        text = text?.Trim();
        if (text is null || !text.StartsWith(TextPrefix + IdPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var idEnd = TextPrefix.Length + IdPrefix.Length + IdHexDigits;
        if (text.Length <= idEnd + 1 || text[idEnd] != '_')
        {
            return false;
        }

        var id = text[TextPrefix.Length..idEnd];
        var secret = text[(idEnd + 1)..];
        if (!IsId(id) || secret.Length is 0 or > 128)
        {
            return false;
        }

        token = new BearerToken(id, secret);
        return true;
    }

    /// <summary>Never prints the secret, so a token in a log line or an exception message gives nothing away.</summary>
    public override string ToString() => Id;
}
