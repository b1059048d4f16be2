using Baton.Protocol;

namespace Baton.Cli.Output;

/// <summary>The contract's lower-case names for the wire enums, for human output that matches the JSON.</summary>
internal static class WireNames
{
    public static string Of(MessageStatus status) => status switch
    {
        MessageStatus.Queued => "queued",
        MessageStatus.Delivered => "delivered",
        MessageStatus.Completed => "completed",
        MessageStatus.Failed => "failed",
        MessageStatus.Interrupted => "interrupted",
        MessageStatus.Held => "held",
        MessageStatus.Skipped => "skipped",
        MessageStatus.Timeout => "timeout",
        MessageStatus.DryRun => "dry-run",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Of(DeliveryMode mode) => mode switch
    {
        DeliveryMode.Queue => "queue",
        DeliveryMode.Steer => "steer",
        DeliveryMode.Interrupt => "interrupt",
        _ => mode.ToString().ToLowerInvariant(),
    };

    public static string Of(SessionState state) => state switch
    {
        SessionState.Idle => "idle",
        SessionState.Running => "running",
        SessionState.Stored => "stored",
        _ => state.ToString().ToLowerInvariant(),
    };
}
