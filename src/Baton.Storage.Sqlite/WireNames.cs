using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Enums are stored under their wire names ('queue', 'completed', 'dry-run'), the ones receipts use
/// (<see cref="Protocol.Wire.WireNames"/>): readable in the sqlite3 shell, and stable if a member is renamed in code.
/// </summary>
internal static class WireNames
{
    public static string Of(DeliveryMode value) => Protocol.Wire.WireNames.Of(value);

    public static string Of(MessageStatus value) => Protocol.Wire.WireNames.Of(value);

    public static string Of(SessionState value) => Protocol.Wire.WireNames.Of(value);

    public static DeliveryMode ToMode(string text) => Parse(text, Protocol.Wire.WireNames.Modes);

    public static MessageStatus ToStatus(string text) => Parse(text, Protocol.Wire.WireNames.Statuses);

    public static SessionState ToState(string text) => Parse(text, Protocol.Wire.WireNames.States);

    private static T Parse<T>(string text, WireNameTable<T> names)
        where T : struct, Enum =>
        names.TryParse(text, out var value)
            ? value
            : throw new InvalidDataException(
                $"The database holds '{text}' where a {typeof(T).Name} belongs. A newer Baton may have written it; run that Baton, or check the file with the sqlite3 shell.");
}
