using System.Text;
using Baton.Cli.Interop;
using Baton.Cli.Output;
using Baton.Client;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Cli.Errors;

/// <summary>
/// The one place that turns an exception into a message on standard error and an exit code. Messages say what
/// happened and what to do next.
/// </summary>
internal static class ErrorReporter
{
    /// <param name="asJson">
    /// The command was given <c>--json</c>: besides the human text on standard error, standard output gets one
    /// <see cref="ErrorReport"/>, so a script parsing standard output is never left with nothing.
    /// </param>
    public static int Report(Exception exception, CliContext context, bool asJson = false)
    {
        if (exception is OutputAlreadyWrittenException { InnerException: { } inner })
        {
            exception = inner;
            asJson = false;
        }

        var (exitCode, message) = Describe(exception, context);
        Write(context.Error, message);
        if (asJson && exception is not StandardStreamException { Descriptor: 1 })
        {
            var report = new ErrorReport(new ReceiptError(CodeOf(exception, exitCode), message), exitCode);
            try
            {
                JsonOutput.Write(context.Out, report, BatonJsonContext.Default.ErrorReport);
            }
            catch (StandardStreamException)
            {
                // Standard output failed only now; standard error has the message, the exit code the outcome.
            }
        }

        return exitCode;
    }

    /// <summary>The stable code: the daemon's own when it sent one, else the code of the exit the CLI chose.</summary>
    private static string CodeOf(Exception exception, int exitCode) => exception switch
    {
        BatonApiException api => api.Code,
        DaemonNotRunningException or DaemonUnreachableException => ErrorCodes.DaemonUnreachable,
        OperationCanceledException => "cancelled",
        _ => exitCode switch
        {
            ExitCodes.Usage => ErrorCodes.Usage,
            ExitCodes.NotFound => ErrorCodes.SessionNotFound,
            ExitCodes.NotLive => ErrorCodes.SessionNotLive,
            ExitCodes.Refused => ErrorCodes.Refused,
            ExitCodes.IdempotencyConflict => ErrorCodes.IdempotencyConflict,
            ExitCodes.Unreachable => ErrorCodes.DaemonUnreachable,
            ExitCodes.Timeout => ErrorCodes.Timeout,
            _ => ErrorCodes.Internal,
        },
    };

    public static void Write(TextWriter error, string message)
    {
        var lines = message.Split('\n');
        error.Write("baton: ");
        error.Write(lines[0]);
        error.Write('\n');
        foreach (var line in lines.Skip(1))
        {
            error.Write(line);
            error.Write('\n');
        }

        error.Flush();
    }

    private static (int ExitCode, string Message) Describe(Exception exception, CliContext context) => exception switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        BatonApiException api => (ExitCodes.FromErrorCode(api.Code), DescribeProblem(api.Problem)),
        DaemonNotRunningException notRunning when context.Target.IsRemote => (
            ExitCodes.Unreachable,
            $"Nothing answers at {notRunning.SocketPath}. Check the address, and that the daemon there runs with --listen (its 'baton daemon status' shows the listener)."),
        DaemonNotRunningException notRunning => (
            ExitCodes.Unreachable,
            $"The Baton daemon is not running (nothing listens on {notRunning.SocketPath}). Start it with: baton daemon start"),
        ServerCertificateRejectedException rejected => (ExitCodes.Unreachable, rejected.Message),
        DaemonUnreachableException unreachable when context.Target.IsRemote => (
            ExitCodes.Unreachable,
            $"{unreachable.Message}\nCheck that the address is the daemon's TLS listener (https://HOST:PORT)."),
        DaemonUnreachableException { AccessDenied: true } denied when SocketAccess.DenialIsNotPermissions(denied.SocketPath) => (
            ExitCodes.Unreachable,
            $"Could not talk to the Baton daemon at {denied.SocketPath}: the system denied the connection, and not for the socket's permissions, " +
            $"so a sandbox keeps baton from connecting, to this local socket too.\n{SandboxAdvice.For(context.GetEnvironmentVariable)}"),
        DaemonUnreachableException unreachable => (
            ExitCodes.Unreachable,
            $"{unreachable.Message}\nCheck it with 'baton daemon status'; its log is {context.Paths.DaemonLogPath}."),
        DaemonProtocolException protocol => (
            ExitCodes.Internal,
            $"{protocol.Message}\nThe CLI and the daemon may be different versions; restart it with 'baton daemon stop' and run the command again."),
        OperationCanceledException => (ExitCodes.Cancelled, "Cancelled. Anything the daemon had already accepted was not withdrawn."),
        PlatformNotSupportedException unsupported => (ExitCodes.Internal, unsupported.Message),
        StandardStreamException stream => (
            ExitCodes.Internal,
            $"{stream.Message}\nRun baton with its standard {(stream.Reading ? "input" : "output")} open (a terminal, a pipe or a file). What the command did before this (an accepted message) stands."),
        _ => (
            ExitCodes.Internal,
            $"Internal error ({exception.GetType().Name}): {exception.Message}\nThis is a bug in baton; please report it with the command you ran."),
    };

    private static string DescribeProblem(ApiProblem problem)
    {
        var message = new StringBuilder(problem.Detail ?? problem.Title);
        if (problem.Code == ErrorCodes.SessionAmbiguous && problem.Candidates is { Count: > 0 } candidates)
        {
            message.Append("\nIt matches:");
            var table = new TextTable("NAME", "ID", "AGENT", "STATE");
            foreach (var candidate in candidates)
            {
                table.Add(candidate.Name ?? "-", candidate.Id, candidate.Agent, WireNames.Of(candidate.State));
            }

            foreach (var row in table.Render())
            {
                message.Append("\n  ").Append(row);
            }
        }

        if (Hint(problem) is { } hint)
        {
            message.Append('\n').Append(hint);
        }

        return message.ToString();
    }

    private static string? Hint(ApiProblem problem) => problem.Code switch
    {
        ErrorCodes.SessionNotFound =>
            "List the sessions Baton can reach with 'baton sessions --all'; pass --create-if-missing to create one.",
        ErrorCodes.SessionAmbiguous => "Name the session by its id (or codex:<id>) instead.",
        ErrorCodes.SessionNotLive =>
            "Pass --resume to load it, --hold to deliver when it next becomes live, or --if-running to skip quietly.",
        ErrorCodes.IdempotencyConflict =>
            "That --idempotency-key was used before with another message or session; use a new key for a new message.",
        ErrorCodes.AgentUnreachable => "Check the agent's daemon with 'baton daemon status'.",
        ErrorCodes.Timeout => "The message, if it was accepted, was not withdrawn.",
        ErrorCodes.MessageNotFound => "Check the id; 'baton show <session>' lists a session's recent messages.",
        ErrorCodes.TokenNotFound => "'baton token list' shows the tokens this daemon knows.",
        ErrorCodes.Internal => "This is a bug in Baton; the daemon's log may say more.",
        _ => null,
    };
}
