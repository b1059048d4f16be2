using System.CommandLine;
using System.Diagnostics;
using Baton.Cli.Daemon;
using Baton.Cli.Errors;
using Baton.Cli.Input;
using Baton.Cli.Output;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton inject</c>: sends one message into a session and reports its receipt.</summary>
internal sealed class InjectCommand
{
    /// <summary>How often one command is sent when the connection keeps dropping before an answer.</summary>
    private const int DroppedConnectionRetries = 4;

    private readonly CliContext _context;

    private readonly Argument<string> _session = new("session")
    {
        Description = "The session: its name or id; 'codex:<name-or-id>' names the agent too.",
    };

    private readonly Option<string> _text = new("--text")
    {
        Description = "The message text; '-' reads it from standard input to its end.",
        HelpName = "TEXT",
    };

    private readonly Option<string> _textFile = new("--text-file", "--text_file")
    {
        Description = "Read the message text from this UTF-8 file.",
        HelpName = "PATH",
    };

    private readonly Option<string> _mode = new("--mode")
    {
        Description = "How the message meets a running turn: queue (its own turn after it, the default), "
            + "steer (join it now), interrupt (stop it, then start a new turn).",
        HelpName = "queue|steer|interrupt",
    };

    private readonly Option<bool> _queue = new("--queue") { Description = "Same as --mode queue." };
    private readonly Option<bool> _steer = new("--steer") { Description = "Same as --mode steer." };
    private readonly Option<bool> _interrupt = new("--interrupt") { Description = "Same as --mode interrupt." };

    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "If the session is stored but not live, load it, then deliver.",
    };

    private readonly Option<bool> _createIfMissing = new("--create-if-missing")
    {
        Description = "If no session has this name, create it (with --agent, in --cwd), then deliver.",
    };

    private readonly Option<bool> _ifRunning = new("--if-running")
    {
        Description = "If the session is not live, skip: exit 0 with status 'skipped' and keep nothing.",
    };

    private readonly Option<bool> _hold = new("--hold")
    {
        Description = "If the session is not live, keep the message and deliver it when the session next becomes live.",
    };

    private readonly Option<bool> _wait = new("--wait")
    {
        Description = "Wait until the turn carrying the message ends and print the agent's final reply on standard output.",
    };

    private readonly Option<TimeSpan?> _timeout = CommonOptions.Timeout(
        "Bound the whole command: 500ms, 30s, 5m, 1h or plain seconds. On timeout the message is not withdrawn.");

    private readonly Option<bool> _json = CommonOptions.Json("the receipt");

    private readonly Option<string> _idempotencyKey = new("--idempotency-key")
    {
        Description = "Deliver at most once per key: a repeat with the same key, session and text returns the first receipt.",
        HelpName = "KEY",
    };

    private readonly Option<string> _hookName = new("--hook-name")
    {
        Description = "Label the message (audit log, and what the agent sees) as coming from this hook.",
        HelpName = "NAME",
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Resolve the session and check flags and permissions; change nothing.",
    };

    private readonly Option<string> _agent = new("--agent")
    {
        Description = "The agent backend (for --create-if-missing).",
        HelpName = "codex",
    };

    private readonly Option<string> _cwd = new("--cwd")
    {
        Description = "Work directory of a session created by --create-if-missing; default the current directory.",
        HelpName = "DIR",
    };

    private InjectCommand(CliContext context)
    {
        _context = context;
        _mode.AcceptOnlyFromAmong("queue", "steer", "interrupt");
        _agent.AcceptOnlyFromAmong("codex");
    }

    public static Command Create(CliContext context) => new InjectCommand(context).Build();

    private Command Build()
    {
        var command = new Command(
            "inject",
            "Send a message into a coding-agent session: as a new turn (queue), into the running turn (steer), "
            + "or in place of it (interrupt).")
        {
            _session, _text, _textFile,
            _mode, _queue, _steer, _interrupt,
            _resume, _createIfMissing, _ifRunning, _hold,
            _wait, _timeout, _json,
            _idempotencyKey, _hookName, _dryRun,
            _agent, _cwd,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Everything the CLI can check itself is checked before any daemon is contacted (or started).
        var session = parse.GetRequiredValue(_session);
        var mode = ResolveMode(parse);
        var text = await InjectText.ReadAsync(parse.GetValue(_text), parse.GetValue(_textFile), _context, cancellationToken);
        var createIfMissing = parse.GetValue(_createIfMissing);
        var cwd = parse.GetValue(_cwd) is { } directory
            ? Path.GetFullPath(directory, _context.CurrentDirectory)
            : createIfMissing ? _context.CurrentDirectory : null;
        var wait = parse.GetValue(_wait);
        var json = parse.GetValue(_json);
        var timeout = parse.GetValue(_timeout);

        var request = new InjectRequest
        {
            Text = text,
            Mode = mode,
            Wait = wait,
            Resume = parse.GetValue(_resume),
            Hold = parse.GetValue(_hold),
            CreateIfMissing = createIfMissing,
            IfRunning = parse.GetValue(_ifRunning),
            DryRun = parse.GetValue(_dryRun),
            IdempotencyKey = parse.GetValue(_idempotencyKey),
            HookName = parse.GetValue(_hookName),
            FromSession = SendingSession.From(_context.GetEnvironmentVariable),
            Agent = parse.GetValue(_agent),
            Cwd = cwd,

            // One id for this command and all its retries: the daemon stores a message once per id.
            RequestId = Guid.NewGuid().ToString("N"),
        };

        using var budget = LocalDeadline.Start(timeout, cancellationToken);
        var clock = Stopwatch.StartNew();

        Receipt receipt;
        try
        {
            receipt = await SendWithRetriesAsync(session, request, timeout, clock, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(
                ExitCodes.Timeout,
                $"Timed out after {DurationParser.Format(timeout!.Value)} without an answer from the Baton daemon. "
                + $"If the message was accepted it was not withdrawn; check with 'baton show {session}'.");
        }
        catch (BatonApiException exception) when (json && exception.Problem.Receipt is { } problemReceipt)
        {
            // The failure still produced a receipt: --json promises it on standard output; the error text follows.
            JsonOutput.Write(_context.Out, problemReceipt, BatonJsonContext.Default.Receipt);
            throw new OutputAlreadyWrittenException(exception);
        }

        return Report(receipt, wait, json);
    }

    /// <summary>
    /// Sends the request, and sends it again if the connection drops before the answer (the daemon crashed or was
    /// restarted): the request id makes every retry deliver at most once. A daemon that is gone is started again.
    /// </summary>
    private async Task<Receipt> SendWithRetriesAsync(string session, InjectRequest request, TimeSpan? timeout, Stopwatch clock, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await new DaemonConnection(_context).CallAsync(
                    (client, token) => client.InjectAsync(session, request with { TimeoutMs = Remaining(timeout, clock) }, token),
                    cancellationToken);
            }
            catch (DaemonUnreachableException) when (attempt < DroppedConnectionRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt), cancellationToken);
            }
        }
    }

    private int Report(Receipt receipt, bool wait, bool json)
    {
        var exitCode = ExitCodes.FromReceipt(receipt.Status);
        if (json)
        {
            JsonOutput.Write(_context.Out, receipt, BatonJsonContext.Default.Receipt);
            if (exitCode != ExitCodes.Ok)
            {
                ErrorReporter.Write(_context.Error, ReceiptText.Summary(receipt));
            }

            return exitCode;
        }

        if (!wait)
        {
            _context.Out.Write(receipt.MessageId);
            _context.Out.Write('\n');
        }
        else if (receipt.Status == MessageStatus.Completed && !string.IsNullOrEmpty(receipt.Reply))
        {
            // Exactly the reply, so `reply=$(baton inject --wait ...)` captures what the agent said.
            _context.Out.Write(receipt.Reply);
            if (!receipt.Reply.EndsWith('\n'))
            {
                _context.Out.Write('\n');
            }
        }

        _context.Out.Flush();
        ErrorReporter.Write(_context.Error, ReceiptText.Summary(receipt));
        return exitCode;
    }

    private DeliveryMode ResolveMode(ParseResult parse)
    {
        var requested = new List<(string Flag, DeliveryMode Mode)>();
        if (parse.GetValue(_mode) is { } named)
        {
            requested.Add(($"--mode {named}", named switch
            {
                "steer" => DeliveryMode.Steer,
                "interrupt" => DeliveryMode.Interrupt,
                _ => DeliveryMode.Queue,
            }));
        }

        if (parse.GetValue(_queue))
        {
            requested.Add(("--queue", DeliveryMode.Queue));
        }

        if (parse.GetValue(_steer))
        {
            requested.Add(("--steer", DeliveryMode.Steer));
        }

        if (parse.GetValue(_interrupt))
        {
            requested.Add(("--interrupt", DeliveryMode.Interrupt));
        }

        if (requested.Select(r => r.Mode).Distinct().Count() > 1)
        {
            throw CliException.Usage(
                $"Conflicting delivery modes: {string.Join(" and ", requested.Select(r => r.Flag))}. Pick one.");
        }

        return requested.Count > 0 ? requested[0].Mode : DeliveryMode.Queue;
    }

    /// <summary>What is left of --timeout when the request leaves; starting the daemon may have used some.</summary>
    private static long? Remaining(TimeSpan? timeout, Stopwatch clock) =>
        timeout is { } limit ? Math.Max(1, (long)Math.Ceiling((limit - clock.Elapsed).TotalMilliseconds)) : null;
}
