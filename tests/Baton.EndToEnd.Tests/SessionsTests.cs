using System.Text.Json;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

public sealed class SessionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Sessions_Json_ListsThreadsWithNameIdAndState()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);

        // A thread from an earlier app-server that is not loaded now: stored.
        string storedId;
        await using (var earlier = await codex.ConnectUserAsync(Token))
        {
            storedId = await earlier.CreateThreadAsync("archivist", codex.WorkDirectory, Token);
            await earlier.StartTurnAsync(storedId, "remember this", Token);
            await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "remember this", Token);
            await Task.Delay(500, Token);
        }

        await codex.StopAppServerAsync();
        await codex.StartAppServerAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var idleId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        var runningId = await user.CreateThreadAsync("trainer", codex.WorkDirectory, Token);
        await user.StartTurnAsync(runningId, "long job SLOW=20", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=20", Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var result = await baton.RunAsync(Token, "sessions", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sessions = JsonOutput.Single(result.StdOut).GetProperty("sessions").EnumerateArray().ToList();
        AssertSession(sessions, idleId, "coder", "idle");
        AssertSession(sessions, runningId, "trainer", "running");
        AssertSession(sessions, storedId, "archivist", "stored");

        var table = await baton.RunAsync(Token, "sessions");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("trainer", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("running", table.StdOut, StringComparison.Ordinal);
    }

    private static void AssertSession(List<JsonElement> sessions, string id, string name, string state)
    {
        var session = Assert.Single(sessions, s => s.Str("id") == id);
        Assert.Equal(name, session.Str("name"));
        Assert.Equal(state, session.Str("state"));
        Assert.Equal("codex", session.Str("agent"));
    }
}
