using Baton.Client;

namespace Baton.Cli.Daemon;

/// <summary>
/// Which daemon a command talks to and as whom: the local socket (the default) or a remote TLS listener
/// (<c>--remote</c>), with the bearer token from <c>--token-env VAR</c> or <c>BATON_TOKEN</c> when one is given.
/// </summary>
public sealed record DaemonTarget(RemoteDaemon? Remote, string? BearerToken)
{
    public static readonly DaemonTarget Local = new(Remote: null, BearerToken: null);

    public bool IsRemote => Remote is not null;

    /// <summary>
    /// A client for this process's few calls: on the local socket each call blocks on a connection of its own, which
    /// starts no thread and is the quickest way for a command that makes one call and exits (issue 6).
    /// </summary>
    public BatonClient CreateClient(string socketPath) =>
        Remote is null ? CreateLocalClient(socketPath) : BatonClient.ForRemote(Remote, BearerToken!);

    /// <summary>A client of the local socket whatever the target (starting a daemon happens here, never remotely).</summary>
    public BatonClient CreateLocalClient(string socketPath) => new(socketPath, BearerToken, blockingCalls: true);
}
