namespace Baton.Core.Audit;

/// <summary>Append-only record of every request and its outcome.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Writes the entry and returns it with its id. The entry is queued by the time this returns its task: a query
    /// started after that sees it, even if the caller did not wait for the task (an inject answers without waiting).
    /// </summary>
    Task<AuditEntry> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
