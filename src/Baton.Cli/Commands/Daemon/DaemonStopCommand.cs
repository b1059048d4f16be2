using System.CommandLine;
using System.Diagnostics;
using Baton.Cli.Daemon;
using Baton.Cli.Errors;
using Baton.Client;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon stop</c>: asks the daemon to exit and waits until it has.</summary>
internal sealed class DaemonStopCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly CliContext _context;

    private DaemonStopCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var command = new Command("stop", "Stop the daemon and wait until its process has exited.");
        command.SetAction(new DaemonStopCommand(context).RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        DaemonExecutable.EnsureLocal(_context);
        using var client = _context.CreateClient();
        int pid;
        try
        {
            pid = (await client.GetStatusAsync(cancellationToken)).Pid;
            await client.ShutdownAsync(cancellationToken);
        }
        catch (DaemonNotRunningException)
        {
            await _context.Out.WriteAsync("Baton daemon is not running.\n");
            return ExitCodes.Ok;
        }

        // Gone means both: the process has exited and nothing answers on the socket any more.
        var clock = Stopwatch.StartNew();
        while (ProcessProbe.IsAlive(pid) || await AnswersAsync(client, cancellationToken))
        {
            if (clock.Elapsed >= _context.DaemonStopTimeout)
            {
                throw new CliException(
                    ExitCodes.Unreachable,
                    $"The Baton daemon (pid {pid}) was asked to stop but is still running after "
                    + $"{_context.DaemonStopTimeout.TotalSeconds:0.#} s. Its log is {_context.Paths.DaemonLogPath}; "
                    + $"to force it: kill {pid}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        await _context.Out.WriteAsync($"Baton daemon stopped (pid {pid}).\n");
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    private static async Task<bool> AnswersAsync(BatonClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetStatusAsync(cancellationToken);
            return true;
        }
        catch (BatonClientException)
        {
            // Not running, or going down mid-request: either way it no longer serves.
            return false;
        }
    }
}
