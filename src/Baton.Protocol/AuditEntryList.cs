namespace Baton.Protocol;

/// <summary>Body of <c>GET /v1/audit</c>: newest first.</summary>
public sealed record AuditEntryList(IReadOnlyList<AuditLogEntry> Entries);
