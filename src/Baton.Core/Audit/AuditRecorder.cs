using Baton.Core.Errors;
using Baton.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Core.Audit;

/// <summary>
/// Stamps audit entries with the time and the caller, and writes them. Every write ignores the request's
/// cancellation: a caller who hangs up must not be able to keep its request out of the log.
/// </summary>
public sealed partial class AuditRecorder(IAuditLog log, TimeProvider? time = null, ILogger<AuditRecorder>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<AuditRecorder>.Instance;

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

    /// <summary>
    /// Queues <paramref name="entry"/> without waiting for its commit, for an answer that should not wait for the
    /// log: a query started afterwards still sees it (<see cref="IAuditLog.RecordAsync"/>). A write that fails is
    /// reported in the daemon's log, where the caller, long answered, cannot be told.
    /// </summary>
    public void Queue(AuditEntry entry) => _ = WriteQueuedAsync(entry);

    /// <summary>Runs synchronously up to the queued write, so the entry is queued when <see cref="Queue"/> returns.</summary>
    private async Task WriteQueuedAsync(AuditEntry entry)
    {
        try
        {
            await RecordAsync(entry);
        }
        catch (Exception error)
        {
            WriteFailed(_logger, error, entry.Action, entry.MessageId);
        }
    }

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

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Writing the audit entry of {Action} (message {MessageId}) failed; the call itself was answered")]
    private static partial void WriteFailed(ILogger logger, Exception exception, string action, string? messageId);
}
