using System.CommandLine;

namespace Baton.Cli.Commands.Token;

/// <summary><c>baton token</c>: groups create, list and revoke.</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context) => new(
        "token",
        "Tokens let a caller that is not a session's owner (another user, or a client of the TLS listener) inject into or read that one session. Only the owner manages them.")
    {
        TokenCreateCommand.Create(context),
        TokenListCommand.Create(context),
        TokenRevokeCommand.Create(context),
    };
}
