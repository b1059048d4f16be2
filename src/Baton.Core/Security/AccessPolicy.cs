using Baton.Core.Errors;

namespace Baton.Core.Security;

/// <summary>
/// The one rule for who may touch a session: its owner (the daemon's uid, which is the uid that reaches the
/// session's Codex home), or the holder of a token scoped to that session. Owner-only operations (tokens, the
/// daemon itself) admit no token.
/// </summary>
public static class AccessPolicy
{
    public static bool MayInject(CallerIdentity caller, string sessionId) =>
        caller.IsOwner || (caller.Token is { Scope: TokenScope.Inject } token && token.SessionId == sessionId);

    public static bool MayRead(CallerIdentity caller, string sessionId) =>
        caller.IsOwner || caller.Token?.SessionId == sessionId;

    public static void EnsureMayInject(CallerIdentity caller, string sessionId, string sessionAsNamed)
    {
        if (!MayInject(caller, sessionId))
        {
            throw new RefusedException(Describe(caller) + $" may not inject into session '{sessionAsNamed}'. Only its owner may, or a caller with a token made for it by `baton token create --session {sessionAsNamed} --scope inject`.");
        }
    }

    public static void EnsureMayRead(CallerIdentity caller, string sessionId, string sessionAsNamed)
    {
        if (!MayRead(caller, sessionId))
        {
            throw new RefusedException(Describe(caller) + $" may not read session '{sessionAsNamed}'. Only its owner may, or a caller with a token made for it by `baton token create --session {sessionAsNamed}`.");
        }
    }

    public static void EnsureOwner(CallerIdentity caller, string operation)
    {
        if (!caller.IsOwner)
        {
            throw new RefusedException(Describe(caller) + $" may not {operation}: only the user the daemon runs as may.");
        }
    }

    private static string Describe(CallerIdentity caller) => caller switch
    {
        { Token: { } token } => $"The holder of token {token.TokenId}",
        { Uid: { } uid } => $"uid {uid}",
        _ => "An unidentified caller",
    };
}
