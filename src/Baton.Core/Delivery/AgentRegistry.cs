using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Core.Sessions;

namespace Baton.Core.Delivery;

/// <summary>The agent backends this daemon serves, by name.</summary>
public sealed class AgentRegistry(IEnumerable<IAgentBackend> backends)
{
    private readonly Dictionary<string, IAgentBackend> _backends =
        backends.ToDictionary(b => b.Agent, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<IAgentBackend> All => _backends.Values;

    public IAgentBackend Get(string? agent)
    {
        agent ??= KnownAgents.Codex;
        return _backends.TryGetValue(agent, out var backend)
            ? backend
            : throw new InvalidRequestException(
                $"Unknown agent '{agent}'. This daemon serves: {string.Join(", ", _backends.Keys)}.");
    }
}
