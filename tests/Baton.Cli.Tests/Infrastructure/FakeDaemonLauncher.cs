using Baton.Cli.Daemon;

namespace Baton.Cli.Tests.Infrastructure;

/// <summary>Records daemon launches and does what the test says instead of spawning baton-daemon.</summary>
public sealed class FakeDaemonLauncher : IDaemonLauncher
{
    private int _detachedStarts;

    public int DetachedStarts => Volatile.Read(ref _detachedStarts);

    public List<DaemonLaunch> Launches { get; } = [];

    /// <summary>What a detached start does; by default nothing (the daemon never appears).</summary>
    public Func<DaemonLaunch, CancellationToken, Task<int?>> OnStartDetached { get; set; } = (_, _) => Task.FromResult<int?>(null);

    public int ForegroundExitCode { get; set; }

    public Task<int?> StartDetachedAsync(DaemonLaunch launch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _detachedStarts);
        lock (Launches)
        {
            Launches.Add(launch);
        }

        return OnStartDetached(launch, cancellationToken);
    }

    public Task<int> RunForegroundAsync(DaemonLaunch launch, CancellationToken cancellationToken)
    {
        lock (Launches)
        {
            Launches.Add(launch);
        }

        return Task.FromResult(ForegroundExitCode);
    }
}
