using System.CommandLine;
using Baton.Cli.Errors;
using Baton.Cli.Output;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Commands.Daemon;

/// <summary><c>baton daemon status</c>: whether the daemon runs, and whether it reaches its agents.</summary>
internal sealed class DaemonStatusCommand
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json("the daemon status");

    private DaemonStatusCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var handler = new DaemonStatusCommand(context);
        var command = new Command("status", "Show whether the daemon runs (exit 0) or not (exit 8), and which agents it reaches.")
        {
            handler._json,
        };
        command.SetAction(handler.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = _context.CreateClient();
        var socketPath = client.SocketPath;
        DaemonStatus status;
        try
        {
            status = await client.GetStatusAsync(cancellationToken);
        }
        catch (DaemonNotRunningException) when (!_context.Target.IsRemote)
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"Baton daemon is not running (nothing listens on {socketPath}). "
                + "Start it with 'baton daemon start'; commands that need it also start it on their own.");
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, status, BatonJsonContext.Default.DaemonStatus);
            return ExitCodes.Ok;
        }

        var output = _context.Out;
        output.Write($"Baton daemon running (pid {status.Pid}), version {status.Version}\n");
        output.Write($"  socket:   {status.SocketPath}\n");
        output.Write($"  home:     {status.BatonHome}\n");
        output.Write($"  started:  {ReceiptText.Timestamp(status.StartedAt)}\n");
        if (status.Listen is not null)
        {
            output.Write($"  listen:   {status.Listen} (TLS, token required)\n");
            output.Write($"  tls:      {status.TlsFingerprint}\n");
        }

        output.Write(status.Agents.Count == 0 ? "  agents:   none configured\n" : "  agents:\n");
        var table = new TextTable("AGENT", "HOME", "ENDPOINT", "REACHABLE");
        foreach (var agent in status.Agents)
        {
            table.Add(agent.Agent, agent.Home, agent.Endpoint, agent.Reachable ? "reachable" : $"unreachable: {agent.Error ?? "no answer"}");
        }

        foreach (var line in table.Render())
        {
            output.Write($"    {line}\n");
        }

        output.Flush();
        return ExitCodes.Ok;
    }
}
