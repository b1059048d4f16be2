namespace Baton.Client;

/// <summary>
/// Talking to the daemon failed after a connection was possible (permission denied, connection dropped mid-request,
/// daemon died while a call was waiting). Unlike <see cref="DaemonNotRunningException"/> the request may have
/// reached the daemon, so it must not be retried blindly.
/// </summary>
public sealed class DaemonUnreachableException(string socketPath, string reason, Exception? inner = null)
    : BatonClientException($"Could not talk to the Baton daemon at {socketPath}: {reason}", inner)
{
    public string SocketPath { get; } = socketPath;

    /// <summary>
    /// The connection was reset or closed before any answer (the daemon crashed, or is starting or stopping), as
    /// opposed to refused for a reason such as permissions. A read-only request may safely be asked again.
    /// </summary>
    public bool DroppedBeforeAnswer { get; init; }

    /// <summary>
    /// The system denied the connection: the socket is another user's (EACCES), or a sandbox's system-call filter
    /// forbids this process any connection (EPERM), as Codex's does for an agent's commands. .NET reports both alike.
    /// </summary>
    public bool AccessDenied { get; init; }
}
