namespace Baton.Agents.Codex.Tracking;

/// <summary>
/// Names resolved a moment ago to exactly one thread. Codex keeps names on the client side of its protocol, so a
/// lookup by name is a <c>thread/list</c> search over the saved rollouts: about 15 ms with a handful of threads
/// and 0.4 s with a thousand, three quarters of an inject by name. A script sending a burst by name pays it once.
/// </summary>
/// <remarks>
/// A remembered answer is used only for a thread Baton follows, whose name, as its notifications say, is still
/// the one looked up. Any rename, new name, archive, delete or close any client makes through the app-server
/// forgets everything, as does a lost connection. What no notification reports (another app-server writing the same
/// CODEX_HOME) is seen once the answer expires, after <see cref="Lifetime"/>: until then a thread given the same
/// name there does not yet make the name ambiguous.
/// </remarks>
internal sealed class RecentNameLookups(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private const int MaxRemembered = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string ThreadId, long At)> _byName = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>
    /// Taken before a lookup starts, handed back with its answer: a change notified while the lookup ran may not be
    /// in the answer, so that answer is not remembered.
    /// </summary>
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

    public bool TryGet(string name, out string threadId)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var found) && time.GetElapsedTime(found.At) < Lifetime)
            {
                threadId = found.ThreadId;
                return true;
            }

            _byName.Remove(name);
            threadId = "";
            return false;
        }
    }

    public void Remember(string name, string threadId, long generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            // A cap, so a stream of distinct names cannot grow this without bound; an answer lost costs one lookup.
            if (_byName.Count >= MaxRemembered)
            {
                _byName.Clear();
            }

            _byName[name] = (threadId, time.GetTimestamp());
        }
    }

    public void ForgetAll()
    {
        lock (_gate)
        {
            _generation++;
            _byName.Clear();
        }
    }
}
