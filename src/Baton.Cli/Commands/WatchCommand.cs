using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Output;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton watch</c>: follows a session live (user messages from anyone, the agent's output as it streams, turn
/// ends) until interrupted. <c>--json</c> prints one event object per line.
/// </summary>
internal sealed class WatchCommand
{
    private readonly CliContext _context;

    private readonly Argument<string> _session = new("session")
    {
        Description = "The session: its name or id; 'codex:<name-or-id>' names the agent too.",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON object per event, one per line, on standard output.",
    };

    private WatchCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new WatchCommand(context).Build();

    private Command Build()
    {
        var command = new Command("watch", "Follow a session live: messages from anyone, the agent's output as it streams, turn ends. Stop with Ctrl+C.")
        {
            _session, _json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var session = parse.GetRequiredValue(_session);
        var json = parse.GetValue(_json);

        // A cheap call first, so a daemon that is not running is started the usual way before streaming begins.
        await new DaemonConnection(_context).CallAsync((client, token) => client.GetStatusAsync(token), cancellationToken);
        using var client = _context.CreateClient();
        var midLine = false;
        try
        {
            await foreach (var item in client.WatchAsync(session, cancellationToken))
            {
                if (json)
                {
                    JsonOutput.Write(_context.Out, item, BatonJsonContext.Default.SessionEvent);
                }
                else
                {
                    midLine = WriteReadable(item, midLine);
                }

                _context.Out.Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        // The daemon ended the stream (it is stopping): say so rather than look like a clean end.
        _context.Error.WriteLine("baton: the daemon closed the watch stream.");
        return ExitCodes.Unreachable;
    }

    /// <summary>Writes one event for a person; agent deltas continue the current line. Returns whether a line is open.</summary>
    private bool WriteReadable(SessionEvent item, bool midLine)
    {
        var output = _context.Out;
        if (item.Type == SessionEventType.AgentDelta)
        {
            if (!midLine)
            {
                output.Write("agent: ");
            }

            output.Write(item.Text);
            return true;
        }

        if (midLine)
        {
            output.WriteLine();
        }

        var time = item.At.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        switch (item.Type)
        {
            case SessionEventType.State:
                output.WriteLine($"{time} session {item.SessionId} is {item.Status}");
                break;
            case SessionEventType.TurnStarted:
                output.WriteLine($"{time} ▶ turn {item.TurnId} started");
                break;
            case SessionEventType.UserMessage:
                var from = item.ClientId?.StartsWith("msg_", StringComparison.Ordinal) == true ? $"user (via Baton, {item.ClientId})" : "user";
                output.WriteLine($"{time} {from}: {item.Text}");
                break;
            case SessionEventType.AgentMessage:
                // The deltas already showed the text when they came; print it whole only if none did.
                if (!midLine)
                {
                    output.WriteLine($"{time} agent: {item.Text}");
                }

                break;
            case SessionEventType.TurnEnded:
                output.WriteLine($"{time} ■ turn {item.TurnId} {item.Status}{(item.Error is null ? string.Empty : $": {item.Error}")}");
                break;
            case SessionEventType.WaitingForPerson:
                output.WriteLine($"{time} ? turn {item.TurnId} waits for a person to {item.Text} (answer in the Codex TUI)");
                break;
        }

        return false;
    }
}
