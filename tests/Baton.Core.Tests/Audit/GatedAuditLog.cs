using Baton.Core.Audit;

namespace Baton.Core.Tests.Audit;

/// <summary>
/// An audit log whose writes wait at a gate before they reach the real one, or fail there: for what an inject's
/// answer must not wait for, and must survive.
/// </summary>
internal sealed class GatedAuditLog(IAuditLog inner) : IAuditLog
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, every write fails with it once the gate opens.</summary>
    public Exception? Failure { get; init; }

    public void Open() => _gate.TrySetResult();

    public async Task<AuditEntry> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await _gate.Task;
        if (Failure is not null)
        {
            throw Failure;
        }

        return await inner.RecordAsync(entry, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);
}
