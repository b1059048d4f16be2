using Baton.Daemon.Limits;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Hosting;

/// <summary>The <c>baton-daemon</c> executable: <c>run</c> serves in the foreground until SIGTERM or a shutdown request.</summary>
public static class DaemonCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Before the server starts its threads, so they share the capped arenas rather than each opening one.
        MallocArenaLimit.Apply();

        if (args.Length > 1 || (args.Length == 1 && args[0] is not "run"))
        {
            await Console.Error.WriteLineAsync("usage: baton-daemon [run]   (reads BATON_HOME, CODEX_HOME and BATON_CODEX_SOCKET from the environment)");
            return 2;
        }

        DaemonOptions options;
        try
        {
            options = DaemonOptions.FromEnvironment();
        }
        catch (InvalidOperationException ex)
        {
            // A bad config.json or listen address: say which and stop, rather than start half-configured.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        if (Environment.GetEnvironmentVariable("BATON_LOG_LEVEL") is { } level && Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed))
        {
            options = options with { MinimumLogLevel = parsed };
        }

        try
        {
            await using var host = await DaemonHost.StartAsync(options, CancellationToken.None);
            await host.WaitForShutdownAsync();
            return 0;
        }
        catch (DaemonAlreadyRunningException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 3;
        }
    }
}
