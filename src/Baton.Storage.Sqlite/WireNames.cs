using System.Text.Json;
using Baton.Protocol;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Enums are stored under their wire names ('queue', 'completed', 'dry-run'): readable in the sqlite3 shell and
/// stable if a member is renamed in code.
/// </summary>
internal static class WireNames
{
    public static string Of(DeliveryMode value) => Name(value, BatonJsonEnumContext.Default.DeliveryMode);

    public static string Of(MessageStatus value) => Name(value, BatonJsonEnumContext.Default.MessageStatus);

    public static string Of(SessionState value) => Name(value, BatonJsonEnumContext.Default.SessionState);

    public static DeliveryMode ToMode(string text) => Parse(text, BatonJsonEnumContext.Default.DeliveryMode);

    public static MessageStatus ToStatus(string text) => Parse(text, BatonJsonEnumContext.Default.MessageStatus);

    public static SessionState ToState(string text) => Parse(text, BatonJsonEnumContext.Default.SessionState);

    private static string Name<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Serialize(value, info).Trim('"');

    private static T Parse<T>(string text, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize($"\"{text}\"", info)!;
}
