namespace Baton.Protocol;

public sealed record AgentEndpointStatus(string Agent, string Home, string Endpoint, bool Reachable, string? Error);
