using System.Text.Json;

namespace Baton.ScriptedModel;

/// <summary>Reads the user messages out of a Responses API request body.</summary>
internal static class ResponsesRequestParser
{
    public static IReadOnlyList<string> UserMessages(string body)
    {
        var messages = new List<string>();
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array)
        {
            return messages;
        }

        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out var role) || role.GetString() != "user")
            {
                continue;
            }

            if (item.TryGetProperty("content", out var content))
            {
                if (content.ValueKind == JsonValueKind.String)
                {
                    messages.Add(content.GetString()!);
                }
                else if (content.ValueKind == JsonValueKind.Array)
                {
                    messages.Add(string.Concat(content.EnumerateArray()
                        .Where(part => part.TryGetProperty("text", out _))
                        .Select(part => part.GetProperty("text").GetString())));
                }
            }
        }

        return messages;
    }
}
