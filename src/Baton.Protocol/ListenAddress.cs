using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Baton.Protocol;

/// <summary>
/// Where the optional TLS listener binds: <c>tcp://HOST:PORT</c>, HOST an IP address or <c>localhost</c>. Parsed
/// the same way by the CLI (to fail early, exit 2) and by the daemon.
/// </summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    public const string Variable = "BATON_LISTEN";

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ListenAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        var value = text?.Trim() ?? "";
        const string Scheme = "tcp://";
        if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is not a listen address: use tcp://127.0.0.1:PORT (the listener always speaks TLS).";
            return false;
        }

        var rest = value[Scheme.Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}' has no valid port: use tcp://127.0.0.1:PORT with PORT from 1 to 65535.";
            return false;
        }

        var host = rest[..colon].Trim('[', ']');
        var ip = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : null;
        if (ip is null)
        {
            error = $"'{host}' in '{text}' is not an IP address: give one (tcp://127.0.0.1:PORT); host names other than localhost are not resolved.";
            return false;
        }

        address = new ListenAddress(ip, port);
        return true;
    }

    public override string ToString() => "tcp://" + new IPEndPoint(Address, Port);
}
