using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Baton.Cli.Daemon;
using Baton.Cli.Input;
using Baton.Cli.Output;
using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton log</c>: the audit log, every inject accepted or refused, newest first. Owner-only.</summary>
internal sealed class LogCommand
{
    private const int MaxLimit = 10_000;

    private readonly CliContext _context;

    private readonly Option<string?> _session = new("--session")
    {
        Description = "Only entries for this session: the name it was given as, or its id.",
        HelpName = "SESSION",
    };

    private readonly Option<string?> _hookName = new("--hook-name")
    {
        Description = "Only entries whose --hook-name was this.",
        HelpName = "NAME",
    };

    private readonly Option<DateTimeOffset?> _since = new("--since")
    {
        Description = "Only entries from this time on: a duration back from now (10m, 2h, 7d) or an ISO-8601 time (2025-01-31T09:00:00Z).",
        HelpName = "TIME",
        CustomParser = ParseSince,
    };

    private readonly Option<int?> _limit = new("--limit")
    {
        Description = $"At most this many entries, newest first (1 to {MaxLimit}; default 100).",
        HelpName = "N",
        CustomParser = ParseLimit,
    };

    private readonly Option<bool> _json = CommonOptions.Json("the entries as {\"entries\":[…]}");

    private LogCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new LogCommand(context).Build();

    private Command Build()
    {
        var command = new Command("log", "Show the audit log: every inject, accepted or refused, with caller, hook, session and outcome; newest first.")
        {
            _session, _hookName, _since, _limit, _json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var session = parse.GetValue(_session);
        var hookName = parse.GetValue(_hookName);
        var since = parse.GetValue(_since);
        var limit = parse.GetValue(_limit);
        var list = await new DaemonConnection(_context).CallAsync(
            (client, token) => client.GetAuditAsync(session, hookName, since, limit, token), cancellationToken);

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, list, BatonJsonContext.Default.AuditEntryList);
            return ExitCodes.Ok;
        }

        if (list.Entries.Count == 0)
        {
            await _context.Error.WriteLineAsync("baton: no audit entries match.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("TIME", "ACTION", "CALLER", "HOOK", "SESSION", "MODE", "OUTCOME", "MESSAGE");
        foreach (var entry in list.Entries)
        {
            table.Add(
                ReceiptText.Timestamp(entry.At),
                entry.Action,
                Caller(entry),
                entry.HookName ?? "-",
                entry.Session ?? entry.SessionId ?? "-",
                entry.Mode ?? "-",
                entry.Outcome,
                entry.MessageId ?? "-");
        }

        foreach (var line in table.Render(withHeader: true))
        {
            _context.Out.Write(line);
            _context.Out.Write('\n');
        }

        _context.Out.Flush();
        return ExitCodes.Ok;
    }

    private static string Caller(AuditLogEntry entry)
    {
        var parts = new List<string>(3);
        if (entry.TokenId is { } token)
        {
            parts.Add(token);
        }

        if (entry.CallerUid is { } uid)
        {
            parts.Add("uid " + uid.ToString(CultureInfo.InvariantCulture));
        }

        if (entry.CallerPid is { } pid)
        {
            parts.Add("pid " + pid.ToString(CultureInfo.InvariantCulture));
        }

        if (entry.FromSession is { } from)
        {
            parts.Add("from session " + from);
        }

        return parts.Count == 0 ? "unknown" : string.Join(' ', parts);
    }

    private static DateTimeOffset? ParseSince(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (SinceParser.TryParse(token, DateTimeOffset.UtcNow, out var since))
        {
            return since;
        }

        result.AddError($"Invalid --since value '{token}': use {SinceParser.AcceptedForms}.");
        return null;
    }

    private static int? ParseLimit(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit)
        {
            return limit;
        }

        result.AddError($"Invalid --limit value '{token}': use a whole number from 1 to {MaxLimit}.");
        return null;
    }
}
