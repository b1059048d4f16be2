using Baton.Core.Messages;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>Turns a stored message into the receipt the contract promises.</summary>
public static class ReceiptFactory
{
    public static Receipt From(StoredMessage message, SessionState? sessionState = null, bool includeText = false) => new()
    {
        MessageId = message.Id,
        Status = message.Status,
        Session = new SessionInfo
        {
            Id = message.SessionId,
            Name = message.SessionName,
            Agent = message.Agent,
            State = sessionState ?? StateImpliedBy(message),
        },
        Mode = message.Mode,
        TurnId = message.TurnId,
        Reply = message.Reply,
        HookName = message.HookName,
        FromSession = message.FromSession,
        IdempotencyKey = message.IdempotencyKey,
        AcceptedAt = message.AcceptedAt,
        DeliveredAt = message.DeliveredAt,
        CompletedAt = message.CompletedAt,
        Error = message.ErrorCode is null ? null : new ReceiptError(message.ErrorCode, message.ErrorMessage ?? message.ErrorCode),
        Text = includeText ? message.Text : null,
    };

    /// <summary>A receipt for a call that stopped waiting: the message itself stands where it stands.</summary>
    /// <param name="questions">
    /// What the session's running turn waits for a person to do in the agent's UI (<see cref="Agents.IAgentBackend.PendingQuestions"/>):
    /// the likely reason the wait ran out, and what the caller can do about it.
    /// </param>
    public static Receipt TimedOut(StoredMessage message, IReadOnlyList<string>? questions = null)
    {
        var text = $"Stopped waiting; the message was not withdrawn and is {message.Status.ToString().ToLowerInvariant()}.";
        var waitingFor = WaitingFor(questions);
        if (waitingFor is not null)
        {
            var turn = message.Status == MessageStatus.Delivered ? "Its turn" : "The session's running turn";
            text += $" {turn} waits for a person to {waitingFor}: answer in the agent's own UI (opening the session in the " +
                "Codex TUI shows the question), or end the turn with 'baton inject … --interrupt'.";
        }

        return From(message) with
        {
            Status = MessageStatus.Timeout,
            MessageStatus = message.Status,
            WaitingFor = waitingFor,
            Error = new ReceiptError(ErrorCodes.Timeout, $"{text} Follow it with 'baton message {message.Id}'."),
        };
    }

    /// <summary>What a person is asked, in one line (<see cref="Receipt.WaitingFor"/>); null when nothing.</summary>
    public static string? WaitingFor(IReadOnlyList<string>? questions) =>
        questions is { Count: > 0 } ? string.Join("; and ", questions) : null;

    /// <param name="questions">What its running turn waits for a person to do (<see cref="SessionInfo.WaitingFor"/>).</param>
    public static SessionInfo ToInfo(AgentSession session, int queuedCount = 0, IReadOnlyList<string>? questions = null) => new()
    {
        Id = session.Id,
        Name = session.Name,
        Agent = session.Agent,
        State = session.State,
        Cwd = session.Cwd,
        UpdatedAt = session.UpdatedAt,
        QueuedCount = queuedCount,
        WaitingFor = WaitingFor(questions) ?? session.WaitingFor,
    };

    /// <summary>Best knowledge of the session's state from the message alone: its turn runs until it ends.</summary>
    private static SessionState StateImpliedBy(StoredMessage message) => message.Status switch
    {
        MessageStatus.Delivered => SessionState.Running,
        MessageStatus.Held => SessionState.Stored,
        _ => SessionState.Idle,
    };
}
