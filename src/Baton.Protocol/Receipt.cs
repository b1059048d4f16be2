namespace Baton.Protocol;

/// <summary>
/// What happened to one message. The contract lets fields be added, never removed.
/// </summary>
public sealed record Receipt
{
    public required string MessageId { get; init; }
    public required MessageStatus Status { get; init; }
    public required SessionInfo Session { get; init; }
    public DeliveryMode Mode { get; init; }
    public string? TurnId { get; init; }
    public string? Reply { get; init; }
    public bool Replayed { get; init; }
    public string? HookName { get; init; }

    /// <summary>The agent session the message says it comes from (an agent's own <c>baton inject</c>).</summary>
    public string? FromSession { get; init; }
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public ReceiptError? Error { get; init; }

    /// <summary>
    /// Where the message itself stands when <see cref="Status"/> is about the call rather than the message
    /// (<c>timeout</c>): <c>queued</c> or <c>delivered</c>, so a caller knows it was not withdrawn.
    /// </summary>
    public MessageStatus? MessageStatus { get; init; }

    /// <summary>
    /// What the session's running turn waits for a person to do in the agent's own UI, in words ("approve running
    /// `git push`"), on a receipt whose message depends on that turn: a <c>timeout</c> (that is why the wait ran
    /// out), a <c>queued</c> message waiting behind it, or a <c>delivered</c> one steered into it. Baton never answers these.
    /// </summary>
    public string? WaitingFor { get; init; }

    /// <summary>For a dry run: what the real call would do, in words.</summary>
    public string? Plan { get; init; }

    /// <summary>The text that was injected; present in <c>baton message</c> and <c>baton show</c>.</summary>
    public string? Text { get; init; }
}
