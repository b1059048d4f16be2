using System.CommandLine;
using Baton.Cli.Daemon;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon run</c>: runs the daemon in the foreground, for supervisors and debugging.</summary>
internal sealed class DaemonRunCommand
{
    private readonly CliContext _context;
    private readonly Option<string?> _listen = ListenOption.Create();

    private DaemonRunCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var handler = new DaemonRunCommand(context);
        var command = new Command("run", "Run the daemon in the foreground with this terminal's input and output; exits with its exit code.")
        {
            handler._listen,
        };
        command.SetAction(handler.RunAsync);
        return command;
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        _context.DaemonLauncher.RunForegroundAsync(DaemonExecutable.CreateLaunch(_context, parse.GetValue(_listen)), cancellationToken);
}
