namespace Baton.Protocol;

public sealed record SessionList(IReadOnlyList<SessionInfo> Sessions);
