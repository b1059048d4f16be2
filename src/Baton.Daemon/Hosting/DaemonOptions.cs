using Baton.Agents.Codex;
using Baton.Daemon.Limits;
using Baton.Protocol;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Hosting;

/// <summary>Everything a daemon needs to know at start; built from the environment by <see cref="DaemonCommand"/>.</summary>
public sealed record DaemonOptions(BatonPaths Paths, CodexHome Codex)
{
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Size, header, connection and rate limits; from <c>"limits"</c> in <c>BATON_HOME/config.json</c>.</summary>
    public DaemonLimits Limits { get; init; } = new();

    /// <summary>
    /// Whether the agent sees a first line marking each message as injected, and by which hook. On unless
    /// <c>"markInjectedMessages": false</c> in <c>BATON_HOME/config.json</c> or <c>BATON_MARK_INJECTED=0</c>.
    /// </summary>
    public bool MarkInjectedMessages { get; init; } = true;

    /// <summary>
    /// The TLS listener, off when null. From <c>BATON_LISTEN</c> (which <c>baton daemon start --listen</c> sets) or
    /// <c>"listen"</c> in config.json. Loopback only unless config.json says <c>"allowNonLoopbackListen": true</c>.
    /// </summary>
    public ListenAddress? Listen { get; init; }

    /// <summary>Certificate for the listener (PFX or PEM); null makes and reuses a self-signed one in BATON_HOME/tls.</summary>
    public string? TlsCertificatePath { get; init; }

    public string? TlsCertificateKeyPath { get; init; }

    public string? TlsCertificatePassword { get; init; }

    /// <summary>How long an idempotency key is remembered; the contract promises at least 7 days.</summary>
    public TimeSpan IdempotencyKeyRetention { get; init; } = TimeSpan.FromDays(7);

    public static DaemonOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var retention = getVariable("BATON_KEY_RETENTION_HOURS") is { Length: > 0 } hours
            && double.TryParse(hours, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0
                ? TimeSpan.FromHours(h)
                : TimeSpan.FromDays(7);
        var codex = CodexHome.FromEnvironment(getVariable);
        if (getVariable("BATON_CODEX_SOCKET") is { Length: > 0 } socket)
        {
            codex = codex with { SocketPath = Path.GetFullPath(socket) };
        }

        var paths = BatonPaths.FromEnvironment(getVariable);
        var config = DaemonConfigFile.Read(paths);
        var mark = getVariable("BATON_MARK_INJECTED") switch
        {
            "0" or "false" => false,
            "1" or "true" => true,
            _ => config.MarkInjectedMessages ?? true,
        };
        return new DaemonOptions(paths, codex)
        {
            IdempotencyKeyRetention = retention,
            MarkInjectedMessages = mark,
            Limits = config.Limits,
            Listen = ReadListen(getVariable(ListenAddress.Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : config.Listen, config),
            TlsCertificatePath = config.TlsCertificate,
            TlsCertificateKeyPath = config.TlsCertificateKey,
            TlsCertificatePassword = config.TlsCertificatePassword,
        };
    }

    private static ListenAddress? ReadListen(string? text, DaemonConfigFile config)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!ListenAddress.TryParse(text, out var address, out var error))
        {
            throw new InvalidOperationException(error);
        }

        // A token is the only thing between the network and the user's agents: binding beyond this machine is a
        // decision someone must write down, not a typo in a flag.
        if (!address.IsLoopback && !config.AllowNonLoopbackListen)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {address}: it is not a loopback address, so other machines could reach the daemon. "
                + "To allow it, put \"allowNonLoopbackListen\": true in config.json; or listen on tcp://127.0.0.1:PORT and tunnel to it.");
        }

        return address;
    }
}
