using Baton.Agents.Codex.Tracking;
using Baton.Tests.Infrastructure;

namespace Baton.Agents.Codex.Tests;

/// <summary>The memory of recent name lookups on its own: expiry, and answers that raced a notified change.</summary>
public sealed class RecentNameLookupsTests
{
    [Fact(Timeout = TestTimeouts.Short)]
    public void TryGet_RememberedName_AnsweredUntilItsLifetimeEnds()
    {
        var clock = new ManualClock();
        var lookups = new RecentNameLookups(clock);
        lookups.Remember("coder", "thread-1", lookups.Generation);

        var fresh = lookups.TryGet("coder", out var freshId);
        clock.Advance(RecentNameLookups.Lifetime - TimeSpan.FromMilliseconds(1));
        var almost = lookups.TryGet("coder", out _);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var expired = lookups.TryGet("coder", out _);

        Assert.Equal((true, "thread-1"), (fresh, freshId));
        Assert.True(almost);
        Assert.False(expired);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void Remember_ChangeNotifiedWhileTheLookupRan_AnswerNotKept()
    {
        var lookups = new RecentNameLookups(new ManualClock());
        var before = lookups.Generation;

        lookups.ForgetAll();
        lookups.Remember("coder", "thread-1", before);

        Assert.False(lookups.TryGet("coder", out _));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void ForgetAll_ForgetsEveryName()
    {
        var lookups = new RecentNameLookups(new ManualClock());
        lookups.Remember("coder", "thread-1", lookups.Generation);
        lookups.Remember("reviewer", "thread-2", lookups.Generation);

        lookups.ForgetAll();

        Assert.False(lookups.TryGet("coder", out _));
        Assert.False(lookups.TryGet("reviewer", out _));
    }
}
