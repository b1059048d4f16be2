using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Protocol;

namespace Baton.Cli.Output;

/// <summary>Writes exactly one JSON value, newline-terminated, through the source-generated context.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Text stays readable (quotes, apostrophes and non-ASCII as themselves, not \u escapes); this output goes to
    /// a terminal or a JSON parser, never into HTML.
    /// </summary>
    private static readonly JsonSerializerOptions Readable = new(BatonJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> typeInfo)
    {
        output.Write(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Readable.GetTypeInfo(typeInfo.Type)));
        output.Write('\n');
        output.Flush();
    }
}
