using System.CommandLine;
using System.Diagnostics;
using Baton.Cli.Errors;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton demo</c>: the offline end-to-end run. It lives in the companion <c>baton-demo</c> executable, which
/// carries the scripted model server, so the CLI itself stays small and free of a web server.
/// </summary>
internal sealed class DemoCommand
{
    private readonly CliContext _context;

    private DemoCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var command = new Command(
            "demo",
            "Run an offline end-to-end demo: a scripted local model, a real Codex app-server and session in a temp folder, " +
            "and 'baton inject --wait' answering. Run it inside a loopback-only network namespace (scripts/demo does).");
        command.SetAction(new DemoCommand(context).RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "baton-demo.exe" : "baton-demo");
        if (!File.Exists(demo))
        {
            throw new CliException(ExitCodes.Internal, $"The demo is not installed: {demo} does not exist. Run scripts/setup, which publishes it next to baton.");
        }

        using var process = Process.Start(new ProcessStartInfo(demo) { UseShellExecute = false })
            ?? throw new CliException(ExitCodes.Internal, $"Could not start {demo}.");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
