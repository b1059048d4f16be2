using Baton.Core.Messages;
using Baton.Protocol;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>Messages for the tests: a minimal one, and one with every field set.</summary>
internal static class Samples
{
    /// <summary>A whole millisecond with a non-UTC offset: what the store must give back as the same instant.</summary>
    public static readonly DateTimeOffset Accepted = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(5.5));

    public static StoredMessage Message(string sessionId = "t1", string text = "run the tests", string agent = "codex", MessageStatus status = MessageStatus.Queued) => new()
    {
        Id = MessageIds.New(),
        Agent = agent,
        SessionId = sessionId,
        Text = text,
        Status = status,
        AcceptedAt = Accepted,
    };

    public static StoredMessage FullMessage() => new()
    {
        Id = MessageIds.New(),
        Agent = "codex",
        SessionId = "019a0000-0000-7000-8000-000000000001",
        SessionName = "coder",
        Text = "fix the build",
        Mode = DeliveryMode.Interrupt,
        Status = MessageStatus.Completed,
        TurnId = "turn-7",
        Reply = "done: the build is green",
        ErrorCode = ErrorCodes.TurnFailed,
        ErrorMessage = "the model gave up",
        HookName = "ci-triage",
        IdempotencyKey = "build-1234",
        AcceptedAt = Accepted,
        DeliveredAt = Accepted.AddMilliseconds(250),
        CompletedAt = Accepted.AddSeconds(42).AddMilliseconds(1),
        CallerUid = 1000,
        CallerPid = 31337,
        TokenId = "tok_0123",
        FromSession = "019a0000-0000-7000-8000-000000000002",
        FromSessionName = "architect",
    };
}
