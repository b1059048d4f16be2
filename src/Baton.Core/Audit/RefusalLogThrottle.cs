namespace Baton.Core.Audit;

/// <summary>
/// Bounds how many refusals of requests without a valid token are written to the audit log one by one. Those are
/// refused before there is a caller to rate-limit, so without a bound anyone who can reach the TCP listener could
/// grow the log as fast as they can send requests. <see cref="Burst"/> are written at once, then one every
/// <see cref="Interval"/>; the next one written says how many were only counted in between.
/// </summary>
/// <remarks>
/// A script with an expired token that retries a few times is logged in full; a flood costs at most
/// 8,640 rows a day. When a flood stops, its last count is taken by <see cref="TryTakeCountedOnly"/>, which the
/// daemon calls every <see cref="Interval"/>, so no count waits for a refusal that may never come.
/// </remarks>
public sealed class RefusalLogThrottle(TimeProvider time)
{
    public const int Burst = 10;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private int _credits = Burst;
    private DateTimeOffset _creditedUntil = time.GetUtcNow();
    private long _onlyCounted;

    /// <summary>
    /// True when this refusal is to be written; <paramref name="onlyCountedBefore"/> is then how many since the
    /// last written one were only counted. False when it is only counted.
    /// </summary>
    public bool TryTake(out long onlyCountedBefore)
    {
        lock (_lock)
        {
            EarnCredits();
            if (_credits == 0)
            {
                _onlyCounted++;
                onlyCountedBefore = 0;
                return false;
            }

            return TakeRow(out onlyCountedBefore);
        }
    }

    /// <summary>
    /// True when refusals were only counted since the last written one and a row may be written now;
    /// <paramref name="count"/> is then how many, and that row takes the write, as a refusal would have.
    /// </summary>
    public bool TryTakeCountedOnly(out long count)
    {
        lock (_lock)
        {
            EarnCredits();
            if (_onlyCounted == 0 || _credits == 0)
            {
                count = 0;
                return false;
            }

            return TakeRow(out count);
        }
    }

    /// <summary>The words the log uses for <paramref name="count"/> refusals that were only counted.</summary>
    public static string CountedOnlyText(long count) =>
        $"{count} refusals like this were only counted: at most {Burst} are written at once, then one every {Interval.TotalSeconds:0} s.";

    /// <summary>Under the lock, with a credit left: spends it on a row that carries (and resets) the count so far.</summary>
    private bool TakeRow(out long onlyCountedBefore)
    {
        _credits--;
        onlyCountedBefore = _onlyCounted;
        _onlyCounted = 0;
        return true;
    }

    private void EarnCredits()
    {
        var now = time.GetUtcNow();
        var earned = (int)Math.Min(Burst, Math.Floor((now - _creditedUntil) / Interval));
        if (earned > 0)
        {
            _credits = Math.Min(Burst, _credits + earned);
            _creditedUntil = _credits == Burst ? now : _creditedUntil + (Interval * earned);
        }
    }
}
