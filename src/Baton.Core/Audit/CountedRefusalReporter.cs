using Baton.Core.Security;
using Baton.Protocol;

namespace Baton.Core.Audit;

/// <summary>
/// Writes the count of token refusals that <see cref="RefusalLogThrottle"/> only counted, once per interval, so a
/// flood that stops leaves its size in the audit log; otherwise the count waits for the next refusal, which may
/// never come.
/// </summary>
public sealed class CountedRefusalReporter(RefusalLogThrottle throttle, AuditRecorder audit, TimeProvider time)
{
    /// <summary>Checks every <see cref="RefusalLogThrottle.Interval"/> until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RefusalLogThrottle.Interval, time, stopping);
                await ReportAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes one row when refusals were only counted and the throttle allows a row; true if it wrote one.</summary>
    public async Task<bool> ReportAsync()
    {
        if (!throttle.TryTakeCountedOnly(out var count))
        {
            return false;
        }

        // No one caller: the row stands for many requests, each refused for its token (none, unknown, expired, revoked).
        await audit.RecordAsync(audit.Begin(AuditActions.Authenticate, CallerIdentity.Unknown) with
        {
            Outcome = AuditOutcomes.Refused,
            ErrorCode = ErrorCodes.Unauthorized,
            ErrorMessage = $"Requests refused for their token: {RefusalLogThrottle.CountedOnlyText(count)}",
        });
        return true;
    }
}
