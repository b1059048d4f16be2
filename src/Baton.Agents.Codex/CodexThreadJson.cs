using System.Text.Json;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Agents.Codex;

/// <summary>Reads the app-server's thread objects into Baton's terms.</summary>
internal static class CodexThreadJson
{
    public static AgentSession ToSession(JsonElement thread) => new(
        KnownAgents.Codex,
        thread.GetProperty("id").GetString()!,
        OptionalString(thread, "name"),
        ToState(thread.TryGetProperty("status", out var status) ? status : default),
        OptionalString(thread, "cwd"),
        thread.TryGetProperty("updatedAt", out var updated) && updated.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null,
        AwaitedPerson(status));

    /// <summary>
    /// <c>notLoaded</c> is a stored thread; <c>active</c> is a running turn; <c>idle</c> and <c>systemError</c>
    /// are loaded with no turn running (a thread in error still takes new turns).
    /// </summary>
    public static SessionState ToState(JsonElement status) => StatusType(status) switch
    {
        "active" => SessionState.Running,
        "idle" or "systemError" => SessionState.Idle,
        _ => SessionState.Stored,
    };

    /// <summary>
    /// What an active thread's status says its turn waits for a person to do (its <c>activeFlags</c>), in the words
    /// of a receipt; null when it waits for no one.
    /// </summary>
    public static string? AwaitedPerson(JsonElement status)
    {
        if (StatusType(status) != "active" || !status.TryGetProperty("activeFlags", out var flags) || flags.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var awaited = flags.EnumerateArray()
            .Select(flag => flag.GetString() switch
            {
                "waitingOnApproval" => "approve a request (Codex shows it in the session)",
                "waitingOnUserInput" => "answer a question (Codex shows it in the session)",
                var other => other is null ? null : $"answer Codex ({other})",
            })
            .OfType<string>()
            .ToList();
        return awaited.Count > 0 ? string.Join("; and ", awaited) : null;
    }

    public static string? StatusType(JsonElement status) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty("type", out var type) ? type.GetString() : null;

    public static bool IsEphemeral(JsonElement thread) =>
        thread.TryGetProperty("ephemeral", out var e) && e.ValueKind == JsonValueKind.True;

    public static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
