using Baton.Agents.Codex;
using Baton.Core.Agents;
using Baton.Core.Errors;
using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Baton.Agents.Codex.Tests;

/// <summary>The backend against the real Codex app-server and a scripted model.</summary>
public sealed class CodexBackendTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_ByNameAndById_FindsTheSameLiveThread()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        var byName = await backend.ResolveAsync("coder", Token);
        var byId = await backend.ResolveAsync(id, Token);

        Assert.Equal(id, byName.Id);
        Assert.Equal("coder", byName.Name);
        Assert.Equal(id, byId.Id);
        Assert.Equal(SessionState.Idle, byName.State);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task SessionNameAsync_KnownIdNamed_UnknownIdNullWithoutSearchingByName()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        var unknown = Guid.NewGuid().ToString();

        // A session named like the unknown id: a search by name would find it; a lookup by id must not.
        await user.CreateThreadAsync(unknown, codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        Assert.Equal("coder", await backend.SessionNameAsync(id, Token));
        Assert.Null(await backend.SessionNameAsync(unknown, Token));
        Assert.Null(await backend.SessionNameAsync("coder", Token));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_ByIdOnceSubscribed_FollowsAnotherClientsRenameAndTurns()
    {
        // Once Baton follows a thread, a lookup by id is answered from its notifications instead of a thread/read;
        // what another client does to the thread must still show.
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);
        await backend.WaitUntilIdleAsync(id, onBusy: null, Token);
        Assert.Equal("coder", (await backend.ResolveAsync(id, Token)).Name);

        await user.RenameThreadAsync(id, "reviewer", Token);
        var renamed = await EventuallyAsync(() => backend.ResolveAsync(id, Token), s => s.Name == "reviewer");
        var turnId = await user.StartTurnAsync(id, "a long one SLOW=4", Token);
        var running = await EventuallyAsync(() => backend.ResolveAsync(id, Token), s => s.State == SessionState.Running);
        await backend.WaitForTurnEndAsync(id, turnId, Token);
        var idle = await backend.ResolveAsync(id, Token);

        Assert.Equal(("reviewer", SessionState.Idle), (renamed.Name, renamed.State));
        Assert.Equal(("reviewer", SessionState.Running), (running.Name, running.State));
        Assert.Equal(("reviewer", SessionState.Idle), (idle.Name, idle.State));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameResolvedAMomentAgo_AnotherClientsNamesakeMakesItAmbiguousAtOnce()
    {
        // A name resolved a moment ago is answered from memory; the clock does not move, so that memory never expires,
        // and only the notifications can show what another client did.
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var (backend, id, first, again) = await ResolvedTwiceWithStoppedClockAsync(codex, user, "coder");
        await using var owned = backend;

        var namesake = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        var error = await EventuallyAsync(() => ResolveErrorAsync(backend, "coder"), e => e is AmbiguousSessionException);

        Assert.Equal((id, id), (first.Id, again.Id));
        var ambiguous = Assert.IsType<AmbiguousSessionException>(error);
        Assert.Contains(id, ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains(namesake, ambiguous.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameResolvedAMomentAgo_AnotherClientsRenameIsSeenAtOnce()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var (backend, id, _, _) = await ResolvedTwiceWithStoppedClockAsync(codex, user, "coder");
        await using var owned = backend;

        await user.RenameThreadAsync(id, "reviewer", Token);
        var oldName = await EventuallyAsync(() => ResolveErrorAsync(backend, "coder"), e => e is SessionNotFoundException);
        var newName = await backend.ResolveAsync("reviewer", Token);

        Assert.IsType<SessionNotFoundException>(oldName);
        Assert.Equal((id, "reviewer"), (newName.Id, newName.Name));
    }

    /// <summary>
    /// The user's new thread <paramref name="name"/>, followed by a backend whose clock never moves, and resolved by
    /// name twice (the second time from the backend's memory of the first). The caller disposes the backend.
    /// </summary>
    private static async Task<(CodexBackend Backend, string Id, AgentSession First, AgentSession Again)> ResolvedTwiceWithStoppedClockAsync(
        CodexTestEnvironment codex, CodexUserClient user, string name)
    {
        var id = await user.CreateThreadAsync(name, codex.WorkDirectory, Token);
        var backend = new CodexBackend(codex.Home, time: new ManualClock());
        try
        {
            await backend.WaitUntilIdleAsync(id, onBusy: null, Token);
            var first = await backend.ResolveAsync(name, Token);
            var again = await backend.ResolveAsync(name, Token);
            return (backend, id, first, again);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private static async Task<Exception?> ResolveErrorAsync(CodexBackend backend, string name)
    {
        try
        {
            await backend.ResolveAsync(name, Token);
            return null;
        }
        catch (Exception ex) when (ex is AmbiguousSessionException or SessionNotFoundException)
        {
            return ex;
        }
    }

    /// <summary>Another client's change reaches Baton as a notification, a moment after that client's call returns.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50, Token);
        }
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_UnknownName_ThrowsNotFoundNamingIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var backend = new CodexBackend(codex.Home);

        var error = await Assert.ThrowsAsync<SessionNotFoundException>(() => backend.ResolveAsync("no-such-session", Token));
        Assert.Contains("no-such-session", error.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<SessionNotFoundException>(() => backend.ResolveAsync(Guid.NewGuid().ToString(), Token));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameOfTwoThreads_ThrowsAmbiguousListingBoth()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var first = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);
        var second = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        var error = await Assert.ThrowsAsync<AmbiguousSessionException>(() => backend.ResolveAsync("twin", Token));

        Assert.Equal([first, second], error.Candidates.Select(c => c.Id).Order());
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameOfASavedAndAnUnsavedLoadedThread_ThrowsAmbiguousListingBoth()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var saved = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);

        // Its first turn writes it to disk: thread/list shows it from then on, the other one only thread/loaded/list.
        await user.StartTurnAsync(saved, "first words", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "first words", Token);
        await Task.Delay(500, Token);
        var unsaved = await user.CreateThreadAsync("twin", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        var error = await Assert.ThrowsAsync<AmbiguousSessionException>(() => backend.ResolveAsync("twin", Token));

        Assert.Equal([saved, unsaved], error.Candidates.Select(c => c.Id).Order());
        Assert.DoesNotContain(error.Candidates, c => c.State == SessionState.Stored);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_ThreadRenamedAfterALookup_FoundByItsNewNameOnly()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("draft", codex.WorkDirectory, Token);
        var other = await user.CreateThreadAsync("bystander", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);
        Assert.Equal(id, (await backend.ResolveAsync("draft", Token)).Id);

        await user.RenameThreadAsync(id, "final", Token);
        await user.RenameThreadAsync(other, "draft-2", Token);

        var renamed = await backend.ResolveAsync("final", Token);
        Assert.Equal(id, renamed.Id);
        Assert.Equal("final", renamed.Name);
        Assert.Equal(other, (await backend.ResolveAsync("draft-2", Token)).Id);
        await Assert.ThrowsAsync<SessionNotFoundException>(() => backend.ResolveAsync("draft", Token));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => backend.ResolveAsync("bystander", Token));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ListSessionsAsync_MoreLoadedThreadsThanReadsInFlight_ListsEachOnceWithItsName()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var ids = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            var name = $"worker-{i:D2}";
            ids[await user.CreateThreadAsync(name, codex.WorkDirectory, Token)] = name;
        }

        await using var backend = new CodexBackend(codex.Home);

        var sessions = await backend.ListSessionsAsync(Token);

        Assert.Equal(ids.Keys.Order(), sessions.Select(s => s.Id).Order());
        Assert.All(sessions, s => Assert.Equal(ids[s.Id], s.Name));
        Assert.All(sessions, s => Assert.Equal(SessionState.Idle, s.State));
        Assert.Equal("worker-07", (await backend.ResolveAsync("worker-07", Token)).Name);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task StartTurnAsync_IdleThread_ModelReceivesTextAndReplyComesBack()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        await backend.WaitUntilIdleAsync(id, onBusy: null, Token);
        var turnId = await backend.StartTurnAsync(id, new OutgoingMessage("msg_test1", "Training finished. Read logs/train.log"), Token);
        var outcome = await backend.WaitForTurnEndAsync(id, turnId, Token);

        Assert.Equal(MessageStatus.Completed, outcome.Status);
        Assert.Contains("Training finished. Read logs/train.log", outcome.Reply, StringComparison.Ordinal);
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "Training finished. Read logs/train.log");

        // Codex keeps our message id on the user item, which is how a message in doubt is recognised later.
        var turns = await user.ListTurnsAsync(id, Token);
        var turn = Assert.Single(turns, t => t.GetProperty("id").GetString() == turnId);
        Assert.Contains("msg_test1", turn.GetRawText(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task WaitForTurnEndAsync_TurnEndedBeforeBatonSubscribed_ReadsTheEndFromHistory()
    {
        // A restarted daemon finds the turn that carries a message in doubt and follows it. When that turn ended
        // before the new daemon subscribed, no turn/completed will come: the end must be read from the history.
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        var turnId = await user.StartTurnAsync(id, "ended before anyone listened", Token);
        var turns = await EventuallyAsync(() => user.ListTurnsAsync(id, Token), ts => ts.Any(t => t.GetProperty("id").GetString() == turnId && t.GetProperty("status").GetString() == "completed"));
        Assert.Contains(turns, t => t.GetProperty("id").GetString() == turnId && t.GetProperty("status").GetString() == "completed");
        await using var backend = new CodexBackend(codex.Home);
        await backend.WaitUntilIdleAsync(id, onBusy: null, Token);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        var outcome = await backend.WaitForTurnEndAsync(id, turnId, wait.Token);

        Assert.Equal(MessageStatus.Completed, outcome.Status);
        Assert.Contains("ended before anyone listened", outcome.Reply, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task WaitForTurnEndAsync_ModelFails_ReportsFailedWithError()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);

        var turnId = await backend.StartTurnAsync(id, new OutgoingMessage("msg_fail", "please FAIL now"), Token);
        var outcome = await backend.WaitForTurnEndAsync(id, turnId, Token);

        Assert.Equal(MessageStatus.Failed, outcome.Status);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task WaitForTurnEndAsync_AppServerRestartedMidTurn_EndsInsteadOfWaitingForever()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await using var backend = new CodexBackend(codex.Home);
        await backend.WaitUntilIdleAsync(id, onBusy: null, Token);
        var turnId = await backend.StartTurnAsync(id, new OutgoingMessage("msg_restart1", "a long one SLOW=60"), Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "a long one SLOW=60", Token);

        await codex.StopAppServerAsync();
        await codex.StartAppServerAsync(Token);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
        wait.CancelAfter(TimeSpan.FromSeconds(40));
        var outcome = await backend.WaitForTurnEndAsync(id, turnId, wait.Token);

        // The turn died with the server that ran it; its end is read from the history the new server loads.
        Assert.Contains(outcome.Status, new[] { MessageStatus.Interrupted, MessageStatus.Failed });
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ListSessionsAsync_ThreadsOfAnEarlierServer_AreStored()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        var id = await SaveNamedThreadThenRestartAsync(codex, "old");
        await using var backend = new CodexBackend(codex.Home);

        var sessions = await backend.ListSessionsAsync(Token);

        var old = Assert.Single(sessions, s => s.Id == id);
        Assert.Equal("old", old.Name);
        Assert.Equal(SessionState.Stored, old.State);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameOfAThreadOfAnEarlierServer_FindsItStored()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        var id = await SaveNamedThreadThenRestartAsync(codex, "old");
        await using var backend = new CodexBackend(codex.Home);

        var found = await backend.ResolveAsync("old", Token);

        Assert.Equal(id, found.Id);
        Assert.Equal(SessionState.Stored, found.State);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameOfTwoSavedThreadsOfAnEarlierServer_ThrowsAmbiguousListingBoth()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        var ids = await SaveNamedThreadsThenRestartAsync(codex, ["twin", "twin"]);
        await using var backend = new CodexBackend(codex.Home);

        var error = await Assert.ThrowsAsync<AmbiguousSessionException>(() => backend.ResolveAsync("twin", Token));

        Assert.Equal(ids.Order(), error.Candidates.Select(c => c.Id).Order());
        Assert.All(error.Candidates, c => Assert.Equal(SessionState.Stored, c.State));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NameOfASavedThreadMissingFromCodexsIndex_StillFindsIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        var id = await SaveNamedThreadThenRestartAsync(codex, "unindexed", dropFromIndex: true);
        await using var backend = new CodexBackend(codex.Home);

        var found = await backend.ResolveAsync("unindexed", Token);

        Assert.Equal(id, found.Id);
        Assert.Equal("unindexed", found.Name);
    }

    private static async Task<string> SaveNamedThreadThenRestartAsync(CodexTestEnvironment codex, string name, bool dropFromIndex = false) =>
        Assert.Single(await SaveNamedThreadsThenRestartAsync(codex, [name], dropFromIndex));

    /// <summary>
    /// Threads written to disk by their first turns, with the app-server restarted so none is loaded. With
    /// <paramref name="dropFromIndex"/>, their rows in Codex's state database (the index a title search reads) are
    /// deleted while the app-server is down, as for rollouts the index never took in; only a scan of the rollouts finds
    /// them then.
    /// </summary>
    private static async Task<string[]> SaveNamedThreadsThenRestartAsync(CodexTestEnvironment codex, string[] names, bool dropFromIndex = false)
    {
        var ids = new string[names.Length];
        await using (var user = await codex.ConnectUserAsync(Token))
        {
            for (var i = 0; i < names.Length; i++)
            {
                ids[i] = await user.CreateThreadAsync(names[i], codex.WorkDirectory, Token);
                var words = $"first words {i}";
                await user.StartTurnAsync(ids[i], words, Token);
                await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == words, Token);
            }

            await Task.Delay(500, Token);
        }

        await codex.StopAppServerAsync();
        if (dropFromIndex)
        {
            var stateDatabase = Assert.Single(Directory.GetFiles(codex.Home.Path, "state_*.sqlite"));
            await using var connection = new SqliteConnection($"Data Source={stateDatabase};Pooling=False");
            await connection.OpenAsync(Token);
            foreach (var id in ids)
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM threads WHERE id = $id";
                delete.Parameters.AddWithValue("$id", id);
                Assert.Equal(1, await delete.ExecuteNonQueryAsync(Token));
            }
        }

        await codex.StartAppServerAsync(Token);
        return ids;
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ResolveAsync_NoAppServer_ThrowsUnreachableSayingHowToStartIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, startAppServer: false);
        await using var backend = new CodexBackend(codex.Home);

        var error = await Assert.ThrowsAsync<AgentUnreachableException>(() => backend.ResolveAsync("coder", Token));

        Assert.Contains("codex app-server daemon start", error.Message, StringComparison.Ordinal);
        Assert.Contains(codex.Home.Path, error.Message, StringComparison.Ordinal);
    }
}
