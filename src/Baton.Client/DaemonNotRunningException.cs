namespace Baton.Client;

/// <summary>
/// Nothing listens on the daemon's socket (the file is missing or refuses connections). Nothing was sent, so a
/// caller may start the daemon and retry the same request.
/// </summary>
public sealed class DaemonNotRunningException(string socketPath, Exception? inner = null)
    : BatonClientException($"The Baton daemon is not running: nothing listens on {socketPath}.", inner)
{
    public string SocketPath { get; } = socketPath;
}
