using System.Globalization;
using System.Text.Json;
using Baton.Core.Audit;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary><c>baton log</c> against the real daemon and Codex: every inject, accepted or refused, with who sent it.</summary>
public sealed class AuditLogTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task LogJson_AcceptedAndRefusedInjects_EachWithHookUidAndPidOfItsCaller()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var good = await baton.RunAsync(Token, "inject", "coder", "--text", "triage the red build", "--hook-name", "ci-triage", "--idempotency-key", "build-1", "--wait", "--json");
        var missing = await baton.RunAsync(Token, "inject", "ghost", "--text", "anyone there?", "--hook-name", "ci-triage");
        var conflict = await baton.RunAsync(Token, "inject", "coder", "--text", "another text", "--hook-name", "ci-triage", "--idempotency-key", "build-1");
        var dry = await baton.RunAsync(Token, "inject", "coder", "--text", "just a plan", "--hook-name", "planner", "--dry-run");
        var log = await baton.RunAsync(Token, "log", "--json");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(3, missing.ExitCode);
        Assert.Equal(6, conflict.ExitCode);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(log.ExitCode == 0, log.ToString());
        var entries = Entries(log.StdOut);
        Assert.Equal(4, entries.Count);

        // Newest first: the dry run, the conflict, the unknown session, the accepted inject.
        var (dryEntry, conflictEntry, missingEntry, goodEntry) = (entries[0], entries[1], entries[2], entries[3]);
        Assert.Equal(("inject", "completed", "ci-triage"), (goodEntry.Str("action"), goodEntry.Str("outcome"), goodEntry.Str("hookName")));
        Assert.Equal(JsonOutput.Single(good.StdOut).Str("messageId"), goodEntry.Str("messageId"));
        Assert.Equal(JsonOutput.Single(good.StdOut).GetProperty("session").Str("id"), goodEntry.Str("sessionId"));
        Assert.Equal("build-1", goodEntry.Str("idempotencyKey"));
        Assert.Equal(("session_not_found", "ghost", "ci-triage"), (missingEntry.Str("outcome"), missingEntry.Str("session"), missingEntry.Str("hookName")));
        Assert.Contains("ghost", missingEntry.Str("errorMessage"), StringComparison.Ordinal);
        Assert.Equal(("idempotency_conflict", "ci-triage"), (conflictEntry.Str("outcome"), conflictEntry.Str("hookName")));
        Assert.Equal(("inject.dry-run", "dry-run", "planner"), (dryEntry.Str("action"), dryEntry.Str("outcome"), dryEntry.Str("hookName")));
        var uid = CurrentUid();
        Assert.All(entries, e => Assert.Equal(uid, e.GetProperty("callerUid").GetInt32()));
        Assert.Equal(
            [dry.Pid, conflict.Pid, missing.Pid, good.Pid],
            entries.Select(e => e.GetProperty("callerPid").GetInt32()));

        // The dry run and the refused calls delivered nothing.
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == "triage the red build");
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage is "another text" or "just a plan");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Log_SessionHookAndSinceFilters_SelectTheMatchingEntries()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var start = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(start.ExitCode == 0, start.ToString());

        var first = await baton.RunAsync(Token, "inject", "coder", "--text", "first", "--hook-name", "ci-triage", "--dry-run");
        await baton.RunAsync(Token, "inject", "ghost", "--text", "second", "--hook-name", "trainer");
        var third = await baton.RunAsync(Token, "inject", "coder", "--text", "third", "--hook-name", "trainer", "--dry-run");
        Assert.True(first.ExitCode == 0 && third.ExitCode == 0, first + "\n" + third);
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var bySession = Entries((await baton.RunAsync(Token, "log", "--session", "ghost", "--json")).StdOut);
        var byHook = Entries((await baton.RunAsync(Token, "log", "--hook-name", "trainer", "--json")).StdOut);
        var bySessionAndHook = Entries((await baton.RunAsync(Token, "log", "--session", "coder", "--hook-name", "trainer", "--json")).StdOut);
        var lastHour = Entries((await baton.RunAsync(Token, "log", "--since", "1h", "--json")).StdOut);
        var future = Entries((await baton.RunAsync(Token, "log", "--since", later, "--json")).StdOut);
        var limited = Entries((await baton.RunAsync(Token, "log", "--limit", "1", "--json")).StdOut);
        var table = await baton.RunAsync(Token, "log", "--hook-name", "ci-triage");

        Assert.Equal(["session_not_found"], bySession.Select(e => e.Str("outcome")));
        Assert.Equal(["coder", "ghost"], byHook.Select(e => e.Str("session")));
        Assert.Equal([third.Pid], bySessionAndHook.Select(e => e.GetProperty("callerPid").GetInt32()));
        Assert.Equal(3, lastHour.Count);
        Assert.Empty(future);
        Assert.Equal([third.Pid], limited.Select(e => e.GetProperty("callerPid").GetInt32()));
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("TIME", lines[0], StringComparison.Ordinal);
        Assert.Contains($"uid {CurrentUid()} pid {first.Pid}", lines[1], StringComparison.Ordinal);
        Assert.Contains("inject.dry-run", lines[1], StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Log_BadSince_ExitsTwoWithoutAskingTheDaemon()
    {
        using var baton = new BatonTestHome();

        var result = await baton.RunAsync(Token, "log", "--since", "last tuesday");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Invalid --since value 'last tuesday'", result.StdErr, StringComparison.Ordinal);
        Assert.Null(baton.DaemonPid());
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Log_FloodOfBadTokensOnTheSocket_TenRowsWithTheCallerThenOneThatCountsTheRest()
    {
        using var baton = new BatonTestHome();
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "start")).ExitCode);
        var unknownToken = RawHttp.Request("GET", "/v1/sessions", extraHeaders: [$"Authorization: Bearer baton_tok_{new string('a', 16)}_{new string('A', 43)}"]);

        for (var i = 0; i < RefusalLogThrottle.Burst + 5; i++)
        {
            var refused = await RawHttp.SendAsync(baton.SocketPath, unknownToken, Token);
            Assert.Equal(401, refused.Status);
        }

        // The five past the burst are only counted; once a row is due again (one every 10 s) the daemon writes
        // their count on its own, without waiting for another refusal.
        List<JsonElement> refusals = [];
        var deadline = DateTime.UtcNow + RefusalLogThrottle.Interval * 3;
        while (refusals.Count <= RefusalLogThrottle.Burst && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Token);
            var log = await baton.RunAsync(Token, "log", "--json");
            Assert.True(log.ExitCode == 0, log.ToString());
            refusals = [.. Entries(log.StdOut).Where(e => e.Str("action") == "authenticate")];
        }

        Assert.Equal(RefusalLogThrottle.Burst + 1, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(("refused", "unauthorized"), (e.Str("outcome"), e.Str("errorCode"))));
        var count = refusals[0];
        Assert.Contains("5 refusals like this were only counted", count.Str("errorMessage"), StringComparison.Ordinal);
        Assert.False(count.TryGetProperty("callerUid", out _), "the count stands for many callers");
        Assert.All(refusals.Skip(1), e =>
        {
            Assert.StartsWith("GET /v1/sessions: Unknown token", e.Str("errorMessage"), StringComparison.Ordinal);
            Assert.Equal(CurrentUid(), e.GetProperty("callerUid").GetInt32());
        });
    }

    internal static List<JsonElement> Entries(string stdout) =>
        [.. JsonOutput.Single(stdout).GetProperty("entries").EnumerateArray()];

    /// <summary>The test's own uid, as the kernel reports it: the daemon it starts runs as this user too.</summary>
    internal static int CurrentUid()
    {
        var line = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }
}
