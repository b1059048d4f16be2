namespace Baton.Agents.Codex.Tracking;

/// <summary>
/// The names of the threads loaded in the app-server, as far as this connection has seen them: learned from
/// <c>thread/read</c>, kept current by the <c>thread/name/updated</c> notifications every connection receives.
/// Resolving a name then reads only the loaded threads that may carry it, not every loaded thread.
/// </summary>
/// <remarks>
/// Only a hint for choosing what to read: a session's name and state still come from Codex when it is resolved.
/// A name is not cached for good: a closed thread is forgotten (another process may rename it on disk before it is
/// loaded again), and everything is forgotten when the connection drops, since notifications sent meanwhile are lost.
/// A read answered before a rename but handled after its notification must not bring the old name back, so a read
/// only fills a gap and never overwrites a name a notification set.
/// </remarks>
internal sealed class LoadedThreadNames
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Taken before a read, handed back with its answer: a read from before a reset is not kept.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>The thread's name (null when it has none), if known.</summary>
    public bool TryGetName(string threadId, out string? name)
    {
        lock (_gate)
        {
            return _names.TryGetValue(threadId, out name);
        }
    }

    /// <summary>What a <c>thread/read</c> issued at <paramref name="generation"/> said.</summary>
    public void Read(string threadId, string? name, long generation)
    {
        lock (_gate)
        {
            if (generation == _generation)
            {
                _names.TryAdd(threadId, name);
            }
        }
    }

    public void Renamed(string threadId, string? name)
    {
        lock (_gate)
        {
            _names[threadId] = name;
        }
    }

    /// <summary>Also drops what reads in flight will say: one of them may be about this thread as it was.</summary>
    public void Forget(string threadId)
    {
        lock (_gate)
        {
            _names.Remove(threadId);
            _generation++;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _names.Clear();
            _generation++;
        }
    }
}
