using System.CommandLine;
using System.Globalization;
using Baton.Cli.Daemon;
using Baton.Cli.Output;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Cli.Commands;

/// <summary><c>baton sessions</c>: the sessions Baton can reach, with state and queued count.</summary>
internal sealed class SessionsCommand
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json("the session list");

    private readonly Option<bool> _all = new("--all")
    {
        Description = "Also list stored sessions, not only live ones.",
    };

    private SessionsCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new SessionsCommand(context).Build();

    private Command Build()
    {
        var command = new Command("sessions", "List the sessions Baton can reach, with their state and queued messages.")
        {
            _json, _all,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var all = parse.GetValue(_all);
        var list = await new DaemonConnection(_context).CallAsync(
            (client, token) => client.ListSessionsAsync(all, token), cancellationToken);

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, list, BatonJsonContext.Default.SessionList);
            return ExitCodes.Ok;
        }

        if (list.Sessions.Count == 0)
        {
            await _context.Error.WriteLineAsync(all
                ? "baton: no sessions found."
                : "baton: no live sessions; 'baton sessions --all' also lists stored ones.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("NAME", "ID", "AGENT", "STATE", "QUEUED", "CWD");
        foreach (var session in list.Sessions)
        {
            table.Add(
                session.Name ?? "-",
                session.Id,
                session.Agent,
                // What it waits for is in 'baton show' and the JSON; a table cell only flags it.
                session.WaitingFor is null ? WireNames.Of(session.State) : $"{WireNames.Of(session.State)} (needs a person)",
                session.QueuedCount.ToString(CultureInfo.InvariantCulture),
                session.Cwd ?? "-");
        }

        foreach (var line in table.Render(withHeader: true))
        {
            _context.Out.Write(line);
            _context.Out.Write('\n');
        }

        _context.Out.Flush();
        return ExitCodes.Ok;
    }
}
