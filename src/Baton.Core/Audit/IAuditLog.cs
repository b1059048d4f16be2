namespace Baton.Core.Audit;

/// <summary>Append-only record of every request and its outcome.</summary>
public interface IAuditLog
{
    /// <summary>Writes the entry and returns it with its id.</summary>
    Task<AuditEntry> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
