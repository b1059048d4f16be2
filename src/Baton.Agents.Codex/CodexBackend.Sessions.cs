using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Core.Errors;
using Baton.Core.Sessions;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    private const int ListPageSize = 100;

    /// <summary>Enough for any home a person keeps; past this a listing is cut rather than scanned forever.</summary>
    private const int MaxListedThreads = 5000;

    public async Task<IReadOnlyList<AgentSession>> ListSessionsAsync(CancellationToken cancellationToken) =>
        await ListThreadsAsync(searchTerm: null, cancellationToken);

    public async Task<AgentSession> ResolveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(nameOrId, out _))
        {
            var byId = await ReadThreadAsync(nameOrId, cancellationToken);
            if (byId is not null)
            {
                return byId;
            }
        }

        // Names live only on the client side of the protocol: search by title, then match the name exactly.
        var matches = (await ListThreadsAsync(nameOrId, cancellationToken)).Where(s => IsMatch(s, nameOrId)).ToList();
        if (matches.Count == 0)
        {
            matches = [.. (await ListThreadsAsync(searchTerm: null, cancellationToken)).Where(s => IsMatch(s, nameOrId))];
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SessionNotFoundException(
                $"No Codex session named or with id '{nameOrId}' in CODEX_HOME={Home.Path}. " +
                "Run 'baton sessions' to list the sessions Baton can reach, or pass --create-if-missing to create it."),
            _ => throw new AmbiguousSessionException(
                $"The name '{nameOrId}' matches {matches.Count} Codex sessions in CODEX_HOME={Home.Path}; Baton will not pick one. " +
                "Use the session's id instead:" + string.Concat(matches.Select(m => $"\n  {m.Id}  {m.Name}  {m.State.ToString().ToLowerInvariant()}  {m.Cwd}")),
                matches),
        };
    }

    private static bool IsMatch(AgentSession session, string nameOrId) =>
        string.Equals(session.Name, nameOrId, StringComparison.Ordinal) || string.Equals(session.Id, nameOrId, StringComparison.OrdinalIgnoreCase);

    private async Task<AgentSession?> ReadThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("thread/read", new JsonObject { ["threadId"] = threadId, ["includeTurns"] = false }, cancellationToken);
            var thread = result.GetProperty("thread");
            return CodexThreadJson.IsEphemeral(thread) ? null : CodexThreadJson.ToSession(thread);
        }
        catch (JsonRpcErrorException)
        {
            // Unknown or unloaded ids answer with an error; the listing below settles which it was.
            return null;
        }
    }

    private async Task<List<AgentSession>> ListThreadsAsync(string? searchTerm, CancellationToken cancellationToken)
    {
        var sessions = new List<AgentSession>();
        string? cursor = null;
        do
        {
            var parameters = new JsonObject
            {
                ["limit"] = ListPageSize,
                ["sortKey"] = "updated_at",
                ["archived"] = false,

                // An empty filter means every source: threads the TUI, exec and other app-server clients made.
                ["sourceKinds"] = new JsonArray(),
            };
            if (searchTerm is not null)
            {
                parameters["searchTerm"] = searchTerm;
            }

            if (cursor is not null)
            {
                parameters["cursor"] = cursor;
            }

            var page = await CallAsync("thread/list", parameters, cancellationToken);
            foreach (var thread in page.GetProperty("data").EnumerateArray())
            {
                if (!CodexThreadJson.IsEphemeral(thread))
                {
                    sessions.Add(CodexThreadJson.ToSession(thread));
                }
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && sessions.Count < MaxListedThreads);

        return sessions;
    }
}
