namespace Baton.Cli.Daemon;

/// <summary>Starts the daemon process: the one OS effect of <c>daemon start|run</c>, kept behind a seam for tests.</summary>
public interface IDaemonLauncher
{
    /// <summary>
    /// Starts the daemon in the background, detached from the caller's terminal and standard streams, and returns
    /// as soon as it is spawned (not when it answers). Returns its process id when known.
    /// </summary>
    Task<int?> StartDetachedAsync(DaemonLaunch launch, CancellationToken cancellationToken);

    /// <summary>Runs the daemon in the foreground with inherited standard streams; returns its exit code.</summary>
    Task<int> RunForegroundAsync(DaemonLaunch launch, CancellationToken cancellationToken);
}
