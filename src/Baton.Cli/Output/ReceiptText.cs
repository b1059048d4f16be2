using System.Globalization;
using System.Text;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Cli.Output;

/// <summary>Human renderings of receipts and sessions: the one-line summary and the long form.</summary>
internal static class ReceiptText
{
    public static string SessionLabel(SessionInfo session) =>
        string.IsNullOrEmpty(session.Name)
            ? $"{session.Agent} {session.Id}"
            : $"{session.Name} ({session.Agent} {session.Id})";

    public static string Timestamp(DateTimeOffset? time) =>
        time is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "-";

    /// <summary>The first line of a message, shortened, for lists.</summary>
    public static string Preview(string? text, int maxLength = 60)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var firstLine = text.Split('\n', 2)[0].TrimEnd('\r');
        var more = firstLine.Length < text.TrimEnd().Length;
        if (firstLine.Length > maxLength)
        {
            firstLine = firstLine[..maxLength];
            more = true;
        }

        return more ? $"\"{firstLine}…\"" : $"\"{firstLine}\"";
    }

    /// <summary>One line saying what happened to the message, for standard error.</summary>
    public static string Summary(Receipt receipt)
    {
        var id = receipt.MessageId;
        var session = SessionLabel(receipt.Session);
        var turn = receipt.TurnId is null ? "" : $" turn {receipt.TurnId}";
        var error = receipt.Error is { } e ? $": {e.Message} ({e.Code})" : "";
        var line = receipt.Status switch
        {
            MessageStatus.Queued => $"queued {id} for {session}"
                + (receipt.Session.State == SessionState.Running ? "; it becomes its own turn after the running one ends" : "")
                + WaitsForPerson(receipt, ". The running turn"),
            MessageStatus.Delivered => $"delivered {id} to {session}" + (receipt.TurnId is null ? "" : $" as{turn}")
                + WaitsForPerson(receipt, "; the turn"),
            MessageStatus.Completed => $"completed {id} in {session}" + (receipt.TurnId is null ? "" : $",{turn}"),
            MessageStatus.Failed => $"{TurnOf(receipt)} for {id} in {session} failed{error}",
            MessageStatus.Interrupted => $"{TurnOf(receipt)} for {id} in {session} was interrupted{error}",
            MessageStatus.Held => $"held {id} for {session}; it is delivered when the session next becomes live",
            MessageStatus.Skipped => $"skipped {id}: {session} is not live (--if-running); nothing was kept",
            MessageStatus.Timeout => $"timed out waiting for {id} in {session}; the message was not withdrawn"
                + (receipt.MessageStatus is { } standing ? $" (it is {WireNames.Of(standing)})" : "")
                + WaitsForPerson(receipt, ". The running turn")
                + $". Follow it with: baton message {id} --wait",
            MessageStatus.DryRun => $"dry run: {id} would go to {session}, which is {WireNames.Of(receipt.Session.State)}, "
                + $"as {WireNames.Of(receipt.Mode)}; nothing was changed",
            _ => $"{WireNames.Of(receipt.Status)} {id} in {session}",
        };

        if (receipt.Replayed)
        {
            line += $" (replayed: idempotency key '{receipt.IdempotencyKey}' was used before; nothing new was sent)";
        }

        return line;
    }

    /// <summary>The long form of one receipt, for <c>baton message</c>.</summary>
    public static string Details(Receipt receipt)
    {
        var text = new StringBuilder();
        void Field(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name + ":",-11}{value}\n");
            }
        }

        Field("message", receipt.MessageId);
        Field("status", WireNames.Of(receipt.Status)
            + (receipt.MessageStatus is { } standing ? $" (message {WireNames.Of(standing)})" : "")
            + (receipt.Replayed ? " (replayed)" : ""));
        Field("session", $"{SessionLabel(receipt.Session)}, {WireNames.Of(receipt.Session.State)}");
        Field("mode", WireNames.Of(receipt.Mode));
        Field("turn", receipt.TurnId);
        Field("hook", receipt.HookName);
        Field("from", receipt.FromSession is { } from ? $"session {from}" : null);
        Field("key", receipt.IdempotencyKey);
        Field("accepted", receipt.AcceptedAt is null ? null : Timestamp(receipt.AcceptedAt));
        Field("delivered", receipt.DeliveredAt is null ? null : Timestamp(receipt.DeliveredAt));
        Field("completed", receipt.CompletedAt is null ? null : Timestamp(receipt.CompletedAt));
        Field("waiting", receipt.WaitingFor is { } waitingFor ? $"the session's running turn waits for a person to {waitingFor} (answer in the Codex TUI)" : null);
        Field("error", receipt.Error is { } e ? $"{e.Message} ({e.Code})" : null);
        if (receipt.Text is not null)
        {
            text.Append("text:\n").Append(Indent(receipt.Text));
        }

        if (receipt.Reply is not null)
        {
            text.Append("reply:\n").Append(Indent(receipt.Reply));
        }

        return text.ToString();
    }

    /// <summary>What the turn the message depends on waits for a person to do, and how to move it on; empty when nothing.</summary>
    private static string WaitsForPerson(Receipt receipt, string lead) =>
        receipt.WaitingFor is { } waitingFor
            ? $"{lead} waits for a person to {waitingFor}: answer in the Codex TUI (opening the session there shows the question), "
                + $"or end the turn with 'baton inject {receipt.Session.Name ?? receipt.Session.Id} --interrupt --text …'"
            : "";

    private static string TurnOf(Receipt receipt) => receipt.TurnId is null ? "the turn" : $"turn {receipt.TurnId}";

    private static string Indent(string block)
    {
        var text = new StringBuilder();
        foreach (var line in block.TrimEnd('\n').Split('\n'))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        return text.ToString();
    }
}
