using Baton.Core.Messages;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>
/// What the agent sees of an injected message: a first line that says it was injected, from which agent session
/// and by which hook, so the model (and a person reading the session) never mistakes it for the user's own typing
/// and knows whom to answer. The text follows unchanged on the next line.
/// </summary>
/// <example>
/// <c>[Injected by Baton, hook "ci-triage"]</c>; <c>[Injected by Baton from session "coder", hook "coder-report"]</c>;
/// <c>[Injected by Baton]</c> with neither.
/// </example>
public static class ProvenanceMarker
{
    private const int MaxNameShown = 64;

    public static string AgentText(StoredMessage message, bool mark) =>
        mark ? Line(message.HookName, SenderLabel(message)) + "\n" + message.Text : message.Text;

    public static string Line(string? hookName, string? fromSession = null)
    {
        var from = fromSession is null ? "" : $" from session \"{fromSession}\"";
        return hookName is null ? $"[Injected by Baton{from}]" : $"[Injected by Baton{from}, hook \"{hookName}\"]";
    }

    /// <summary>
    /// The sending session's name when it is plain enough to quote in the line (a name with quotes or brackets
    /// could forge one), else its id, which the validator allows only plain characters in.
    /// </summary>
    private static string? SenderLabel(StoredMessage message) =>
        message.FromSessionName is { Length: > 0 and <= MaxNameShown } name && name.All(c => c == ' ' || TextRules.IsLabelCharacter(c))
            ? name
            : message.FromSession;
}
