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

    /// <summary>
    /// <c>thread/read</c>s in flight at once. The app-server answers them side by side (60 reads: 0.13–0.20 s this
    /// way, 0.31–0.39 s one after another); bounded so that one listing does not fill its bounded request queue.
    /// </summary>
    private const int ConcurrentReads = 16;

    /// <summary>The app-server's answer when its request queue is full: retryable, and says nothing about the thread.</summary>
    private const int ServerOverloaded = -32001;

    public async Task<IReadOnlyList<AgentSession>> ListSessionsAsync(CancellationToken cancellationToken) =>
        await ListThreadsAsync(searchTerm: null, indexOnly: false, mayBeWanted: null, cancellationToken);

    /// <summary>
    /// Ids of the threads loaded in the app-server right now. A new thread is saved to disk only with its first turn,
    /// so until then <c>thread/list</c> does not show it; the loaded list does.
    /// </summary>
    private async Task<List<string>> ListLoadedThreadIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
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
                if (id.GetString() is { } threadId)
                {
                    ids.Add(threadId);
                }
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && ids.Count < MaxListedThreads);

        return ids;
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

        if (_recentNames.TryGet(nameOrId, out var recent) && FromSubscription(recent) is { } followed && followed.Name == nameOrId)
        {
            return followed;
        }

        var generation = _recentNames.Generation;

        // Names live only on the client side of the protocol: search by title, then match the name exactly. First in
        // Codex's index of its threads (the state database in CODEX_HOME, which every Codex process on that home keeps
        // current, renames included: 3.7 ms against 11.5 for a scan of the saved rollouts with ten threads, and the
        // scan grows with the home), and only when that finds nothing by a scan, which also finds a rollout the index
        // never took in (so such a thread's namesake in the index is found alone, not as an ambiguity). Of the loaded
        // threads, only those whose last known name is this one (or is unknown) are read.
        bool MayMatch(string threadId) =>
            !_names.TryGetName(threadId, out var name) || name == nameOrId || string.Equals(threadId, nameOrId, StringComparison.OrdinalIgnoreCase);

        var matches = await MatchingAsync(nameOrId, searchTerm: nameOrId, indexOnly: true, MayMatch, cancellationToken);
        if (matches.Count == 0)
        {
            matches = await MatchingAsync(nameOrId, searchTerm: nameOrId, indexOnly: false, MayMatch, cancellationToken);
        }

        if (matches.Count == 0)
        {
            // Everything, every loaded thread read: the title search may miss a name, and a rename made a moment ago
            // may not have reached this connection yet.
            matches = await MatchingAsync(nameOrId, searchTerm: null, indexOnly: false, mayBeWanted: null, cancellationToken);
        }

        if (matches.Count == 1 && matches[0].Name == nameOrId)
        {
            RememberSnapshot(matches[0]);
            _recentNames.Remember(nameOrId, matches[0].Id, generation);
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

    public async Task<string?> SessionNameAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (FromSubscription(sessionId) is { } followed)
        {
            return followed.Name;
        }

        return Guid.TryParse(sessionId, out _) ? (await ReadThreadAsync(sessionId, cancellationToken))?.Name : null;
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
                // The name as the rename notifications left it, which every connection hears.
                return snapshot with
                {
                    Name = _names.TryGetName(threadId, out var name) ? name : snapshot.Name,
                    State = thread.IsRunning ? SessionState.Running : SessionState.Idle,
                    // The snapshot's may be stale; what the turn waits for now is PendingQuestions'.
                    WaitingFor = null,
                };
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

    private async Task<List<AgentSession>> MatchingAsync(string nameOrId, string? searchTerm, bool indexOnly, Func<string, bool>? mayBeWanted, CancellationToken cancellationToken) =>
        [.. (await ListThreadsAsync(searchTerm, indexOnly, mayBeWanted, cancellationToken)).Where(s => IsMatch(s, nameOrId))];

    private static bool IsMatch(AgentSession session, string nameOrId) =>
        string.Equals(session.Name, nameOrId, StringComparison.Ordinal) || string.Equals(session.Id, nameOrId, StringComparison.OrdinalIgnoreCase);

    private async Task<AgentSession?> ReadThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        var generation = _names.Generation;
        try
        {
            var result = await CallAsync("thread/read", new JsonObject { ["threadId"] = threadId, ["includeTurns"] = false }, cancellationToken);
            var thread = result.GetProperty("thread");
            _names.Read(threadId, CodexThreadJson.OptionalString(thread, "name"), generation);
            return CodexThreadJson.IsEphemeral(thread) ? null : CodexThreadJson.ToSession(thread);
        }
        catch (JsonRpcErrorException ex) when (ex.Code == ServerOverloaded)
        {
            // Not an answer about this thread: dropping it would list or resolve without it.
            throw new AgentRequestException($"The Codex app-server at {Home.SocketPath} is overloaded ({ex.RpcMessage}); try again in a moment.", ex);
        }
        catch (JsonRpcErrorException)
        {
            // Unknown or unloaded ids answer with an error; the listing below settles which it was.
            return null;
        }
    }

    /// <summary>
    /// Saved threads (optionally filtered by title) merged with the loaded ones, whose state is the live one. The
    /// loaded threads come first, in the app-server's order.
    /// </summary>
    /// <remarks>
    /// <c>thread/list</c> already gives a loaded thread's live status, so only loaded threads it did not return (not
    /// saved yet, or filtered out by the search) are read, <see cref="ConcurrentReads"/> at a time over the one
    /// connection, and of those only the ones <paramref name="mayBeWanted"/> lets through.
    /// </remarks>
    private async Task<List<AgentSession>> ListThreadsAsync(string? searchTerm, bool indexOnly, Func<string, bool>? mayBeWanted, CancellationToken cancellationToken)
    {
        var saved = await ListSavedThreadsAsync(searchTerm, indexOnly, cancellationToken);
        var loadedIds = await ListLoadedThreadIdsAsync(cancellationToken);
        var savedById = new Dictionary<string, AgentSession>(StringComparer.Ordinal);
        foreach (var session in saved)
        {
            savedById.TryAdd(session.Id, session);
        }

        var unread = loadedIds.Where(id => !savedById.ContainsKey(id) && (mayBeWanted is null || mayBeWanted(id))).Distinct(StringComparer.Ordinal).ToList();
        var read = await ReadThreadsAsync(unread, cancellationToken);
        var loaded = new List<AgentSession>();
        foreach (var id in loadedIds.Distinct(StringComparer.Ordinal))
        {
            if (savedById.TryGetValue(id, out var fromList))
            {
                loaded.Add(fromList);
            }
            else if (read.TryGetValue(id, out var fromRead) && fromRead is not null
                     && (searchTerm is null || fromRead.Name?.Contains(searchTerm, StringComparison.OrdinalIgnoreCase) == true || fromRead.Id == searchTerm))
            {
                loaded.Add(fromRead);
            }
        }

        var loadedSet = loaded.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return [.. loaded, .. saved.Where(s => !loadedSet.Contains(s.Id))];
    }

    /// <summary>Reads the threads a bounded number at a time; a thread that cannot be read (gone, ephemeral) maps to null.</summary>
    private async Task<Dictionary<string, AgentSession?>> ReadThreadsAsync(IReadOnlyList<string> threadIds, CancellationToken cancellationToken)
    {
        var sessions = new AgentSession?[threadIds.Count];
        await Parallel.ForAsync(
            0,
            threadIds.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentReads, CancellationToken = cancellationToken },
            async (i, ct) => sessions[i] = await ReadThreadAsync(threadIds[i], ct));
        var byId = new Dictionary<string, AgentSession?>(threadIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < threadIds.Count; i++)
        {
            byId[threadIds[i]] = sessions[i];
        }

        return byId;
    }

    /// <param name="indexOnly">Ask Codex's index (its state database) only, not a scan of the saved rollouts.</param>
    private async Task<List<AgentSession>> ListSavedThreadsAsync(string? searchTerm, bool indexOnly, CancellationToken cancellationToken)
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

            if (indexOnly)
            {
                parameters["useStateDbOnly"] = true;
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
