using Baton.Core.Audit;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Audit;

public sealed class RefusalLogThrottleTests
{
    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTake_AFewRefusals_EveryOneIsWritten()
    {
        var throttle = new RefusalLogThrottle(new ManualClock());

        for (var i = 0; i < RefusalLogThrottle.Burst; i++)
        {
            Assert.True(throttle.TryTake(out var counted));
            Assert.Equal(0, counted);
        }
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTake_AFlood_WritesOneAnIntervalThatCountsTheRest()
    {
        var clock = new ManualClock();
        var throttle = new RefusalLogThrottle(clock);

        var written = Enumerable.Range(0, 1000).Count(i => throttle.TryTake(out _));
        clock.Advance(RefusalLogThrottle.Interval - TimeSpan.FromMilliseconds(1));
        var beforeTheInterval = throttle.TryTake(out _);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterIt = throttle.TryTake(out var counted);
        var right = throttle.TryTake(out _);

        Assert.Equal(RefusalLogThrottle.Burst, written);
        Assert.False(beforeTheInterval);
        Assert.True(afterIt);
        Assert.Equal(1000 - RefusalLogThrottle.Burst + 1, counted);
        Assert.False(right);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTake_QuietForLong_GetsOneBurstBackNotMore()
    {
        var clock = new ManualClock();
        var throttle = new RefusalLogThrottle(clock);
        while (throttle.TryTake(out _))
        {
        }

        clock.Advance(TimeSpan.FromDays(1));
        var written = Enumerable.Range(0, 100).Count(i => throttle.TryTake(out _));

        Assert.Equal(RefusalLogThrottle.Burst, written);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTake_CountReported_StartsAgainFromZero()
    {
        var clock = new ManualClock();
        var throttle = new RefusalLogThrottle(clock);
        for (var i = 0; i < RefusalLogThrottle.Burst; i++)
        {
            Assert.True(throttle.TryTake(out _));
        }

        Assert.False(throttle.TryTake(out _));
        Assert.False(throttle.TryTake(out _));
        clock.Advance(RefusalLogThrottle.Interval * 2);
        Assert.True(throttle.TryTake(out var first));
        Assert.True(throttle.TryTake(out var second));

        Assert.Equal(2, first);
        Assert.Equal(0, second);
    }
}
