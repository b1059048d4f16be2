using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Enums are stored under their wire names ('queue', 'completed', 'dry-run'; written with <see cref="WireNames"/>),
/// the ones receipts use: readable in the sqlite3 shell, and stable if a member is renamed in code. Reading one
/// back refuses anything else as a file this Baton does not understand.
/// </summary>
internal static class StoredEnumText
{
    public static DeliveryMode ToMode(string text) => Parse(text, WireNames.Modes);

    public static MessageStatus ToStatus(string text) => Parse(text, WireNames.Statuses);

    public static SessionState ToState(string text) => Parse(text, WireNames.States);

    private static T Parse<T>(string text, WireNameTable<T> names)
        where T : struct, Enum =>
        names.TryParse(text, out var value)
            ? value
            : throw new InvalidDataException(
                $"The database holds '{text}' where a {typeof(T).Name} belongs. A newer Baton may have written it; run that Baton, or check the file with the sqlite3 shell.");
}
