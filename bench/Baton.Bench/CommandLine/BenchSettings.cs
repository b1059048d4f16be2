namespace Baton.Bench.CommandLine;

/// <summary>Every benchmark's parameters: the defaults give the README's figures in minutes; smoke runs in seconds.</summary>
public sealed record BenchSettings
{
    public int CompareRuns { get; init; } = 30;
    public int CliRuns { get; init; } = 30;
    public int LatencyRuns { get; init; } = 50;
    public IReadOnlyList<int> ThroughputClients { get; init; } = [1, 8, 64];
    public double ThroughputSeconds { get; init; } = 10;
    public int ThroughputSessions { get; init; } = 64;
    public int ScaleSessions { get; init; } = 1000;
    public int ScaleWatchers { get; init; } = 100;
    public double SoakMinutes { get; init; } = 10;
    public double SoakRate { get; init; } = 5;
    public int SoakSessions { get; init; } = 10;

    /// <summary>Each benchmark once with tiny numbers, so CI keeps them working; the figures mean nothing.</summary>
    public static BenchSettings Smoke { get; } = new()
    {
        CompareRuns = 2,
        CliRuns = 2,
        LatencyRuns = 3,
        ThroughputClients = [1, 4],
        ThroughputSeconds = 1,
        ThroughputSessions = 4,
        ScaleSessions = 10,
        ScaleWatchers = 3,
        SoakMinutes = 0.1,
        SoakRate = 5,
        SoakSessions = 3,
    };
}
