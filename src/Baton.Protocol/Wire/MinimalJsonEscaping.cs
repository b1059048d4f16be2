using System.Text.Encodings.Web;

namespace Baton.Protocol.Wire;

/// <summary>
/// Escapes only what JSON requires (quotation mark, backslash, control characters) and writes every other
/// character as itself, in UTF-8.
/// </summary>
/// <remarks>
/// For <see cref="InjectRequestWriter"/>: <see cref="System.Text.Json.Utf8JsonWriter"/> otherwise asks
/// <see cref="JavaScriptEncoder.Default"/>, whose first use builds its tables of allowed characters, in every CLI
/// process (issue 6). Nothing here is meant for HTML: the body goes to the daemon's JSON reader only.
/// </remarks>
internal sealed class MinimalJsonEscaping : JavaScriptEncoder
{
    public static readonly MinimalJsonEscaping Instance = new();

    private MinimalJsonEscaping()
    {
    }

    /// <summary><c>\u001F</c>, the longest escape this writes.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            < 0x20 => $"\\u{unicodeScalar:X4}",
            _ => null,
        };
        if (escape is null)
        {
            // Not one of ours: written as itself (a scalar above U+FFFF is a surrogate pair).
            escape = char.ConvertFromUtf32(unicodeScalar);
        }

        if (escape.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        escape.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = escape.Length;
        return true;
    }
}
