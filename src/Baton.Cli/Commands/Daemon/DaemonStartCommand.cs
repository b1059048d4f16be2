using System.CommandLine;
using Baton.Cli.Daemon;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon start</c>: starts the daemon in the background unless it already runs.</summary>
internal sealed class DaemonStartCommand
{
    private readonly CliContext _context;

    private DaemonStartCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var command = new Command("start", "Start the daemon in the background, detached from this terminal (no-op if it runs).");
        command.SetAction(new DaemonStartCommand(context).RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await new DaemonStarter(_context).EnsureRunningAsync(cancellationToken);
        var status = result.Status;
        await _context.Out.WriteAsync(result.WasAlreadyRunning
            ? $"Baton daemon already running (pid {status.Pid}), socket {status.SocketPath}\n"
            : $"Baton daemon running (pid {status.Pid}), socket {status.SocketPath}\n");
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
