using Baton.Core.Audit;
using Baton.Core.Security;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Core.Delivery;

/// <summary>The public inject call: the rules in <c>InjectCoreAsync</c>, and one audit entry for every call, whatever its end.</summary>
public sealed partial class InjectionService
{
    public async Task<Receipt> InjectAsync(string session, InjectRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var entry = audit.Begin(request.DryRun ? AuditActions.InjectDryRun : AuditActions.Inject, caller, session) with
        {
            Agent = request.Agent,
            Mode = WireNames.Of(request.Mode),
            HookName = request.HookName,
            FromSession = request.FromSession,
            IdempotencyKey = request.IdempotencyKey,
        };
        var attempt = new InjectAttempt();
        Receipt receipt;
        try
        {
            receipt = await InjectCoreAsync(session, request, caller, attempt, cancellationToken);
        }
        catch (Exception error)
        {
            // Refused, not found, conflict, a bug, or the caller hung up: every way out is recorded, then rethrown.
            await audit.RecordFailureAsync(entry with
            {
                SessionId = attempt.Target?.Id,
                Agent = attempt.Target?.Agent ?? entry.Agent,
                MessageId = attempt.MessageId,
            }, error);
            throw;
        }

        // Queued, not waited for: the answer does not wait for the log's commit (a writer's round, half the accepted
        // message's own), and `baton log` asked after the answer still finds the entry. The message's row, committed
        // before the answer, keeps the caller, token and hook name whatever becomes of this write.
        audit.Queue(entry with
        {
            SessionId = receipt.Session.Id,
            Agent = receipt.Session.Agent,
            MessageId = receipt.MessageId,

            // A replay delivered nothing; its message id leads to the first call's message.
            Outcome = receipt.Replayed ? "replayed" : WireNames.Of(receipt.Status),
            ErrorCode = receipt.Error?.Code,
            ErrorMessage = receipt.Error?.Message,
        });
        return receipt;
    }

    /// <summary>
    /// Records an inject whose request never reached the rules (a body that is not JSON, too large, empty): the
    /// API calls this, so those land in the log too.
    /// </summary>
    public Task RecordUnreadableInjectAsync(string session, CallerIdentity caller, Exception error) =>
        audit.RecordFailureAsync(audit.Begin(AuditActions.Inject, caller, session), error);
}
