using System.Text.Json;
using Baton.Protocol;

namespace Baton.Daemon.Hosting;

/// <summary>
/// <c>BATON_HOME/config.json</c>, optional. Known keys: <c>markInjectedMessages</c> (bool); <c>listen</c>
/// (<c>tcp://HOST:PORT</c>, the TLS listener); <c>tlsCertificate</c>, <c>tlsCertificateKey</c>,
/// <c>tlsCertificatePassword</c> (its certificate, else a self-signed one); <c>allowNonLoopbackListen</c> (bool).
/// A file that is not valid JSON stops the daemon with a message naming it, rather than being half-read.
/// </summary>
public sealed record DaemonConfigFile(bool? MarkInjectedMessages)
{
    public string? Listen { get; init; }

    public string? TlsCertificate { get; init; }

    public string? TlsCertificateKey { get; init; }

    public string? TlsCertificatePassword { get; init; }

    public bool AllowNonLoopbackListen { get; init; }

    public static string PathIn(BatonPaths paths) => Path.Combine(paths.Home, "config.json");

    public static DaemonConfigFile Read(BatonPaths paths)
    {
        var path = PathIn(paths);
        if (!File.Exists(path))
        {
            return new DaemonConfigFile(MarkInjectedMessages: null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new DaemonConfigFile(Boolean(root, "markInjectedMessages"))
            {
                Listen = Text(root, "listen", path),
                TlsCertificate = Text(root, "tlsCertificate", path),
                TlsCertificateKey = Text(root, "tlsCertificateKey", path),
                TlsCertificatePassword = Text(root, "tlsCertificatePassword", path),
                AllowNonLoopbackListen = Boolean(root, "allowNonLoopbackListen") ?? false,
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({ex.Message}). Fix or remove it, then start the daemon again.", ex);
        }
    }

    private static bool? Boolean(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static string? Text(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidOperationException($"\"{name}\" in {path} must be a string. Fix it, then start the daemon again.");
    }
}
