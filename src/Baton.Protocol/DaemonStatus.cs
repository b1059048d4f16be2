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

    /// <summary>The TLS listener's address (<c>https://127.0.0.1:PORT</c>), when the daemon serves one.</summary>
    public string? Listen { get; init; }

    /// <summary>SHA-256 of the listener's certificate (DER), as <c>SHA256:</c> and colon-separated hex: what <c>--fingerprint</c> pins.</summary>
    public string? TlsFingerprint { get; init; }
}
