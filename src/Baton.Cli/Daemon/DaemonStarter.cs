using System.Diagnostics;
using System.Text;
using Baton.Cli.Errors;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Daemon;

/// <summary>
/// Makes sure a daemon answers on the socket, starting one if needed. Shared by <c>daemon start</c> and by every
/// command that starts the daemon on its own.
/// </summary>
/// <remarks>
/// Two starters may race. The daemon itself refuses to run twice; the loser's process exits, and this class
/// keeps polling the socket so the loser's caller still sees the winner and reports success.
/// </remarks>
internal sealed class DaemonStarter(CliContext context)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>After our own process died, how long another starter's daemon gets to appear.</summary>
    private static readonly TimeSpan RaceGrace = TimeSpan.FromSeconds(3);

    private const int LogLinesShown = 20;

    /// <param name="listen">The TLS listener to open when a daemon is started here (<c>daemon start --listen</c>).</param>
    public async Task<DaemonStartResult> EnsureRunningAsync(CancellationToken cancellationToken, string? listen = null)
    {
        var paths = context.Paths;
        using var client = context.Target.CreateLocalClient(paths.SocketPath);
        if (await TryGetStatusAsync(client, cancellationToken) is { } running)
        {
            return new DaemonStartResult(running, WasAlreadyRunning: true);
        }

        var launch = DaemonExecutable.CreateLaunch(context, listen);
        PrepareDirectories(paths);
        var pid = await context.DaemonLauncher.StartDetachedAsync(launch, cancellationToken);

        var clock = Stopwatch.StartNew();
        TimeSpan? diedAt = null;
        while (true)
        {
            if (await TryGetStatusAsync(client, cancellationToken) is { } status)
            {
                return new DaemonStartResult(status, WasAlreadyRunning: false);
            }

            if (diedAt is null && pid is { } id && !ProcessProbe.IsAlive(id))
            {
                diedAt = clock.Elapsed;
            }

            var outOfTime = clock.Elapsed >= context.DaemonStartTimeout
                || (diedAt is { } died && clock.Elapsed - died >= RaceGrace);
            if (outOfTime)
            {
                throw new CliException(ExitCodes.Unreachable, DescribeFailure(launch, pid, diedAt is not null, clock.Elapsed));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The daemon's status, or null when nothing answers on the socket yet.</summary>
    private static async Task<DaemonStatus?> TryGetStatusAsync(BatonClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetStatusAsync(cancellationToken);
        }
        catch (DaemonNotRunningException)
        {
            return null;
        }
        catch (DaemonUnreachableException ex) when (ex.DroppedBeforeAnswer)
        {
            // A daemon coming up or going down can accept a connection and drop it unanswered. Asking for the
            // status changes nothing, so asking again is safe; a daemon that never answers still times out below.
            return null;
        }
    }

    private static void PrepareDirectories(BatonPaths paths)
    {
        // Owner-only: the home holds the socket and the database, the log may quote injected text.
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var directory in new[] { paths.Home, paths.LogDirectory })
        {
            if (Directory.Exists(directory))
            {
                continue;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnly);
            }
        }
    }

    private static string DescribeFailure(DaemonLaunch launch, int? pid, bool exited, TimeSpan waited)
    {
        var message = new StringBuilder();
        message.Append("The Baton daemon did not start: ");
        message.Append(exited
            ? $"{launch.ExecutablePath} (pid {pid}) exited"
            : $"nothing answered within {waited.TotalSeconds:0.#} s");
        message.Append(". Its log is ").Append(launch.LogPath).Append('.');
        var tail = ReadLogTail(launch.LogPath);
        if (tail.Count > 0)
        {
            message.Append("\nLast lines of the log:");
            foreach (var line in tail)
            {
                message.Append("\n  ").Append(line);
            }
        }

        message.Append("\nTo see it fail in the foreground, run: baton daemon run");
        return message.ToString();
    }

    private static List<string> ReadLogTail(string logPath)
    {
        try
        {
            var lines = File.ReadAllLines(logPath);
            return [.. lines.Skip(Math.Max(0, lines.Length - LogLinesShown))];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
