using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Agents.Codex.Rpc;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Agents.Codex;

public sealed partial class CodexBackend
{
    private const int ListPageSize = 100;

    /// <summary>Enough for any home a person keeps; past this a listing is cut rather than scanned forever.</summary>
    private const int MaxListedThreads = 5000;

    public async Task<IReadOnlyList<AgentSession>> ListSessionsAsync(CancellationToken cancellationToken) =>
        await ListThreadsAsync(searchTerm: null, cancellationToken);

    /// <summary>
    /// Threads loaded in the app-server right now. A new thread is saved to disk only with its first turn, so until
    /// then <c>thread/list</c> does not show it; the loaded list does.
    /// </summary>
    private async Task<List<AgentSession>> ListLoadedThreadsAsync(CancellationToken cancellationToken)
    {
        var sessions = new List<AgentSession>();
        string? cursor = null;
        do
        {
            var parameters = new JsonObject();
            if (cursor is not null)
            {
                parameters["cursor"] = cursor;
            }

            var page = await CallAsync("thread/loaded/list", parameters, cancellationToken);
            foreach (var id in page.GetProperty("data").EnumerateArray())
            {
                if (id.GetString() is { } threadId && await ReadThreadAsync(threadId, cancellationToken) is { } session)
                {
                    sessions.Add(session);
                }
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && sessions.Count < MaxListedThreads);

        return sessions;
    }

    public async Task<AgentSession> ResolveAsync(string nameOrId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(nameOrId, out _))
        {
            if (FromSubscription(nameOrId) is { } live)
            {
                return live;
            }

            var byId = await ReadThreadAsync(nameOrId, cancellationToken);
            if (byId is not null)
            {
                RememberSnapshot(byId);
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

    /// <summary>
    /// A subscribed thread's state is what its notifications said, so a lookup by id needs no round trip to Codex:
    /// under load that <c>thread/read</c> was the largest cost of an inject.
    /// </summary>
    private AgentSession? FromSubscription(string threadId)
    {
        lock (_gate)
        {
            if (_threads.TryGetValue(threadId, out var thread) && thread is { Subscribed: true, StateCertain: true, Snapshot: { } snapshot })
            {
                return snapshot with { State = thread.IsRunning ? SessionState.Running : SessionState.Idle };
            }

            return null;
        }
    }

    private void RememberSnapshot(AgentSession session)
    {
        lock (_gate)
        {
            if (_threads.TryGetValue(session.Id, out var thread))
            {
                thread.Snapshot = session;
            }
        }
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

    /// <summary>Saved threads (optionally filtered by title) merged with the loaded ones, whose state is the live one.</summary>
    private async Task<List<AgentSession>> ListThreadsAsync(string? searchTerm, CancellationToken cancellationToken)
    {
        var saved = await ListSavedThreadsAsync(searchTerm, cancellationToken);
        var loaded = await ListLoadedThreadsAsync(cancellationToken);
        var loadedIds = loaded.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return [.. loaded.Where(s => searchTerm is null || s.Name?.Contains(searchTerm, StringComparison.OrdinalIgnoreCase) == true || s.Id == searchTerm),
                .. saved.Where(s => !loadedIds.Contains(s.Id))];
    }

    private async Task<List<AgentSession>> ListSavedThreadsAsync(string? searchTerm, CancellationToken cancellationToken)
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
