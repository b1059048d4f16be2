namespace Baton.Cli.Commands;

/// <summary>
/// The CLI's own bound on a call whose <c>--timeout</c> the daemon also honours. The daemon answers with a
/// <c>timeout</c> receipt at the limit, which is the better answer (it carries the message id), so the CLI waits a
/// little longer before it gives up by itself: only a daemon that hangs meets this bound.
/// </summary>
internal static class LocalDeadline
{
    /// <summary>How long past <c>--timeout</c> the CLI still waits for the daemon's own answer.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>CancellationTokenSource timers cannot go further than this.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>A token that is cancelled with <paramref name="cancellationToken"/>, or <see cref="Grace"/> after <paramref name="timeout"/>.</summary>
    public static CancellationTokenSource Start(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit && limit + Grace < LongestTimer)
        {
            budget.CancelAfter(limit + Grace);
        }

        return budget;
    }
}
