using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Hosting;

internal static partial class DaemonLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Baton daemon {Pid} listening on {SocketPath}; Codex home {CodexHome}")]
    public static partial void Started(ILogger logger, int pid, string socketPath, string codexHome);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Request {Method} {Path} failed with an internal error")]
    public static partial void InternalError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Forgot {Count} idempotency keys older than {Retention}")]
    public static partial void KeysPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "TLS listener on {Address}; certificate fingerprint {Fingerprint}")]
    public static partial void TlsListening(ILogger logger, string address, string fingerprint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Shutdown requested over the API")]
    public static partial void ShutdownRequested(ILogger logger);
}
