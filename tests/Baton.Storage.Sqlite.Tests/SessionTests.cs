using Baton.Core.Sessions;
using Baton.Protocol;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class SessionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpsertSessionAsync_NewSession_ListedWithEveryField()
    {
        await using var test = await TestStore.OpenAsync();
        var session = new AgentSession("codex", "019a-1", "coder", SessionState.Running, "/home/me/src/app", Samples.Accepted);

        await test.Store.UpsertSessionAsync(session, Token);

        Assert.Equal([session], await test.Store.ListKnownSessionsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpsertSessionAsync_OptionalFieldsNull_ListedWithThemNull()
    {
        await using var test = await TestStore.OpenAsync();
        var session = new AgentSession("codex", "019a-1", null, SessionState.Stored);

        await test.Store.UpsertSessionAsync(session, Token);

        Assert.Equal([session], await test.Store.ListKnownSessionsAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpsertSessionAsync_SameSessionAgain_ReplacesFieldsKeepsFirstSeenAndOneRow()
    {
        var clock = new ManualClock(Samples.Accepted);
        await using var test = await TestStore.OpenAsync(clock);
        await test.Store.UpsertSessionAsync(new AgentSession("codex", "019a-1", "coder", SessionState.Idle, "/a"), Token);
        clock.Now = Samples.Accepted.AddMinutes(5);
        var later = new AgentSession("codex", "019a-1", "renamed", SessionState.Stored, "/b", Samples.Accepted.AddMinutes(4));

        await test.Store.UpsertSessionAsync(later, Token);

        Assert.Equal([later], await test.Store.ListKnownSessionsAsync(Token));
        await using var raw = await test.OpenRawAsync();
        Assert.Equal(Samples.Accepted.ToUnixTimeMilliseconds(), await RawDatabase.ScalarAsync(raw, "SELECT first_seen_at FROM sessions"));
        Assert.Equal(clock.Now.ToUnixTimeMilliseconds(), await RawDatabase.ScalarAsync(raw, "SELECT last_seen_at FROM sessions"));
        Assert.Equal("stored", await RawDatabase.ScalarAsync(raw, "SELECT state FROM sessions"));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task UpsertSessionAsync_SameIdUnderTwoAgents_KeepsBoth()
    {
        await using var test = await TestStore.OpenAsync();

        await test.Store.UpsertSessionAsync(new AgentSession("codex", "same", "a", SessionState.Idle), Token);
        await test.Store.UpsertSessionAsync(new AgentSession("other", "same", "b", SessionState.Idle), Token);

        Assert.Equal(["other", "codex"], (await test.Store.ListKnownSessionsAsync(Token)).Select(s => s.Agent));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListKnownSessionsAsync_ClockAdvancing_MostRecentlySeenFirst()
    {
        var clock = new ManualClock(Samples.Accepted);
        await using var test = await TestStore.OpenAsync(clock);
        foreach (var id in new[] { "a", "b", "c", "a" })
        {
            clock.Now = clock.Now.AddSeconds(1);
            await test.Store.UpsertSessionAsync(new AgentSession("codex", id, id, SessionState.Idle), Token);
        }

        Assert.Equal(["a", "c", "b"], (await test.Store.ListKnownSessionsAsync(Token)).Select(s => s.Id));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListKnownSessionsAsync_ClockFrozenOrSteppingBack_StillMostRecentlySeenFirst()
    {
        // Many sessions are seen within one millisecond, and NTP can step the clock back: neither may reorder them.
        var clock = new ManualClock(Samples.Accepted);
        await using var test = await TestStore.OpenAsync(clock);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await test.Store.UpsertSessionAsync(new AgentSession("codex", id, id, SessionState.Idle), Token);
        }

        clock.Now = Samples.Accepted.AddHours(-1);
        await test.Store.UpsertSessionAsync(new AgentSession("codex", "b", "b", SessionState.Running), Token);

        Assert.Equal(["b", "c", "a"], (await test.Store.ListKnownSessionsAsync(Token)).Select(s => s.Id));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task ListKnownSessionsAsync_NoneSeen_ReturnsEmpty()
    {
        await using var test = await TestStore.OpenAsync();

        Assert.Empty(await test.Store.ListKnownSessionsAsync(Token));
    }
}
