using System.Text.Json;

namespace Baton.Agents.Codex;

/// <summary>
/// The app-server's requests that only a person may answer: approvals and questions. Codex sends them to every
/// client subscribed to the thread and takes the first answer; an error answer counts as a refusal (observed with
/// 0.169.0), so Baton never answers them, and says what a turn waits for instead.
/// </summary>
internal static class CodexHumanRequests
{
    public static bool IsHumanRequest(string method) =>
        method.Contains("pproval", StringComparison.Ordinal)
        || method.Contains("requestUserInput", StringComparison.Ordinal)
        || method.Contains("elicitation", StringComparison.Ordinal);

    /// <summary>What the person is asked, in words for a receipt: "approve running `git push`".</summary>
    public static string Describe(string method, JsonElement parameters) => method switch
    {
        "item/commandExecution/requestApproval" or "execCommandApproval" =>
            Command(parameters) is { } command ? $"approve running `{command}`" : "approve running a command",
        "item/fileChange/requestApproval" or "applyPatchApproval" => "approve a change to files",
        "item/permissions/requestApproval" => "grant more permissions",
        "item/tool/requestUserInput" => "answer a question",
        "mcpServer/elicitation/request" => "answer a request of an MCP server",
        _ => $"answer {method}",
    };

    private static string? Command(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("command", out var command))
        {
            return null;
        }

        // item/commandExecution/requestApproval has it as one string; the older execCommandApproval as argv.
        return command.ValueKind switch
        {
            JsonValueKind.String => command.GetString(),
            JsonValueKind.Array => string.Join(' ', command.EnumerateArray().Select(part => part.ToString())),
            _ => null,
        };
    }
}
