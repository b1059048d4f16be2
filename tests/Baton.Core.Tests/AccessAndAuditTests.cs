using Baton.Core.Audit;
using Baton.Core.Errors;
using Baton.Core.Security;
using Baton.Core.Tests.Audit;
using Baton.Protocol;
using Microsoft.Extensions.Logging;
using Baton.Tests.Infrastructure;

namespace Baton.Core.Tests;

/// <summary>Who may inject and read, and that every inject lands in the audit log however it ends.</summary>
public sealed class AccessAndAuditTests
{
    private static readonly CallerIdentity Stranger = new() { Uid = 65534, Pid = 999, IsOwner = false };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static CallerIdentity TokenHolder(string sessionId, TokenScope scope) => Stranger with
    {
        Token = new TokenGrant { TokenId = "tok_1", SessionId = sessionId, Scope = scope },
    };

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_Accepted_StoresCallerWithMessageAndAuditsIt()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        var receipt = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "hi", HookName = "ci-triage", IdempotencyKey = "k1" }, DeliveryHarness.Owner, Token);

        var stored = await harness.Store.GetAsync(receipt.MessageId, Token);
        Assert.Equal(1000, stored!.CallerUid);
        Assert.Equal(4242, stored.CallerPid);
        var entry = Assert.Single(await harness.AuditLog.QueryAsync(new AuditQuery(), Token));
        Assert.Equal(AuditActions.Inject, entry.Action);
        Assert.Equal((1000, 4242), (entry.CallerUid, entry.CallerPid));
        Assert.Equal(("coder", "t1", "codex"), (entry.Session, entry.SessionId, entry.Agent));
        Assert.Equal(("queue", "ci-triage", "k1"), (entry.Mode, entry.HookName, entry.IdempotencyKey));
        Assert.Equal(receipt.MessageId, entry.MessageId);
        Assert.Equal("delivered", entry.Outcome);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_Stranger_RefusedBeforeLookupNothingSentAndAudited()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        var error = await Assert.ThrowsAsync<RefusedException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = "let me in" }, Stranger, Token));

        Assert.Contains("uid 65534", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Agent.Started);
        Assert.Empty(await harness.Store.ListUnfinishedAsync(Token));
        var entry = Assert.Single(await harness.AuditLog.QueryAsync(new AuditQuery(), Token));
        Assert.Equal((AuditOutcomes.Refused, ErrorCodes.Refused), (entry.Outcome, entry.ErrorCode));
        Assert.Equal((65534, 999), (entry.CallerUid, entry.CallerPid));
        Assert.Equal(error.Message, entry.ErrorMessage);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_StrangerToMissingSession_RefusedNotNotFound()
    {
        await using var harness = await DeliveryHarness.StartAsync();

        // A stranger must not learn which sessions exist.
        await Assert.ThrowsAsync<RefusedException>(() => harness.Service.InjectAsync("ghost", new InjectRequest { Text = "x" }, Stranger, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_TokenForAnotherSession_RefusedWithResolvedIdAudited()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        harness.Agent.AddSession("t2", "reviewer", SessionState.Idle);

        await Assert.ThrowsAsync<RefusedException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = "x" }, TokenHolder("t2", TokenScope.Inject), Token));
        var readOnly = await Assert.ThrowsAsync<RefusedException>(() => harness.Service.InjectAsync("reviewer", new InjectRequest { Text = "x" }, TokenHolder("t2", TokenScope.Read), Token));
        var allowed = await harness.Service.InjectAsync("reviewer", new InjectRequest { Text = "ok" }, TokenHolder("t2", TokenScope.Inject), Token);

        Assert.Equal("t2", allowed.Session.Id);
        Assert.Contains("reviewer", readOnly.Message, StringComparison.Ordinal);
        var entries = await harness.AuditLog.QueryAsync(new AuditQuery(), Token);
        Assert.Equal(["delivered", AuditOutcomes.Refused, AuditOutcomes.Refused], entries.Select(e => e.Outcome));
        Assert.Equal(["t2", "t2", "t1"], entries.Select(e => e.SessionId));
        Assert.All(entries, e => Assert.Equal("tok_1", e.TokenId));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_ErrorsDryRunsAndReplays_AreEachAudited()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        harness.Agent.AddSession("t9", "archive", SessionState.Stored);
        var owner = DeliveryHarness.Owner;

        await harness.Service.InjectAsync("coder", new InjectRequest { Text = "one", IdempotencyKey = "k" }, owner, Token);
        await harness.Service.InjectAsync("coder", new InjectRequest { Text = "one", IdempotencyKey = "k" }, owner, Token);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = "two", IdempotencyKey = "k" }, owner, Token));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => harness.Service.InjectAsync("ghost", new InjectRequest { Text = "x" }, owner, Token));
        await Assert.ThrowsAsync<SessionNotLiveException>(() => harness.Service.InjectAsync("archive", new InjectRequest { Text = "x" }, owner, Token));
        await Assert.ThrowsAsync<InvalidRequestException>(() => harness.Service.InjectAsync("coder", new InjectRequest { Text = " " }, owner, Token));
        var dry = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "plan", DryRun = true }, owner, Token);

        var entries = (await harness.AuditLog.QueryAsync(new AuditQuery(), Token)).Reverse().ToList();
        Assert.Equal(
            ["delivered", "replayed", ErrorCodes.IdempotencyConflict, ErrorCodes.SessionNotFound, ErrorCodes.SessionNotLive, ErrorCodes.InvalidText, "dry-run"],
            entries.Select(e => e.Outcome));
        Assert.Equal(AuditActions.InjectDryRun, entries[^1].Action);
        Assert.Equal(dry.MessageId, entries[^1].MessageId);
        Assert.Equal("t9", entries[4].SessionId);

        // The dry run stored nothing but its audit entry.
        Assert.Null(await harness.Store.GetAsync(dry.MessageId, Token));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Reads_TokenHolderSeesOnlyItsSessionAndStrangerIsRefusedAndAudited()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        harness.Agent.AddSession("t2", "reviewer", SessionState.Idle);
        var reader = TokenHolder("t2", TokenScope.Read);

        var listed = await harness.Service.ListSessionsAsync(reader, Token);
        var own = await harness.Service.GetSessionAsync("reviewer", reader, Token);
        await Assert.ThrowsAsync<RefusedException>(() => harness.Service.GetSessionAsync("coder", reader, Token));
        await Assert.ThrowsAsync<RefusedException>(() => harness.Service.ListSessionsAsync(Stranger, Token));
        await Assert.ThrowsAsync<RefusedException>(() => harness.Service.GetMessageAsync("msg_x", wait: false, timeout: null, Stranger, Token));

        Assert.Equal(["t2"], listed.Sessions.Select(s => s.Id));
        Assert.Equal("t2", own.Session.Id);
        var entries = await harness.AuditLog.QueryAsync(new AuditQuery(), Token);
        Assert.Equal([AuditActions.ReadMessage, AuditActions.ListSessions, AuditActions.ShowSession], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AuditOutcomes.Refused, e.Outcome));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_AuditWriteStillPending_AnswersWithoutWaitingAndTheEntryLandsAfter()
    {
        GatedAuditLog? gated = null;
        await using var harness = await DeliveryHarness.StartAsync(recorder: log => new AuditRecorder(gated = new GatedAuditLog(log)));
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);

        // The turn keeps running: a turn that ended at once could make the answer say completed.
        harness.Agent.AutoComplete = false;

        var inject = harness.Service.InjectAsync("coder", new InjectRequest { Text = "hi", HookName = "ci-triage" }, DeliveryHarness.Owner, Token);
        var answered = await Task.WhenAny(inject, Task.Delay(TimeSpan.FromSeconds(10), Token)) == inject;
        gated!.Open();

        Assert.True(answered, "the inject's answer waited for its audit entry to be written");
        var receipt = await inject;
        Assert.Equal(MessageStatus.Delivered, receipt.Status);
        await WaitForAsync(async () => (await harness.AuditLog.QueryAsync(new AuditQuery(), Token)).Count == 1);
        var entry = Assert.Single(await harness.AuditLog.QueryAsync(new AuditQuery(), Token));
        Assert.Equal((receipt.MessageId, "delivered", "ci-triage"), (entry.MessageId, entry.Outcome, entry.HookName));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task InjectAsync_AuditWriteFails_StillAnswersAndReportsTheFailureInTheDaemonLog()
    {
        var logger = new RecordingLogger<AuditRecorder>();
        var gated = (GatedAuditLog?)null;
        await using var harness = await DeliveryHarness.StartAsync(recorder: log =>
            new AuditRecorder(gated = new GatedAuditLog(log) { Failure = new IOException("disk full") }, logger: logger));
        harness.Agent.AddSession("t1", "coder", SessionState.Idle);
        harness.Agent.AutoComplete = false;
        gated!.Open();

        var receipt = await harness.Service.InjectAsync("coder", new InjectRequest { Text = "hi" }, DeliveryHarness.Owner, Token);

        Assert.Equal(MessageStatus.Delivered, receipt.Status);
        Assert.NotNull(await harness.Store.GetAsync(receipt.MessageId, Token));
        await WaitForAsync(() => Task.FromResult(logger.Entries.Count > 0));
        var (level, message, exception) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(receipt.MessageId, message, StringComparison.Ordinal);
        Assert.IsType<IOException>(exception);
        Assert.Empty(await harness.AuditLog.QueryAsync(new AuditQuery(), Token));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
            await Task.Delay(20, Token);
        }
    }
}
