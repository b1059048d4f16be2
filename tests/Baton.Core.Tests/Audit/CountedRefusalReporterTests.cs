using Baton.Core.Audit;
using Baton.Storage.Sqlite;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests.Audit;

public sealed class CountedRefusalReporterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ReportAsync_FloodStopped_WritesItsCountOnceWhenARowIsDue()
    {
        using var folder = new TempDirectory("reporter");
        await using var store = await SqliteMessageStore.OpenAsync(folder.Combine("baton.db"), null, Token);
        var log = new SqliteAuditLog(store);
        var clock = new ManualClock();
        var throttle = new RefusalLogThrottle(clock);
        var reporter = new CountedRefusalReporter(throttle, new AuditRecorder(log, clock), clock);
        var written = Enumerable.Range(0, RefusalLogThrottle.Burst + 7).Count(i => throttle.TryTake(out _));

        var beforeARowIsDue = await reporter.ReportAsync();
        clock.Advance(RefusalLogThrottle.Interval);
        var once = await reporter.ReportAsync();
        clock.Advance(RefusalLogThrottle.Interval);
        var again = await reporter.ReportAsync();

        Assert.Equal(RefusalLogThrottle.Burst, written);
        Assert.False(beforeARowIsDue);
        Assert.True(once);
        Assert.False(again);
        var entry = Assert.Single(await log.QueryAsync(new AuditQuery { Limit = 10 }, Token));
        Assert.Equal((AuditActions.Authenticate, AuditOutcomes.Refused), (entry.Action, entry.Outcome));
        Assert.Contains("7 refusals like this were only counted", entry.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(entry.CallerUid);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTakeCountedOnly_NothingCounted_FalseAndTakesNoRow()
    {
        var throttle = new RefusalLogThrottle(new ManualClock());

        var taken = throttle.TryTakeCountedOnly(out var count);
        var writtenAfter = Enumerable.Range(0, RefusalLogThrottle.Burst * 2).Count(i => throttle.TryTake(out _));

        Assert.False(taken);
        Assert.Equal(0, count);
        Assert.Equal(RefusalLogThrottle.Burst, writtenAfter);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public void TryTakeCountedOnly_ARefusalTookTheRowFirst_NothingLeftToReport()
    {
        var clock = new ManualClock();
        var throttle = new RefusalLogThrottle(clock);
        while (throttle.TryTake(out _))
        {
        }

        clock.Advance(RefusalLogThrottle.Interval);
        Assert.True(throttle.TryTake(out var reportedByTheRefusal));
        var taken = throttle.TryTakeCountedOnly(out _);

        Assert.Equal(1, reportedByTheRefusal);
        Assert.False(taken);
    }
}
