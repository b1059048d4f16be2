using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Errors;
using Baton.Cli.Input;
using Baton.Cli.Output;
using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton message</c>: one message's receipt, optionally waiting for its turn to end.</summary>
internal sealed class MessageCommand
{
    private readonly CliContext _context;

    private readonly Argument<string> _messageId = new("messageId")
    {
        Description = "The message id (msg_…) that inject printed.",
    };

    private readonly Option<bool> _json = CommonOptions.Json("the receipt");

    private readonly Option<bool> _wait = new("--wait")
    {
        Description = "Wait until the turn carrying the message ends; the exit code then follows the receipt as for inject.",
    };

    private readonly Option<TimeSpan?> _timeout = CommonOptions.Timeout(
        "With --wait, stop waiting after this long (500ms, 30s, 5m, 1h or plain seconds).");

    private MessageCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new MessageCommand(context).Build();

    private Command Build()
    {
        var command = new Command("message", "Show one message's receipt: status, session, turn, times, reply, error.")
        {
            _messageId, _json, _wait, _timeout,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var messageId = parse.GetRequiredValue(_messageId);
        var wait = parse.GetValue(_wait);
        var timeout = parse.GetValue(_timeout);
        using var budget = LocalDeadline.Start(wait ? timeout : null, cancellationToken);
        Receipt receipt;
        try
        {
            receipt = await new DaemonConnection(_context).CallAsync(
                (client, token) => client.GetMessageAsync(messageId, wait, timeout, token), budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(
                ExitCodes.Timeout,
                $"Timed out after {DurationParser.Format(timeout!.Value)} without an answer from the Baton daemon; the message is as it was. "
                + $"Check it with 'baton message {messageId}'.");
        }

        // Looking a message up succeeds whatever its fate; only waiting for it makes its fate the exit code.
        var exitCode = wait ? ExitCodes.FromReceipt(receipt.Status) : ExitCodes.Ok;
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, receipt, BatonJsonContext.Default.Receipt);
        }
        else
        {
            _context.Out.Write(ReceiptText.Details(receipt));
            _context.Out.Flush();
        }

        return exitCode;
    }
}
