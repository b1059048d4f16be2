using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Output;
using Baton.Protocol;

namespace Baton.Cli.Commands.Token;

/// <summary><c>baton token revoke</c>: ends a token now; its next use is refused (401, exit 5).</summary>
internal sealed class TokenRevokeCommand
{
    private readonly CliContext _context;

    private readonly Argument<string> _id = new("id")
    {
        Description = "The token's id (tok_…), as 'baton token list' shows it.",
    };

    private readonly Option<bool> _json = CommonOptions.Json("the revoked token");

    private TokenRevokeCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var handler = new TokenRevokeCommand(context);
        var command = new Command("revoke", "Revoke a token: every later request with it is refused.")
        {
            handler._id, handler._json,
        };
        command.SetAction(handler.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetRequiredValue(_id);
        var info = await new DaemonConnection(_context).CallAsync((client, token) => client.RevokeTokenAsync(id, token), cancellationToken);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, info, BatonJsonContext.Default.TokenInfo);
            return ExitCodes.Ok;
        }

        await _context.Out.WriteAsync($"Revoked {info.Id} (session {info.SessionName ?? "-"} {info.SessionId}) at {ReceiptText.Timestamp(info.RevokedAt)}.\n");
        await _context.Out.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
