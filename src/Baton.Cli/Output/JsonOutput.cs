using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Baton.Cli.Output;

/// <summary>Writes exactly one JSON value, newline-terminated, through the source-generated context.</summary>
internal static class JsonOutput
{
    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> typeInfo)
    {
        output.Write(JsonSerializer.Serialize(value, typeInfo));
        output.Write('\n');
        output.Flush();
    }
}
