namespace Baton.Storage.Sqlite;

/// <summary>How far a write must have got when its caller is told it is done.</summary>
internal enum CommitDurability
{
    /// <summary>
    /// On disk: the commit that carried it was fsynced (<c>synchronous=FULL</c>). For what only this file knows and
    /// a caller is told it can rely on: an accepted message and its keys, tokens, sessions seen.
    /// </summary>
    Synced,

    /// <summary>
    /// In the WAL file, not yet fsynced (<c>synchronous=NORMAL</c>): it survives a crash of the daemon, and the next
    /// synced commit or checkpoint puts it on disk with everything before it; a power loss or kernel crash in
    /// between may lose it. For what can be lost that way: a message's status after it was accepted (a restarted
    /// daemon treats a message it last saw queued as in doubt and reads the agent's history before sending it
    /// again, and follows a delivered one's turn to its end again) and audit entries (each accepted message's row
    /// keeps its caller, token and hook name, synced).
    /// </summary>
    Deferred,
}
