using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Output;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Cli.Commands;

/// <summary><c>baton show</c>: one session's state, pending messages and recent receipts.</summary>
internal sealed class ShowCommand
{
    private readonly CliContext _context;

    private readonly Argument<string> _session = new("session")
    {
        Description = "The session: its name or id; 'codex:<name-or-id>' names the agent too.",
    };

    private readonly Option<bool> _json = CommonOptions.Json("the session detail");

    private ShowCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new ShowCommand(context).Build();

    private Command Build()
    {
        var command = new Command("show", "Show one session: its state, pending messages and recent receipts.")
        {
            _session, _json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var session = parse.GetRequiredValue(_session);
        var detail = await new DaemonConnection(_context).CallAsync(
            (client, token) => client.GetSessionAsync(session, token), cancellationToken);

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, detail, BatonJsonContext.Default.SessionDetail);
            return ExitCodes.Ok;
        }

        var output = _context.Out;
        var info = detail.Session;
        output.Write($"{ReceiptText.SessionLabel(info)}\n");
        output.Write($"  state:    {WireNames.Of(info.State)}\n");
        if (info.WaitingFor is { } waitingFor)
        {
            output.Write($"  waiting:  for a person to {waitingFor} (answer in the Codex TUI, or end the turn with --interrupt)\n");
        }

        output.Write($"  cwd:      {info.Cwd ?? "-"}\n");
        output.Write($"  updated:  {ReceiptText.Timestamp(info.UpdatedAt)}\n");
        WriteReceipts(output, "pending", detail.Pending);
        WriteReceipts(output, "recent", detail.Recent);
        output.Flush();
        return ExitCodes.Ok;
    }

    private static void WriteReceipts(TextWriter output, string title, IReadOnlyList<Receipt> receipts)
    {
        output.Write($"{title} ({receipts.Count}):\n");
        var table = new TextTable("ID", "STATUS", "MODE", "TURN", "ACCEPTED", "TEXT");
        foreach (var receipt in receipts)
        {
            table.Add(
                receipt.MessageId,
                WireNames.Of(receipt.Status),
                WireNames.Of(receipt.Mode),
                receipt.TurnId ?? "-",
                ReceiptText.Timestamp(receipt.AcceptedAt),
                ReceiptText.Preview(receipt.Text));
        }

        foreach (var line in table.Render())
        {
            output.Write($"  {line}\n");
        }
    }
}
