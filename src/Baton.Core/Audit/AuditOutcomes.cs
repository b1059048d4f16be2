using Baton.Core.Errors;
using Baton.Protocol;

namespace Baton.Core.Audit;

/// <summary>
/// The outcome column for requests that ended in an error: <c>refused</c> for every "not allowed" (exit 5),
/// <c>cancelled</c> when the caller left before the answer, otherwise the stable error code.
/// </summary>
public static class AuditOutcomes
{
    public const string Refused = "refused";
    public const string Cancelled = "cancelled";

    public static string Of(Exception error) => error switch
    {
        BatonException { Code: ErrorCodes.Refused or ErrorCodes.Unauthorized or ErrorCodes.LimitExceeded or ErrorCodes.RateLimited } => Refused,
        BatonException baton => baton.Code,
        OperationCanceledException => Cancelled,
        _ => ErrorCodes.Internal,
    };

    public static string CodeOf(Exception error) => error switch
    {
        BatonException baton => baton.Code,
        OperationCanceledException => Cancelled,
        _ => ErrorCodes.Internal,
    };
}
