using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Protocol.Wire;

/// <summary>
/// Writes a wire enum as its name from <see cref="WireNames"/> and reads only those names. Unlike
/// <c>JsonStringEnumConverter</c> it takes no numbers and no comma-separated combinations: <c>"mode": 7</c> or
/// <c>"mode": "steer, interrupt"</c> used to pass as a mode that is none of the three (and interrupted the turn).
/// </summary>
public sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly WireNameTable<TEnum> _names = WireNames.TableFor<TEnum>();

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && _names.TryRead(ref reader, out var value))
        {
            return value;
        }

        // The serializer adds where in the document (Path, e.g. $.mode); the message says what would have fitted.
        throw new JsonException($"Expected one of {string.Join(", ", _names.Names)}; got {JsonTokenText.Describe(ref reader)}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(_names.EncodedNameOf(value));
}
