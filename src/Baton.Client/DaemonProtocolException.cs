namespace Baton.Client;

/// <summary>
/// The daemon answered, but not in the shape this client understands: a version mismatch or a bug on one side.
/// </summary>
public sealed class DaemonProtocolException(string socketPath, string reason, Exception? inner = null)
    : BatonClientException($"The Baton daemon at {socketPath} sent a response this client cannot read: {reason}", inner)
{
    public string SocketPath { get; } = socketPath;
}
