namespace Baton.Core.Audit;

/// <summary>
/// Bounds how many refusals of requests without a valid token are written to the audit log one by one. Those are
/// refused before there is a caller to rate-limit, so without a bound anyone who can reach the TCP listener could
/// grow the log as fast as they can send requests. <see cref="Burst"/> are written at once, then one every
/// <see cref="Interval"/>; the next one written says how many were only counted in between.
/// </summary>
/// <remarks>
/// A script with an expired token that retries a few times is logged in full; a flood costs at most
/// 8,640 rows a day. The count of refusals that were only counted waits for the next refusal to be written.
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
            var now = time.GetUtcNow();
            var earned = (int)Math.Min(Burst, Math.Floor((now - _creditedUntil) / Interval));
            if (earned > 0)
            {
                _credits = Math.Min(Burst, _credits + earned);
                _creditedUntil = _credits == Burst ? now : _creditedUntil + (Interval * earned);
            }

            if (_credits == 0)
            {
                _onlyCounted++;
                onlyCountedBefore = 0;
                return false;
            }

            _credits--;
            onlyCountedBefore = _onlyCounted;
            _onlyCounted = 0;
            return true;
        }
    }
}
