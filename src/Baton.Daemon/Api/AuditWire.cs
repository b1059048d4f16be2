using Baton.Core.Audit;
using Baton.Protocol;

namespace Baton.Daemon.Api;

/// <summary>The audit entry as <c>GET /v1/audit</c> sends it.</summary>
internal static class AuditWire
{
    public static AuditLogEntry ToWire(AuditEntry entry) => new()
    {
        Id = entry.Id,
        At = entry.At,
        Action = entry.Action,
        CallerUid = entry.CallerUid,
        CallerPid = entry.CallerPid,
        TokenId = entry.TokenId,
        Session = entry.Session,
        SessionId = entry.SessionId,
        Agent = entry.Agent,
        Mode = entry.Mode,
        HookName = entry.HookName,
        FromSession = entry.FromSession,
        IdempotencyKey = entry.IdempotencyKey,
        MessageId = entry.MessageId,
        Outcome = entry.Outcome,
        ErrorCode = entry.ErrorCode,
        ErrorMessage = entry.ErrorMessage,
    };
}
