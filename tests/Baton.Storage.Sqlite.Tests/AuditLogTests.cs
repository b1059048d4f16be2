using Baton.Core.Audit;
using Baton.Tests.Infrastructure;

namespace Baton.Storage.Sqlite.Tests;

public sealed class AuditLogTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static AuditEntry Entry(string session = "coder", string? hook = null, DateTimeOffset? at = null, string outcome = "delivered") => new()
    {
        At = at ?? Start,
        Action = AuditActions.Inject,
        Session = session,
        HookName = hook,
        Outcome = outcome,
    };

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RecordAsync_EveryFieldSet_QueryReturnsItEqualWithItsId()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        var entry = new AuditEntry
        {
            At = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(5.5)),
            Action = AuditActions.InjectDryRun,
            CallerUid = 65534,
            CallerPid = 4242,
            TokenId = "tok_abc",
            Session = "coder",
            SessionId = "019a0000-0000-7000-8000-000000000001",
            Agent = "codex",
            Mode = "steer",
            HookName = "ci-triage",
            FromSession = "019a0000-0000-7000-8000-000000000002",
            IdempotencyKey = "build-1234",
            MessageId = "msg_1",
            Outcome = AuditOutcomes.Refused,
            ErrorCode = "refused",
            ErrorMessage = "uid 65534 may not inject into session 'coder'.",
        };

        var written = await log.RecordAsync(entry, Token);

        Assert.True(written.Id > 0);
        Assert.Equal(entry with { Id = written.Id }, Assert.Single(await log.QueryAsync(new AuditQuery(), Token)));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RecordAsync_OptionalFieldsNull_ComeBackNull()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        var entry = new AuditEntry { At = Start, Action = AuditActions.Shutdown, Outcome = AuditOutcomes.Refused };

        var written = await log.RecordAsync(entry, Token);

        Assert.Equal(entry with { Id = written.Id }, Assert.Single(await log.QueryAsync(new AuditQuery(), Token)));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task QueryAsync_NewestFirstUpToTheLimit_EvenWithinOneMillisecond()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        foreach (var outcome in new[] { "first", "second", "third" })
        {
            await log.RecordAsync(Entry(outcome: outcome), Token);
        }

        var all = await log.QueryAsync(new AuditQuery(), Token);
        var two = await log.QueryAsync(new AuditQuery { Limit = 2 }, Token);

        Assert.Equal(["third", "second", "first"], all.Select(e => e.Outcome));
        Assert.Equal(["third", "second"], two.Select(e => e.Outcome));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task QueryAsync_Session_MatchesTheNameGivenOrTheResolvedId()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        await log.RecordAsync(Entry(session: "coder") with { SessionId = "id-1", Outcome = "by-name" }, Token);
        await log.RecordAsync(Entry(session: "id-1") with { SessionId = "id-1", Outcome = "by-id" }, Token);
        await log.RecordAsync(Entry(session: "reviewer") with { SessionId = "id-2", Outcome = "other" }, Token);

        var byName = await log.QueryAsync(new AuditQuery { Session = "coder" }, Token);
        var byId = await log.QueryAsync(new AuditQuery { Session = "id-1" }, Token);

        Assert.Equal(["by-name"], byName.Select(e => e.Outcome));
        Assert.Equal(["by-id", "by-name"], byId.Select(e => e.Outcome));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task QueryAsync_HookNameAndSince_BothMustMatch()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);
        await log.RecordAsync(Entry(hook: "ci-triage", at: Start, outcome: "old-ci"), Token);
        await log.RecordAsync(Entry(hook: "ci-triage", at: Start.AddHours(1), outcome: "new-ci"), Token);
        await log.RecordAsync(Entry(hook: "trainer", at: Start.AddHours(1), outcome: "new-trainer"), Token);
        await log.RecordAsync(Entry(hook: null, at: Start.AddHours(2), outcome: "no-hook"), Token);

        var ci = await log.QueryAsync(new AuditQuery { HookName = "ci-triage" }, Token);
        var recentCi = await log.QueryAsync(new AuditQuery { HookName = "ci-triage", Since = Start.AddMinutes(30) }, Token);
        var sinceExact = await log.QueryAsync(new AuditQuery { Since = Start.AddHours(1) }, Token);

        Assert.Equal(["new-ci", "old-ci"], ci.Select(e => e.Outcome));
        Assert.Equal(["new-ci"], recentCi.Select(e => e.Outcome));
        Assert.Equal(["no-hook", "new-trainer", "new-ci"], sinceExact.Select(e => e.Outcome));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RecordAsync_StoreReopened_EntriesAreStillThere()
    {
        await using var test = await TestStore.OpenAsync();
        await new SqliteAuditLog(test.Store).RecordAsync(Entry(outcome: "kept"), Token);

        await test.ReopenAsync();

        Assert.Equal("kept", Assert.Single(await new SqliteAuditLog(test.Store).QueryAsync(new AuditQuery(), Token)).Outcome);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task QueryAsync_LimitBelowOne_ThrowsArgumentOutOfRange()
    {
        await using var test = await TestStore.OpenAsync();
        var log = new SqliteAuditLog(test.Store);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.QueryAsync(new AuditQuery { Limit = 0 }, Token));
    }
}
