namespace Baton.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told: whatever expires with time never expires unless the test moves it, and
/// timestamps and their ties are the test's choice. Timers still run on real time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public ManualClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    private readonly DateTimeOffset _start = start;

    public DateTimeOffset Now { get; set; } = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves with <see cref="Now"/>, so elapsed-time checks see the same clock.</summary>
    public override long GetTimestamp() => (Now - _start).Ticks;

    public void Advance(TimeSpan by) => Now += by;
}
