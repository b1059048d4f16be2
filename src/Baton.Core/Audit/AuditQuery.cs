namespace Baton.Core.Audit;

/// <summary>Filters for reading the audit log; every filter is optional. Newest first, at most <see cref="Limit"/>.</summary>
public sealed record AuditQuery
{
    /// <summary>Matches the session as named or its resolved id.</summary>
    public string? Session { get; init; }

    public string? HookName { get; init; }
    public DateTimeOffset? Since { get; init; }
    public int Limit { get; init; } = 100;
}
