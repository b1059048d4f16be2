using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary><c>--dry-run</c> on each case of the contract's tables: the plan, the real call's exit code, and no change at all.</summary>
public sealed class DryRunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task DryRun_EveryCase_ReportsPlanAndExitCodeAndChangesNothing()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);

        // A stored session from an earlier app-server, then a live idle one and a live running one.
        string storedId;
        await using (var earlier = await codex.ConnectUserAsync(Token))
        {
            storedId = await earlier.CreateThreadAsync("archivist", codex.WorkDirectory, Token);
            await earlier.StartTurnAsync(storedId, "old words", Token);
            await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "old words", Token);
            await Task.Delay(500, Token);
        }

        await codex.StopAppServerAsync();
        await codex.StartAppServerAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        var trainerId = await user.CreateThreadAsync("trainer", codex.WorkDirectory, Token);
        await user.StartTurnAsync(trainerId, "long job SLOW=90", Token);
        await codex.Model.WaitForRequestAsync(r => r.LastUserMessage == "long job SLOW=90", Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var sessionsBefore = JsonOutput.Single((await baton.RunAsync(Token, "sessions", "--json")).StdOut).GetProperty("sessions").GetArrayLength();
        var requestsBefore = codex.Model.Requests.Count;

        (string[] Args, int Exit, string? Plan)[] cases =
        [
            (["coder"], 0, "start a new turn"),
            (["coder", "--steer"], 0, "start a new turn"),
            (["trainer"], 0, "queue the message as its own turn after the running turn"),
            (["trainer", "--steer"], 0, "add the message to the running turn"),
            (["trainer", "--interrupt"], 0, "interrupt the running turn"),
            (["archivist"], 4, null),
            (["archivist", "--resume"], 0, "load the stored session"),
            (["archivist", "--hold"], 0, "hold the message"),
            (["archivist", "--if-running"], 0, "skip"),
            (["nobody"], 3, null),
            (["nobody", "--if-running"], 0, "skip"),
            (["nobody", "--create-if-missing", "--cwd", codex.WorkDirectory], 0, "create a session named 'nobody'"),
        ];

        foreach (var (args, exit, plan) in cases)
        {
            var result = await baton.RunAsync(["inject", .. args, "--text", "dry", "--dry-run", "--json"], Token);

            Assert.True(result.ExitCode == exit, $"{string.Join(' ', args)}: {result}");
            if (plan is not null)
            {
                var receipt = JsonOutput.Single(result.StdOut);
                Assert.Equal("dry-run", receipt.Str("status"));
                Assert.Contains(plan, receipt.Str("plan"), StringComparison.Ordinal);
            }
        }

        // Nothing changed: no message kept, no session created, nothing sent to the model.
        foreach (var name in new[] { "coder", "trainer", "archivist" })
        {
            var show = JsonOutput.Single((await baton.RunAsync(Token, "show", name, "--json")).StdOut);
            Assert.Equal(0, show.GetProperty("pending").GetArrayLength());
            Assert.Equal(0, show.GetProperty("recent").GetArrayLength());
        }

        var sessionsAfter = JsonOutput.Single((await baton.RunAsync(Token, "sessions", "--json")).StdOut).GetProperty("sessions").GetArrayLength();
        Assert.Equal(sessionsBefore, sessionsAfter);
        Assert.Equal(requestsBefore, codex.Model.Requests.Count);
        Assert.Equal("running", JsonOutput.Single((await baton.RunAsync(Token, "show", "trainer", "--json")).StdOut).GetProperty("session").Str("state"));
    }
}
