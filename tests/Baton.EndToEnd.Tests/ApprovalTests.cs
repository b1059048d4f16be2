using System.Text.Json;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// A turn Baton started that needs a person's approval (Codex's <c>approval_policy = "on-request"</c>, a command the
/// model wants to run outside the sandbox): Codex asks every client subscribed to the thread. Baton never answers
/// (an error answer from it would count as a refusal and take the question away from the person) and says what the
/// turn waits for.
/// </summary>
public sealed class ApprovalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task InjectWait_CommandNeedsApproval_LeftToThePersonWhoseAnswerLetsTheTurnEnd()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, approvalPolicy: "on-request");
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var file = Path.Combine(codex.WorkDirectory, "approved.txt");
        using var watch = baton.Start("watch", "coder");
        await watch.WaitForLineAsync(l => l.Contains("is idle", StringComparison.Ordinal), Token);

        var inject = baton.RunAsync(Token, "inject", "coder", "--text", $"RUN=echo approved > {file}", "--wait", "--timeout", "60s", "--json");
        var (method, id, parameters) = await user.NextQuestionAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal("item/commandExecution/requestApproval", method);
        Assert.Contains(file, parameters.Str("command"), StringComparison.Ordinal);

        // Baton leaves the question to the person: a second later the command has not run and the turn goes on.
        await Task.Delay(1000, Token);
        Assert.False(File.Exists(file), "the command ran before anyone approved it");
        Assert.False(inject.IsCompleted, "inject --wait returned while the turn waited for approval");
        await watch.WaitForLineAsync(l => l.Contains("waits for a person to approve running `", StringComparison.Ordinal) && l.Contains(file, StringComparison.Ordinal), Token);

        await user.AnswerApprovalAsync(id, "accept", Token);
        var result = await inject;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("completed", JsonOutput.Single(result.StdOut).Str("status"));
        Assert.Equal("approved\n", await File.ReadAllTextAsync(file, Token));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task InjectWait_NobodyThereToApprove_TimesOutSayingWhatTheTurnWaitsFor_ThePersonWhoOpensTheSessionIsAsked()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, approvalPolicy: "on-request");
        using var baton = new BatonTestHome(codex.Home.Path);
        string id;
        await using (var creator = await codex.ConnectUserAsync(Token))
        {
            id = await creator.CreateThreadAsync("coder", codex.WorkDirectory, Token);
            var first = await baton.RunAsync(Token, "inject", "coder", "--text", "hello", "--wait");
            Assert.True(first.ExitCode == 0, first.ToString());
        }

        // Only Baton follows the session now: the question reaches nobody who can answer it.
        var file = Path.Combine(codex.WorkDirectory, "approved later.txt");
        var result = await baton.RunAsync(Token, "inject", "coder", "--text", $"RUN=echo later > '{file}'", "--wait", "--timeout", "5s", "--json");

        Assert.True(result.ExitCode == 124, result.ToString());
        var receipt = JsonOutput.Single(result.StdOut);
        Assert.Equal(("timeout", "delivered"), (receipt.Str("status"), receipt.Str("messageStatus")));
        var waitingFor = receipt.Str("waitingFor");
        Assert.StartsWith("approve running `", waitingFor, StringComparison.Ordinal);
        Assert.Contains(file, waitingFor, StringComparison.Ordinal);
        Assert.Contains($"Its turn waits for a person to {waitingFor}: answer", receipt.GetProperty("error").Str("message"), StringComparison.Ordinal);
        Assert.Contains($"The running turn waits for a person to {waitingFor}: answer in the Codex TUI", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("'baton inject coder --interrupt --text …'", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        var show = await baton.RunAsync(Token, "show", "coder");
        var listed = JsonOutput.Single((await baton.RunAsync(Token, "sessions", "--json")).StdOut).GetProperty("sessions").EnumerateArray().Single();
        Assert.Contains($"  waiting:  for a person to {waitingFor} (answer in the Codex TUI", show.StdOut, StringComparison.Ordinal);
        Assert.Equal(waitingFor, listed.Str("waitingFor"));
        Assert.Contains("running (needs a person)", (await baton.RunAsync(Token, "sessions")).StdOut, StringComparison.Ordinal);

        // A message queued behind that turn, and one steered into it, go nowhere until someone answers: their receipts say so.
        var queued = await baton.RunAsync(Token, "inject", "coder", "--text", "after the command", "--json");
        var queuedReceipt = JsonOutput.Single(queued.StdOut);
        Assert.True(queued.ExitCode == 0, queued.ToString());
        Assert.Equal(("queued", waitingFor), (queuedReceipt.Str("status"), queuedReceipt.Str("waitingFor")));
        var steered = await baton.RunAsync(Token, "inject", "coder", "--steer", "--text", "also this");
        Assert.True(steered.ExitCode == 0, steered.ToString());
        Assert.Contains($" as turn {receipt.Str("turnId")}; the turn waits for a person to {waitingFor}: answer in the Codex TUI", steered.StdErr, StringComparison.Ordinal);
        var queuedShown = await baton.RunAsync(Token, "message", queuedReceipt.Str("messageId"));
        Assert.Contains($"waiting:   the session's running turn waits for a person to {waitingFor}", queuedShown.StdOut, StringComparison.Ordinal);

        // The person opens the session (as the TUI does): Codex asks them, and their answer lets the turn end.
        await using var person = await codex.ConnectUserAsync(Token);
        await person.ResumeThreadAsync(id, Token);
        var (method, requestId, _) = await person.NextQuestionAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal("item/commandExecution/requestApproval", method);
        await person.AnswerApprovalAsync(requestId, "accept", Token);
        var done = await baton.RunAsync(Token, "message", receipt.Str("messageId"), "--wait", "--timeout", "60s", "--json");

        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Equal("completed", JsonOutput.Single(done.StdOut).Str("status"));
        Assert.Equal("later\n", await File.ReadAllTextAsync(file, Token));
        var queuedDone = await baton.RunAsync(Token, "message", queuedReceipt.Str("messageId"), "--wait", "--timeout", "60s", "--json");
        Assert.True(queuedDone.ExitCode == 0, queuedDone.ToString());
        Assert.Equal("completed", JsonOutput.Single(queuedDone.StdOut).Str("status"));

        // Answered and ended: the session no longer waits for anyone.
        var after = JsonOutput.Single((await baton.RunAsync(Token, "show", "coder", "--json")).StdOut).GetProperty("session");
        Assert.True(!after.TryGetProperty("waitingFor", out var stale) || stale.ValueKind == JsonValueKind.Null, $"still waiting for: {stale}");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public Task Inject_PersonsOwnTurnWaitsForApproval_ListAndReceiptSaySoBeforeBatonFollowsTheSession_ShowNamesTheQuestionOnceItDoes() =>
        WithPersonsTurnWaitingForApprovalAsync("mine.txt", async (baton, file, _) =>
        {
            var listed = JsonOutput.Single((await baton.RunAsync(Token, "sessions", "--json")).StdOut).GetProperty("sessions").EnumerateArray().Single();
            var result = await baton.RunAsync(Token, "inject", "coder", "--text", "CI: the build is red", "--json");

            // Before Baton follows the session, Codex's status says a person is asked, not what: the question itself
            // reaches Baton a moment after it follows the session (to deliver), and from then on it is named.
            Assert.Equal(("running", "approve a request (Codex shows it in the session)"), (listed.Str("state"), listed.Str("waitingFor")));
            Assert.True(result.ExitCode == 0, result.ToString());
            var receipt = JsonOutput.Single(result.StdOut);
            Assert.Equal("queued", receipt.Str("status"));
            Assert.StartsWith("approve ", receipt.Str("waitingFor"), StringComparison.Ordinal);
            var named = "";
            for (var deadline = DateTime.UtcNow.AddSeconds(10); !named.Contains(file, StringComparison.Ordinal) && DateTime.UtcNow < deadline; await Task.Delay(100, Token))
            {
                named = JsonOutput.Single((await baton.RunAsync(Token, "show", "coder", "--json")).StdOut).GetProperty("session").Str("waitingFor");
            }

            Assert.StartsWith("approve running `", named, StringComparison.Ordinal);
            Assert.Contains(file, named, StringComparison.Ordinal);
            return receipt.Str("messageId");
        });

    [Fact(Timeout = TestTimeouts.Codex)]
    public Task InjectSteer_PersonsOwnTurnWaitsForApproval_ReceiptNamesTheQuestionAtOnce() =>
        WithPersonsTurnWaitingForApprovalAsync("steered.txt", async (baton, file, turnId) =>
        {
            // Steering follows the session first; Codex repeats its question to Baton then, before it answers the steer.
            var result = await baton.RunAsync(Token, "inject", "coder", "--steer", "--text", "also look at the logs", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            var receipt = JsonOutput.Single(result.StdOut);
            Assert.Equal(("delivered", turnId), (receipt.Str("status"), receipt.Str("turnId")));
            Assert.StartsWith("approve running `", receipt.Str("waitingFor"), StringComparison.Ordinal);
            Assert.Contains(file, receipt.Str("waitingFor"), StringComparison.Ordinal);
            return receipt.Str("messageId");
        });

    /// <summary>
    /// A person's own turn in session <c>coder</c> (Baton has never followed it) waits for their approval to write
    /// <paramref name="fileName"/>; <paramref name="injectAsync"/> sends a message and returns its id. Then the person
    /// approves, and that message completes once the command ran.
    /// </summary>
    private static async Task WithPersonsTurnWaitingForApprovalAsync(string fileName, Func<BatonTestHome, string, string, Task<string>> injectAsync)
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, approvalPolicy: "on-request");
        await using var user = await codex.ConnectUserAsync(Token);
        var id = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var file = Path.Combine(codex.WorkDirectory, fileName);
        var turnId = await user.StartTurnAsync(id, $"RUN=echo approved > {file}", Token);
        var (_, requestId, _) = await user.NextQuestionAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        var messageId = await injectAsync(baton, file, turnId);

        await user.AnswerApprovalAsync(requestId, "accept", Token);
        var done = await baton.RunAsync(Token, "message", messageId, "--wait", "--timeout", "60s", "--json");
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Equal("completed", JsonOutput.Single(done.StdOut).Str("status"));
        Assert.Equal("approved\n", await File.ReadAllTextAsync(file, Token));
    }
}
