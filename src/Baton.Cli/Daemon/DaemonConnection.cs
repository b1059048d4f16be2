using Baton.Client;

namespace Baton.Cli.Daemon;

/// <summary>
/// Runs one call against the daemon, starting the local daemon first when nothing listens on its socket, so a
/// user never has to start anything by hand. With <c>--remote</c> it only calls.
/// </summary>
/// <remarks>
/// Retrying is safe only because <see cref="DaemonNotRunningException"/> means the connection itself failed:
/// the request never left this process.
/// </remarks>
internal sealed class DaemonConnection(CliContext context)
{
    public async Task<T> CallAsync<T>(Func<BatonClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        if (context.Target.IsRemote)
        {
            // A remote daemon is someone else's to start; a failure to reach it is reported as it is.
            return await call(client, cancellationToken);
        }

        try
        {
            return await call(client, cancellationToken);
        }
        catch (DaemonNotRunningException)
        {
            // Started below, outside the catch, so a failure to start is reported on its own.
        }

        var started = await new DaemonStarter(context).EnsureRunningAsync(cancellationToken);
        if (!started.WasAlreadyRunning)
        {
            await context.Error.WriteLineAsync(
                $"baton: started the Baton daemon (pid {started.Status.Pid}), socket {started.Status.SocketPath}");
        }

        return await call(client, cancellationToken);
    }
}
