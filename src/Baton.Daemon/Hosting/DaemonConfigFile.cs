using System.Text.Json;
using Baton.Daemon.Limits;
using Baton.Protocol;

namespace Baton.Daemon.Hosting;

/// <summary>
/// <c>BATON_HOME/config.json</c>, optional. Known keys: <c>markInjectedMessages</c> (bool); <c>limits</c> (an
/// object; see <see cref="DaemonLimits"/>); <c>listen</c> (<c>tcp://HOST:PORT</c>, the TLS listener);
/// <c>tlsCertificate</c>, <c>tlsCertificateKey</c>, <c>tlsCertificatePassword</c> (its certificate, else a
/// self-signed one); <c>allowNonLoopbackListen</c> (bool). A file that is not valid JSON, or a value of the wrong
/// kind, stops the daemon with a message naming it, rather than being half-read. Unknown keys are ignored.
/// </summary>
public sealed record DaemonConfigFile(bool? MarkInjectedMessages, DaemonLimits Limits)
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
            return new DaemonConfigFile(MarkInjectedMessages: null, new DaemonLimits());
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new DaemonConfigFile(Boolean(root, "markInjectedMessages"), root.TryGetProperty("limits", out var section) ? ReadLimits(section, path) : new DaemonLimits())
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

    private static DaemonLimits ReadLimits(JsonElement section, string path)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"\"limits\" in {path} must be an object, e.g. {{ \"maxMessageBytes\": 262144 }}.");
        }

        var limits = new DaemonLimits();
        int Int(string name, int fallback, int min = 1) => (int)Number(section, name, fallback, min, int.MaxValue, path);
        return limits with
        {
            MaxMessageBytes = Int("maxMessageBytes", limits.MaxMessageBytes),
            MaxRequestBodyBytes = section.TryGetProperty("maxRequestBodyBytes", out _)
                ? (long)Number(section, "maxRequestBodyBytes", 0, 1024, long.MaxValue, path)
                : null,
            MaxRequestHeadersTotalBytes = Int("maxRequestHeadersTotalBytes", limits.MaxRequestHeadersTotalBytes, 1024),
            MaxRequestHeaderCount = Int("maxRequestHeaderCount", limits.MaxRequestHeaderCount, 8),
            MaxConcurrentConnections = Int("maxConcurrentConnections", limits.MaxConcurrentConnections, 4),
            RequestHeadersTimeout = TimeSpan.FromSeconds(Number(section, "requestHeadersTimeoutSeconds", limits.RequestHeadersTimeout.TotalSeconds, 1, 3600, path)),
            MinRequestBodyBytesPerSecond = Number(section, "minRequestBodyBytesPerSecond", limits.MinRequestBodyBytesPerSecond, 0, 1e9, path),
            RateLimitPerSecond = Number(section, "rateLimitPerSecond", limits.RateLimitPerSecond, 0, 1e6, path),
            RateLimitBurst = Int("rateLimitBurst", limits.RateLimitBurst),
        };
    }

    private static double Number(JsonElement section, string name, double fallback, double min, double max, string path)
    {
        if (!section.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            throw new InvalidOperationException($"limits.{name} in {path} must be a number from {min} to {max}; it is {value.GetRawText()}.");
        }

        return number;
    }
}
