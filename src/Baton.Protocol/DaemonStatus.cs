namespace Baton.Protocol;

/// <summary>Body of <c>GET /v1/status</c>.</summary>
public sealed record DaemonStatus
{
    public required int Pid { get; init; }
    public required string Version { get; init; }
    public required string BatonHome { get; init; }
    public required string SocketPath { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public IReadOnlyList<AgentEndpointStatus> Agents { get; init; } = [];
}
