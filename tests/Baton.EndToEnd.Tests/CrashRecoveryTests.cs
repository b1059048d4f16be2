using System.Collections.Concurrent;
using Baton.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// A user who gets exit 0 can bet on delivery, and a retry never makes the agent do the work twice: injects from
/// parallel clients while the daemon is killed with SIGKILL, then started again (by the next CLI call); and the
/// status changes a power cut may take (they are written without waiting for the disk) are read back from Codex.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Injects = 200;
    private const int Clients = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = 600_000)]
    public async Task Burst_DaemonKilledTwice_EveryAcknowledgedMessageArrivesExactlyOnce()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        string[] sessions = ["alpha", "beta", "gamma", "delta"];
        foreach (var name in sessions)
        {
            await user.CreateThreadAsync(name, codex.WorkDirectory, Token);
        }

        using var baton = new BatonTestHome(codex.Home.Path);
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "start")).ExitCode);
        var acknowledged = new ConcurrentDictionary<string, string>();
        var started = 0;
        var killed = new List<int>();

        async Task ClientAsync(int client)
        {
            for (var i = client; i < Injects; i += Clients)
            {
                Interlocked.Increment(ref started);
                var text = $"burst message {i:D3}";
                var result = await baton.RunAsync(Token, "inject", sessions[i % sessions.Length], "--text", text, "--json");
                if (result.ExitCode == 0)
                {
                    acknowledged[text] = JsonOutput.Single(result.StdOut).Str("messageId");
                }
            }
        }

        async Task KillerAsync()
        {
            // Once early in the burst, once in the middle: some calls are mid-request, some queued, some in a turn.
            foreach (var when in new[] { Injects / 5, Injects / 2 })
            {
                while (Volatile.Read(ref started) < when)
                {
                    await Task.Delay(10, Token);
                }

                int? pid;
                while ((pid = baton.DaemonPid()) is null || killed.Contains(pid.Value))
                {
                    await Task.Delay(10, Token);
                }

                System.Diagnostics.Process.GetProcessById(pid.Value).Kill();
                killed.Add(pid.Value);
                await ProcessState.WaitUntilGoneAsync(pid.Value, Token);
            }
        }

        await Task.WhenAll([.. Enumerable.Range(0, Clients).Select(ClientAsync), KillerAsync()]);
        Assert.Equal(2, killed.Count);

        // Most calls must have succeeded (the CLI retries through the restart); every success must arrive once.
        Assert.True(acknowledged.Count >= Injects * 9 / 10, $"only {acknowledged.Count} of {Injects} injects exited 0");
        foreach (var (text, messageId) in acknowledged)
        {
            var done = await baton.RunAsync(Token, "message", messageId, "--wait", "--timeout", "120s", "--json");
            Assert.True(done.ExitCode == 0, $"{text}: {done}");
        }

        var arrivals = codex.Model.Requests.Where(r => r.LastUserMessage?.StartsWith("burst message", StringComparison.Ordinal) == true)
            .GroupBy(r => r.LastUserMessage!)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(acknowledged.Keys, text => Assert.True(arrivals.GetValueOrDefault(text) == 1, $"'{text}' arrived {arrivals.GetValueOrDefault(text)} times"));
        Assert.All(arrivals, pair => Assert.True(pair.Value == 1, $"'{pair.Key}' arrived {pair.Value} times"));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task CodexAppServerRestartedWhileMessagesQueued_AllDeliveredOnceInOrder()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        string threadId;
        using var baton = new BatonTestHome(codex.Home.Path);
        var ids = new List<string>();
        await using (var user = await codex.ConnectUserAsync(Token))
        {
            threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
            await user.StartTurnAsync(threadId, "long job SLOW=30", Token);
            await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=30", Token);
            foreach (var text in new[] { "after restart one", "after restart two", "after restart three" })
            {
                var receipt = JsonOutput.Single((await baton.RunAsync(Token, "inject", "coder", "--text", text, "--json")).StdOut);
                Assert.Equal("queued", receipt.Str("status"));
                ids.Add(receipt.Str("messageId"));
            }
        }

        // Codex goes away with a turn running and three messages waiting, then comes back.
        await codex.StopAppServerAsync();
        await Task.Delay(2000, Token);
        await codex.StartAppServerAsync(Token);

        foreach (var id in ids)
        {
            var done = await baton.RunAsync(Token, "message", id, "--wait", "--timeout", "60s", "--json");
            Assert.True(done.ExitCode == 0, done.ToString());
        }

        var numbers = new[] { "after restart one", "after restart two", "after restart three" }
            .Select(text => Assert.Single(codex.Model.Requests, r => r.LastUserMessage == text).Number)
            .ToList();
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task StatusChangesLostToAPowerCut_RestartedDaemonFindsTheTurnInCodexAndSendsNothingAgain()
    {
        const string text = "sent once across a power cut";
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using (var user = await codex.ConnectUserAsync(Token))
        {
            await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        }

        using var baton = new BatonTestHome(codex.Home.Path);
        var first = JsonOutput.Single((await baton.RunAsync(Token, "inject", "coder", "--text", text, "--wait", "--json")).StdOut);
        Assert.Equal("completed", first.Str("status"));
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "stop")).ExitCode);

        // What a power cut can leave behind: the accepted message (fsynced) without its delivered and completed
        // status (committed without waiting for the disk).
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(baton.Path, "baton.db")};Pooling=False"))
        {
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE messages SET status='queued', turn_id=NULL, reply=NULL, delivered_at=NULL, completed_at=NULL WHERE id=$id";
            command.Parameters.AddWithValue("$id", first.Str("messageId"));
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Token));
        }

        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "start")).ExitCode);
        var recovered = await baton.RunAsync(Token, "message", first.Str("messageId"), "--wait", "--timeout", "60s", "--json");

        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        var receipt = JsonOutput.Single(recovered.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.Equal(first.Str("turnId"), receipt.Str("turnId"));
        Assert.Equal(first.Str("reply"), receipt.Str("reply"));
        Assert.Single(codex.Model.Requests, r => r.LastUserMessage == text);
    }
}
