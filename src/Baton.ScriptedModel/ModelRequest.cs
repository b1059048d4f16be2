namespace Baton.ScriptedModel;

/// <summary>One request Codex made to the model, as the scripted server logged it.</summary>
/// <param name="Number">1-based, over every request the server received.</param>
/// <param name="UserMessages">The text of every user message in the request's input, in order.</param>
/// <param name="IsTitleRequest">The TUI's "generate a task title" side request, not a turn of the session.</param>
public sealed record ModelRequest(
    int Number,
    DateTimeOffset ReceivedAt,
    string Body,
    IReadOnlyList<string> UserMessages,
    string? LastUserMessage,
    bool IsTitleRequest);
