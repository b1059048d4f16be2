namespace Baton.Core.Messages;

public static class MessageIds
{
    public const string Prefix = "msg_";

    /// <summary>Time-ordered ids (UUIDv7), so ids sort by acceptance and stay unique across restarts.</summary>
    public static string New() => Prefix + Guid.CreateVersion7().ToString("N");
}
