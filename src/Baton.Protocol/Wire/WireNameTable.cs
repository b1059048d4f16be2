using System.Text.Json;

namespace Baton.Protocol.Wire;

/// <summary>
/// An enum's fixed names on the wire and in the store, both ways, matched exactly (ordinal). Given in code rather
/// than read from attributes: under NativeAOT, reading them by reflection cost a CLI run about 0.3 ms per enum.
/// </summary>
public sealed class WireNameTable<TEnum>
    where TEnum : struct, Enum
{
    private readonly TEnum[] _values;
    private readonly string[] _names;
    private readonly JsonEncodedText[] _encoded;

    public WireNameTable(params ReadOnlySpan<(TEnum Value, string Name)> entries)
    {
        _values = new TEnum[entries.Length];
        _names = new string[entries.Length];
        _encoded = new JsonEncodedText[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            (_values[i], _names[i]) = entries[i];
            // The names are plain lower-case words: any encoder writes them the same, and the default one builds
            // its tables on first use (see MinimalJsonEscaping).
            _encoded[i] = JsonEncodedText.Encode(entries[i].Name, MinimalJsonEscaping.Instance);
        }
    }

    /// <summary>The names in declaration order, for messages that list what is accepted.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not one of the table's members.</exception>
    public string NameOf(TEnum value) => _names[IndexOf(value)];

    public JsonEncodedText EncodedNameOf(TEnum value) => _encoded[IndexOf(value)];

    public bool TryParse(string name, out TEnum value)
    {
        var index = Array.IndexOf(_names, name);
        value = index >= 0 ? _values[index] : default;
        return index >= 0;
    }

    /// <summary>Matches the string token <paramref name="reader"/> is on, escaped or not.</summary>
    public bool TryRead(ref Utf8JsonReader reader, out TEnum value)
    {
        for (var i = 0; i < _encoded.Length; i++)
        {
            if (reader.ValueTextEquals(_encoded[i].EncodedUtf8Bytes))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    private int IndexOf(TEnum value)
    {
        var index = Array.IndexOf(_values, value);
        return index >= 0
            ? index
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no wire name for this value.");
    }
}
