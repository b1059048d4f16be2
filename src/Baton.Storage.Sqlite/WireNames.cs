using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Protocol;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Enums are stored under their wire names ('queue', 'completed', 'dry-run'), taken from the same
/// <c>JsonStringEnumMemberName</c> attributes the receipts use: readable in the sqlite3 shell, and stable if a
/// member is renamed in code.
/// </summary>
internal static class WireNames
{
    public static string Of(DeliveryMode value) => Name(value, BatonJsonEnumContext.Default.DeliveryMode);

    public static string Of(MessageStatus value) => Name(value, BatonJsonEnumContext.Default.MessageStatus);

    public static string Of(SessionState value) => Name(value, BatonJsonEnumContext.Default.SessionState);

    public static DeliveryMode ToMode(string text) => Parse(text, BatonJsonEnumContext.Default.DeliveryMode);

    public static MessageStatus ToStatus(string text) => Parse(text, BatonJsonEnumContext.Default.MessageStatus);

    public static SessionState ToState(string text) => Parse(text, BatonJsonEnumContext.Default.SessionState);

    private static string Name<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info).Trim('"');

    private static T Parse<T>(string text, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(JsonSerializer.Serialize(text, BatonJsonEnumContext.Default.String), info)!;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"The database holds '{text}' where a {typeof(T).Name} belongs. A newer Baton may have written it; run that Baton, or check the file with the sqlite3 shell.", ex);
        }
    }
}
