using Baton.Core.Messages;

namespace Baton.Core.Delivery;

/// <summary>
/// What the agent sees of an injected message: a first line that says it was injected, and by which hook, so
/// the model (and a person reading the session) never mistakes it for the user's own typing. The text follows
/// unchanged on the next line.
/// </summary>
/// <example><c>[Injected by Baton, hook "ci-triage"]</c>, or <c>[Injected by Baton]</c> without a hook name.</example>
public static class ProvenanceMarker
{
    public static string AgentText(StoredMessage message, bool mark) =>
        mark ? Line(message.HookName) + "\n" + message.Text : message.Text;

    public static string Line(string? hookName) =>
        hookName is null ? "[Injected by Baton]" : $"[Injected by Baton, hook \"{hookName}\"]";
}
