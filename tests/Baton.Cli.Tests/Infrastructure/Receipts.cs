using Baton.Protocol;

namespace Baton.Cli.Tests.Infrastructure;

/// <summary>Receipts and problems as the daemon would send them.</summary>
public static class Receipts
{
    public static SessionInfo Coder { get; } = new()
    {
        Id = "019a0000-0000-7000-8000-000000000001",
        Name = "coder",
        Agent = "codex",
        State = SessionState.Idle,
        Cwd = "/work/coder",
    };

    public static Receipt Make(MessageStatus status, string? reply = null, ReceiptError? error = null) => new()
    {
        MessageId = "msg_0001",
        Status = status,
        Session = Coder,
        Mode = DeliveryMode.Queue,
        TurnId = status is MessageStatus.Queued or MessageStatus.Held or MessageStatus.Skipped or MessageStatus.DryRun
            ? null
            : "019a0000-0000-7000-8000-00000000aaaa",
        Reply = reply,
        AcceptedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
        Error = error,
    };

    public static ApiProblem Problem(string code, int status, string detail, Receipt? receipt = null, IReadOnlyList<SessionInfo>? candidates = null) => new()
    {
        Title = code,
        Status = status,
        Detail = detail,
        Code = code,
        Receipt = receipt,
        Candidates = candidates,
    };
}
