namespace Baton.Bench.Harness;

/// <summary>
/// Paces runs that each start one turn on the same session, so every run meets an idle session on a quiet machine:
/// before a run it waits until every turn started by earlier runs has ended, then lets the processes settle.
/// </summary>
/// <remarks>
/// The settling is for the work a turn leaves behind after its end is announced: the Baton daemon learns of the
/// end over its own connection a little after the bench does, and Codex and the daemon still write for a while.
/// With 50 ms of it, <c>/bin/true</c> timed right after took 4.5 ms median and 9.7 ms p90 on the 2-core machine;
/// with 400 ms, 3.9 and 4.9 (cli bench, 30 runs each): the previous run's tail was being charged to the next.
/// </remarks>
public sealed class IdleTurnPacer(TurnObserver observer)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);

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
