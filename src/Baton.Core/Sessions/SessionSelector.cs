namespace Baton.Core.Sessions;

/// <summary>
/// What a caller typed to name a session: a name or an id, optionally prefixed with the agent
/// (<c>codex:coder</c>).
/// </summary>
/// <remarks>
/// A name is free text (Codex titles may hold slashes, quotes, anything printable), so path-like or SQL-like names
/// are just names that match nothing: a clean not-found. Only what no title can hold is refused here: more than
/// <see cref="MaxLength"/> characters, and control characters.
/// </remarks>
public sealed record SessionSelector(string? Agent, string NameOrId)
{
    public const int MaxLength = 256;

    /// <summary>Unlike message text, a name holds no line breaks or tabs either.</summary>
    private static readonly char[] ControlCharacters = [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)];

    public static SessionSelector Parse(string text, string? agentOverride = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new Errors.LimitExceededException(
                $"The session name or id is {text.Length} characters long; the limit is {MaxLength}. Run 'baton sessions' to see the names.");
        }

        var at = text.IndexOfAny(ControlCharacters);
        if (at >= 0 || Protocol.TextRules.FindProblem(text) is not null)
        {
            var what = at >= 0 ? $"the control character U+{(int)text[at]:X4}" : "a character that has no UTF-8 encoding";
            throw new Errors.InvalidRequestException(
                $"The session name or id contains {what}; no session name can. Run 'baton sessions' to see the names.");
        }

        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string? agent = null;
        var nameOrId = trimmed;
        if (colon > 0 && KnownAgents.IsKnown(trimmed[..colon]))
        {
            agent = trimmed[..colon];
            nameOrId = trimmed[(colon + 1)..];
        }

        if (agentOverride is not null && agent is not null && !string.Equals(agent, agentOverride, StringComparison.OrdinalIgnoreCase))
        {
            throw new Errors.InvalidRequestException(
                $"The session '{text}' names agent '{agent}' but --agent says '{agentOverride}'. Use one of them.");
        }

        if (nameOrId.Length == 0)
        {
            throw new Errors.InvalidRequestException("The session is empty. Give a session name or id, e.g. 'coder' or 'codex:coder'.");
        }

        return new SessionSelector((agent ?? agentOverride)?.ToLowerInvariant(), nameOrId);
    }

    public override string ToString() => Agent is null ? NameOrId : $"{Agent}:{NameOrId}";
}
