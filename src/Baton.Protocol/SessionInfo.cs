namespace Baton.Protocol;

/// <summary>One session as the API reports it.</summary>
public sealed record SessionInfo
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Agent { get; init; }
    public SessionState State { get; init; }
    public string? Cwd { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Messages Baton holds for this session that the agent has not started yet.</summary>
    public int QueuedCount { get; init; }

    /// <summary>
    /// What the running turn waits for a person to do in the agent's own UI ("approve running `git push`"), as far
    /// as Baton knows (it knows for sessions it follows); absent when nothing.
    /// </summary>
    public string? WaitingFor { get; init; }
}
