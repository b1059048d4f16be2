using System.Text.Json;

namespace Baton.Protocol.Wire;

/// <summary>The JSON token a reader is on, in words for an error message ("got …").</summary>
internal static class JsonTokenText
{
    private const int MaxQuoted = 40;

    /// <summary>A string by its text (cut at 40 characters, a message is no place for a whole body), anything else by its kind.</summary>
    public static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return Kind(reader.TokenType);
        }

        var text = reader.GetString() ?? string.Empty;
        return text.Length <= MaxQuoted ? $"'{text}'" : $"'{text[..MaxQuoted]}…'";
    }

    public static string Kind(JsonTokenType token) => "a JSON " + token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        _ => token.ToString().ToLowerInvariant(),
    };
}
