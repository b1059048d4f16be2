using System.Text.Json;

namespace Baton.EndToEnd.Tests;

internal static class JsonOutput
{
    /// <summary>Parses stdout that must hold exactly one JSON object and nothing else.</summary>
    public static JsonElement Single(string stdout)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(stdout.Trim()));
        using var document = JsonDocument.ParseValue(ref reader);
        Assert.False(reader.Read(), $"stdout holds more than one JSON value:\n{stdout}");
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    public static string Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
