using System.Text.Json;

namespace Baton.ScriptedModel.Tests;

/// <summary>One server-sent event as the test client received it, with the time it arrived.</summary>
internal sealed record SseEvent(string? EventName, string Data, TimeSpan ArrivedAfter)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    /// <summary>The JSON <c>type</c> field: what Codex dispatches on.</summary>
    public string Type => Json.GetProperty("type").GetString()!;
}
