using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Output;
using Baton.Protocol;

namespace Baton.Cli.Commands.Token;

/// <summary><c>baton token list</c>: every token with its session, scope, expiry and state; never a secret (the daemon has none).</summary>
internal sealed class TokenListCommand
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json("the token list");

    private TokenListCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context)
    {
        var handler = new TokenListCommand(context);
        var command = new Command("list", "List tokens: id, name, session, scope, expiry, and whether active, expired or revoked.")
        {
            handler._json,
        };
        command.SetAction(handler.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var list = await new DaemonConnection(_context).CallAsync((client, token) => client.ListTokensAsync(token), cancellationToken);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, list, BatonJsonContext.Default.TokenList);
            return ExitCodes.Ok;
        }

        if (list.Tokens.Count == 0)
        {
            await _context.Error.WriteLineAsync("baton: no tokens; make one with 'baton token create --session S'.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "NAME", "SESSION", "SCOPE", "EXPIRES", "STATE");
        foreach (var token in list.Tokens)
        {
            table.Add(
                token.Id,
                token.Name ?? "-",
                $"{token.SessionName ?? "-"} ({token.SessionId})",
                token.Scope,
                token.ExpiresAt is { } expires ? ReceiptText.Timestamp(expires) : "never",
                token.RevokedAt is { } revoked ? $"revoked {ReceiptText.Timestamp(revoked)}" : token.State);
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
