using Baton.Core.Sessions;

namespace Baton.Bench.Harness;

/// <summary>
/// What the single-session benchmarks measure against: a fresh <see cref="BenchEnvironment"/> with one named
/// session, idle, whose turns the bench follows, and a <see cref="IdleTurnPacer"/> to keep it idle between runs.
/// </summary>
public sealed class IdleSession : IAsyncDisposable
{
    private IdleSession(BenchEnvironment environment, AgentSession session, TurnObserver observer)
    {
        Environment = environment;
        Session = session;
        Turns = observer;
        Pacer = new IdleTurnPacer(observer);
    }

    public BenchEnvironment Environment { get; }

    public AgentSession Session { get; }

    public string Name => Session.Name!;

    public IdleTurnPacer Pacer { get; }

    /// <summary>The session's turns as a subscribed client sees them.</summary>
    public TurnObserver Turns { get; }

    public static async Task<IdleSession> StartAsync(BenchExecutables executables, string prefix, CancellationToken cancellationToken)
    {
        var environment = await BenchEnvironment.StartAsync(executables, cancellationToken);
        try
        {
            var session = (await environment.CreateSessionsAsync(prefix, 1, 1, cancellationToken))[0];
            var observer = await TurnObserver.StartAsync(environment.User, session.Id, cancellationToken);
            return new IdleSession(environment, session, observer);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Turns.DisposeAsync();
        await Environment.DisposeAsync();
    }
}
