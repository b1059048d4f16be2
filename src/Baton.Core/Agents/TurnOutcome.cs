using Baton.Protocol;

namespace Baton.Core.Agents;

/// <summary>How a turn ended: <see cref="MessageStatus.Completed"/>, <see cref="MessageStatus.Failed"/> or <see cref="MessageStatus.Interrupted"/>.</summary>
public sealed record TurnOutcome(MessageStatus Status, string? Reply, string? Error, DateTimeOffset EndedAt);
