using Baton.Protocol;

namespace Baton.Core.Messages;

/// <summary>One injected message and everything known about its fate; the row the store keeps.</summary>
public sealed record StoredMessage
{
    public required string Id { get; init; }
    public required string Agent { get; init; }
    public required string SessionId { get; init; }
    public string? SessionName { get; init; }
    public required string Text { get; init; }
    public DeliveryMode Mode { get; init; }
    public MessageStatus Status { get; init; }
    public string? TurnId { get; init; }
    public string? Reply { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? HookName { get; init; }

    /// <summary>The agent session it comes from, as the sender said (<see cref="InjectRequest.FromSession"/>).</summary>
    public string? FromSession { get; init; }

    /// <summary>That session's name when the message was accepted, if it has one Baton could read.</summary>
    public string? FromSessionName { get; init; }
    public string? IdempotencyKey { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who sent it: the peer uid and pid of the socket connection, when the kernel told them.</summary>
    public int? CallerUid { get; init; }

    public int? CallerPid { get; init; }

    /// <summary>The public id of the token the sender presented, if any; never the token itself.</summary>
    public string? TokenId { get; init; }

    /// <summary>True once the message can no longer change: its turn ended, or it was skipped.</summary>
    public bool IsFinal => Status is MessageStatus.Completed or MessageStatus.Failed or MessageStatus.Interrupted or MessageStatus.Skipped;

    /// <summary>Not yet handed to the agent.</summary>
    public bool IsPending => Status is MessageStatus.Queued or MessageStatus.Held;
}
