namespace Baton.Agents.Codex.Tests;

/// <summary>
/// A clock that moves only when told (timers still run on real time): whatever expires with time never expires
/// here unless the test advances it.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private TimeSpan _elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _start + _elapsed;

    public override long GetTimestamp() => _elapsed.Ticks;

    public void Advance(TimeSpan by) => _elapsed += by;
}
