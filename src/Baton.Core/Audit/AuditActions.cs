namespace Baton.Core.Audit;

/// <summary>The <see cref="AuditEntry.Action"/> names: stable, because <c>baton log</c> users filter and grep on them.</summary>
public static class AuditActions
{
    public const string Inject = "inject";
    public const string InjectDryRun = "inject.dry-run";
    public const string ListSessions = "sessions.list";
    public const string ShowSession = "session.show";
    public const string WatchSession = "session.watch";
    public const string ReadMessage = "message.read";
    public const string ReadAudit = "audit.read";
    public const string Shutdown = "daemon.shutdown";

    /// <summary>A request refused for its bearer token: none on the TCP listener, or one that is unknown, expired or revoked.</summary>
    public const string Authenticate = "authenticate";
}
