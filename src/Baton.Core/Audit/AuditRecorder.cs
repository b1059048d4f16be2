using Baton.Core.Errors;
using Baton.Core.Security;

namespace Baton.Core.Audit;

/// <summary>
/// Stamps audit entries with the time and the caller, and writes them. Every write ignores the request's
/// cancellation: a caller who hangs up must not be able to keep its request out of the log.
/// </summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>An entry for <paramref name="action"/> by <paramref name="caller"/>, stamped now; the outcome is filled in later.</summary>
    public AuditEntry Begin(string action, CallerIdentity caller, string? session = null) => new()
    {
        At = _time.GetUtcNow(),
        Action = action,
        CallerUid = caller.Uid,
        CallerPid = caller.Pid,

        // The token's public id only: the secret never reaches the daemon's store.
        TokenId = caller.Token?.TokenId,
        Session = session,
        Outcome = string.Empty,
    };

    public Task<AuditEntry> RecordAsync(AuditEntry entry) => log.RecordAsync(entry, CancellationToken.None);

    /// <summary>Records <paramref name="entry"/> as ended by <paramref name="error"/>.</summary>
    public Task<AuditEntry> RecordFailureAsync(AuditEntry entry, Exception error) => RecordAsync(entry with
    {
        Outcome = AuditOutcomes.Of(error),
        ErrorCode = AuditOutcomes.CodeOf(error),
        ErrorMessage = error.Message,
    });

    /// <summary>
    /// Runs an access check; a refusal is written to the log before it goes on to the caller. Allowed reads are
    /// not logged (they change nothing); refused ones are, because they show someone trying.
    /// </summary>
    public async Task EnsureAsync(string action, CallerIdentity caller, string? session, string? sessionId, Action check)
    {
        try
        {
            check();
        }
        catch (RefusedException refused)
        {
            await RecordFailureAsync(Begin(action, caller, session) with { SessionId = sessionId }, refused);
            throw;
        }
    }

    public Task EnsureOwnerAsync(string action, CallerIdentity caller, string operation) =>
        EnsureAsync(action, caller, session: null, sessionId: null, () => AccessPolicy.EnsureOwner(caller, operation));
}
