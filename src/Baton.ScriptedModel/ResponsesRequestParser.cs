using System.Text.Json;

namespace Baton.ScriptedModel;

/// <summary>Reads the user messages out of a Responses API request body, and whether it ends with a tool's output.</summary>
/// <remarks>
/// Codex sends its whole history as <c>input</c>: "developer" messages with instructions, a user message holding
/// <c>&lt;environment_context&gt;</c>, earlier turns, then the new prompt. Every user message is kept as it is so
/// tests decide what matters; only <c>input_text</c> parts count, since images and files have no text to compare.
/// </remarks>
internal static class ResponsesRequestParser
{
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static IReadOnlyList<string> UserMessages(string body)
    {
        var messages = new List<string>();
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("input", out var input))
        {
            return messages;
        }

        // The API also takes a bare string as the whole input; it counts as one user message.
        if (input.ValueKind == JsonValueKind.String)
        {
            messages.Add(input.GetString()!);
            return messages;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return messages;
        }

        foreach (var item in input.EnumerateArray())
        {
            if (IsUserMessage(item) && item.TryGetProperty("content", out var content))
            {
                messages.Add(Text(content));
            }
        }

        return messages;
    }

    /// <summary>True when the input ends with a tool's output: the model is to go on after a call it made.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static bool EndsWithToolOutput(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("input", out var input)
            && input.ValueKind == JsonValueKind.Array
            && input.GetArrayLength() > 0
            && input[input.GetArrayLength() - 1] is { ValueKind: JsonValueKind.Object } last
            && last.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String
            && type.ValueEquals("function_call_output");
    }

    private static bool IsUserMessage(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("role", out var role)
        && role.ValueKind == JsonValueKind.String
        && role.ValueEquals("user");

    private static string Text(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("input_text")
                && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                parts.Add(text.GetString()!);
            }
        }

        return string.Concat(parts);
    }
}
