using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Errors;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon start</c>: starts the daemon in the background unless it already runs.</summary>
internal sealed class DaemonStartCommand
{
    private readonly CliContext _context;
    private readonly Option<string?> _listen = ListenOption.Create();

    private DaemonStartCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var handler = new DaemonStartCommand(context);
        var command = new Command("start", "Start the daemon in the background, detached from this terminal (no-op if it runs).")
        {
            handler._listen,
        };
        command.SetAction(handler.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var listen = parse.GetValue(_listen);
        DaemonExecutable.EnsureLocal(_context);
        var result = await new DaemonStarter(_context).EnsureRunningAsync(cancellationToken, listen);
        var status = result.Status;
        if (listen is not null && result.WasAlreadyRunning && status.Listen is null)
        {
            throw new CliException(
                ExitCodes.Usage,
                $"The Baton daemon already runs (pid {status.Pid}) without a TLS listener, so --listen was not applied. "
                + "Stop it with 'baton daemon stop', then start it again with --listen.");
        }

        await _context.Out.WriteAsync(result.WasAlreadyRunning
            ? $"Baton daemon already running (pid {status.Pid}), socket {status.SocketPath}\n"
            : $"Baton daemon running (pid {status.Pid}), socket {status.SocketPath}\n");
        if (status.Listen is not null)
        {
            await _context.Out.WriteAsync($"TLS listener {status.Listen}, certificate fingerprint {status.TlsFingerprint}\n");
        }

        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
