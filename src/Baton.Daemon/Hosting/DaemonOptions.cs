using Baton.Agents.Codex;
using Baton.Protocol;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Hosting;

/// <summary>Everything a daemon needs to know at start; built from the environment by <see cref="DaemonCommand"/>.</summary>
public sealed record DaemonOptions(BatonPaths Paths, CodexHome Codex)
{
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Largest request body accepted on the socket.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

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

        return new DaemonOptions(BatonPaths.FromEnvironment(getVariable), codex) { IdempotencyKeyRetention = retention };
    }
}
