namespace Baton.Storage.Sqlite.Tests;

/// <summary>A clock that moves only when told, so session timestamps and their ties are the test's choice.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
