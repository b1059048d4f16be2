using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Cli.Daemon;
using Baton.Cli.Input;
using Baton.Cli.Output;
using Baton.Protocol;

namespace Baton.Cli.Commands.Token;

/// <summary>
/// <c>baton token create</c>: prints the token once, alone on standard output so <c>T=$(baton token create …)</c>
/// works; what it opens goes to standard error. The daemon keeps only a hash and cannot show it again.
/// </summary>
internal sealed class TokenCreateCommand
{
    private readonly CliContext _context;

    private readonly Option<string> _session = new("--session")
    {
        Description = "The session the token opens, by name or id; resolved to its id now.",
        Required = true,
    };

    private readonly Option<string> _scope = new("--scope")
    {
        Description = "inject (inject and read; the default) or read.",
        DefaultValueFactory = _ => "inject",
    };

    private readonly Option<TimeSpan?> _ttl = new("--ttl")
    {
        Description = "Lifetime (500ms, 30s, 5m, 1h, or plain seconds). Without it the token lasts until revoked.",
        HelpName = "DURATION",
        CustomParser = ParseTtl,
    };

    private readonly Option<string?> _name = new("--name")
    {
        Description = "A label for 'baton token list', e.g. the CI job that holds it.",
    };

    private readonly Option<bool> _json = CommonOptions.Json("the token and what it opens");

    private TokenCreateCommand(CliContext context)
    {
        _context = context;
        _scope.AcceptOnlyFromAmong("inject", "read");
    }

    public static Command Create(CliContext context) => new TokenCreateCommand(context).Build();

    private Command Build()
    {
        var command = new Command("create", "Make a token for one session and print it once.")
        {
            _session, _scope, _ttl, _name, _json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = new TokenCreateRequest
        {
            Session = parse.GetRequiredValue(_session),
            Scope = parse.GetValue(_scope),
            TtlSeconds = parse.GetValue(_ttl)?.TotalSeconds,
            Name = parse.GetValue(_name),
        };
        var created = await new DaemonConnection(_context).CallAsync((client, token) => client.CreateTokenAsync(request, token), cancellationToken);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, created, BatonJsonContext.Default.TokenCreated);
            return ExitCodes.Ok;
        }

        var info = created.Info;
        await _context.Out.WriteAsync(created.Token + "\n");
        await _context.Out.FlushAsync(cancellationToken);
        await _context.Error.WriteAsync(
            $"baton: token {info.Id} ({info.Scope}) for session {info.SessionName ?? "-"} ({info.SessionId}), "
            + (info.ExpiresAt is { } expires ? $"expires {ReceiptText.Timestamp(expires)}" : "does not expire; revoke it with 'baton token revoke " + info.Id + "'")
            + ".\nIt is shown only now: the daemon keeps only its hash. Pass it to a client in an environment variable (--token-env VAR).\n");
        await _context.Error.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    private static TimeSpan? ParseTtl(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DurationParser.TryParseAllowingDays(token, out var duration))
        {
            return duration;
        }

        result.AddError($"Invalid --ttl value '{token}': use a positive {DurationParser.AcceptedFormsWithDays}.");
        return null;
    }
}
