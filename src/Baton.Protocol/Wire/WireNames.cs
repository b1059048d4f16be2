namespace Baton.Protocol.Wire;

/// <summary>
/// The contract's names for the wire enums: in JSON (through <see cref="WireEnumConverter{TEnum}"/>), in the
/// store's text columns, and in the CLI's human output. Renaming a member in code changes none of them.
/// </summary>
public static class WireNames
{
    public static WireNameTable<DeliveryMode> Modes { get; } = new(
        (DeliveryMode.Queue, "queue"),
        (DeliveryMode.Steer, "steer"),
        (DeliveryMode.Interrupt, "interrupt"));

    public static WireNameTable<MessageStatus> Statuses { get; } = new(
        (MessageStatus.Queued, "queued"),
        (MessageStatus.Delivered, "delivered"),
        (MessageStatus.Completed, "completed"),
        (MessageStatus.Failed, "failed"),
        (MessageStatus.Interrupted, "interrupted"),
        (MessageStatus.Held, "held"),
        (MessageStatus.Skipped, "skipped"),
        (MessageStatus.Timeout, "timeout"),
        (MessageStatus.DryRun, "dry-run"));

    public static WireNameTable<SessionState> States { get; } = new(
        (SessionState.Idle, "idle"),
        (SessionState.Running, "running"),
        (SessionState.Stored, "stored"));

    public static WireNameTable<SessionEventType> EventTypes { get; } = new(
        (SessionEventType.State, "state"),
        (SessionEventType.TurnStarted, "turnStarted"),
        (SessionEventType.UserMessage, "userMessage"),
        (SessionEventType.AgentDelta, "agentDelta"),
        (SessionEventType.AgentMessage, "agentMessage"),
        (SessionEventType.TurnEnded, "turnEnded"),
        (SessionEventType.WaitingForPerson, "waitingForPerson"));

    public static string Of(DeliveryMode mode) => Modes.NameOf(mode);

    public static string Of(MessageStatus status) => Statuses.NameOf(status);

    public static string Of(SessionState state) => States.NameOf(state);

    /// <summary>The table <see cref="WireEnumConverter{TEnum}"/> uses; a converter made for an enum without one fails at once.</summary>
    internal static WireNameTable<TEnum> TableFor<TEnum>()
        where TEnum : struct, Enum
    {
        object? table = typeof(TEnum) == typeof(DeliveryMode) ? Modes
            : typeof(TEnum) == typeof(MessageStatus) ? Statuses
            : typeof(TEnum) == typeof(SessionState) ? States
            : typeof(TEnum) == typeof(SessionEventType) ? EventTypes
            : null;
        return table as WireNameTable<TEnum> ?? throw new NotSupportedException($"{typeof(TEnum).Name} has no wire names in {nameof(WireNames)}.");
    }
}
