namespace Baton.Bench.Harness;

/// <summary>
/// Paces runs that each start one turn on the same session, so every run meets an idle session: before a run it
/// waits until every turn started by earlier runs has ended, then lets the clients settle for a moment (the Baton
/// daemon learns of the turn's end over its own connection, a little after the bench does).
/// </summary>
public sealed class IdleTurnPacer(TurnObserver observer)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    private int _turnsStarted;

    public async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await observer.WaitForTurnsEndedAsync(_turnsStarted, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchSetupException($"The session did not become idle within 60 s: {observer.TurnsEnded} of {_turnsStarted} turns ended.");
        }

        await Task.Delay(Settle, cancellationToken);
    }

    /// <summary>Counts a turn the run just started (or queued); the next wait includes its end.</summary>
    public void TurnStarted() => _turnsStarted++;

    /// <summary>When the turn the last run started was seen to start.</summary>
    public Task<long> LastTurnStartedAsync(CancellationToken cancellationToken) => observer.WaitForNthTurnStartedAsync(_turnsStarted, cancellationToken);
}
