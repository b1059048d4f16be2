namespace Baton.Agents.Codex.Tests;

/// <summary>A clock that never moves (timers still run on real time): whatever expires with time never expires here.</summary>
internal sealed class StoppedClock : TimeProvider
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => 0;
}
