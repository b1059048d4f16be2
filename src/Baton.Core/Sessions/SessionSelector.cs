namespace Baton.Core.Sessions;

/// <summary>
/// What a caller typed to name a session: a name or an id, optionally prefixed with the agent
/// (<c>codex:coder</c>).
/// </summary>
public sealed record SessionSelector(string? Agent, string NameOrId)
{
    public static SessionSelector Parse(string text, string? agentOverride = null)
    {
        ArgumentNullException.ThrowIfNull(text);
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
