using System.Text.Json;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The architect/coder case: an agent's own command, which Codex runs inside its sandbox, calls <c>baton inject</c>
/// to report to another session of the same person. Codex 0.169.0's sandbox (read-only or workspace-write, without
/// network access) forbids connecting to any socket, Baton's Unix socket included; a Codex rule that allows
/// <c>baton inject</c> runs it outside the sandbox.
/// </summary>
public sealed class AgentToAgentTests
{
    private const string Report = "baton inject architect --text 'coder: tests pass' --hook-name coder-report";

    /// <summary>A command of coder's that would wait for coder's own next turn, which cannot start before this one ends.</summary>
    private const string SelfWait = "baton inject coder --wait --text 'note to self'";

    /// <summary>The rule the README gives: Codex runs <c>baton inject …</c> outside its sandbox, without asking.</summary>
    private const string Rule = """prefix_rule(pattern = ["baton", "inject"], decision = "allow")""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_FromAnAgentsCommandInsideCodexsSandbox_FailsSayingHowToAllowIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, startAppServer: false);
        using var baton = new BatonTestHome(codex.Home.Path);
        await StartArchitectAndCoderAsync(codex, baton, allowBatonInject: false);

        // Once with the daemon running, once with a Baton home where none runs: the sandbox is to blame both times.
        var output = await RunInCoderAsync(codex, baton, $"{Report}; echo exit=$?; BATON_HOME={codex.WorkDirectory}/no-daemon-here {Report}; echo exit=$?");

        Assert.Equal(2, output.Split("exit=8").Length - 1);
        Assert.Equal(2, output.Split("so a sandbox keeps baton from connecting").Length - 1);
        Assert.Contains("baton runs inside Codex's sandbox", output, StringComparison.Ordinal);
        Assert.Contains($"add this line to {codex.Home.Path}/rules/default.rules:\n  {Rule}\nthen restart Codex", output, StringComparison.Ordinal);
        Assert.DoesNotContain("another user", output, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Model.Requests, r => IsReport(r.LastUserMessage));
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Inject_FromAnAgentsCommandThatACodexRuleAllows_StartsTheDaemonThatOutlivesTheCommand_AndReachesTheOtherSession()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token, startAppServer: false);
        using var baton = new BatonTestHome(codex.Home.Path);
        var coderId = await StartArchitectAndCoderAsync(codex, baton, allowBatonInject: true);

        // The person's own turn in coder runs the report: the first baton call of the day, so it starts the daemon.
        await using var person = await codex.ConnectUserAsync(Token);
        await person.ResumeThreadAsync(coderId, Token);
        await person.StartTurnAsync(coderId, $"RUN_SANDBOXED={Report}", Token);
        await codex.Model.WaitForRequestAsync(r => r.Body.Contains("\"function_call_output\"", StringComparison.Ordinal), Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        var output = ToolOutput(codex);
        // The daemon the command started marks injected messages (the test's own homes turn that off), so the
        // architect reads who sent it.
        var received = await codex.Model.WaitForRequestAsync(r => IsReport(r.LastUserMessage), Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Contains("baton: started the Baton daemon", output, StringComparison.Ordinal);
        Assert.Contains("baton: delivered msg_", output, StringComparison.Ordinal);
        Assert.StartsWith("[Injected by Baton from session \"coder\", hook \"coder-report\"]\n", received.LastUserMessage, StringComparison.Ordinal);
        var log = await baton.RunAsync(Token, "log", "--session", "architect", "--json");
        var entry = AuditLogTests.Entries(log.StdOut).First();
        Assert.Equal(("inject", "coder-report", "delivered", coderId), (entry.Str("action"), entry.Str("hookName"), entry.Str("outcome"), entry.Str("fromSession")));
        var shown = await baton.RunAsync(Token, "message", entry.Str("messageId"));
        Assert.Contains($"from:      session {coderId}\n", shown.StdOut, StringComparison.Ordinal);

        // The coder's turn has ended, and with it the command: the daemon it started runs on.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); (await person.ListTurnsAsync(coderId, Token))[^1].Str("status") == "inProgress" && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100, Token);
        }

        Assert.Equal("completed", (await person.ListTurnsAsync(coderId, Token))[^1].Str("status"));
        await Task.Delay(1000, Token);
        var daemonPid = baton.DaemonPid();
        Assert.NotNull(daemonPid);

        // It runs with the user's environment, not the markers of the agent's command that started it.
        var daemonEnvironment = (await File.ReadAllTextAsync($"/proc/{daemonPid}/environ", Token)).Split('\0');
        Assert.DoesNotContain(daemonEnvironment, v => v.StartsWith("CODEX_THREAD_ID=", StringComparison.Ordinal) || v.StartsWith("CODEX_SANDBOX_NETWORK_DISABLED=", StringComparison.Ordinal));
        Assert.Contains($"BATON_HOME={baton.Path}", daemonEnvironment);

        // A command of coder's that waits for coder's own next turn is refused: that turn cannot start before this one ends.
        var requestsBefore = codex.Model.Requests.Count;
        await person.StartTurnAsync(coderId, $"RUN_SANDBOXED={SelfWait}", Token);
        // The turn's request after its command holds both commands' outputs (the first one's as history).
        await codex.Model.WaitForRequestAsync(r => r.Number > requestsBefore && r.Body.Split("\"function_call_output\"").Length > 2, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        var selfWait = ToolOutput(codex);
        Assert.Contains("This command runs in session 'coder' itself, so --wait would wait for a turn", selfWait, StringComparison.Ordinal);
        Assert.Contains("Process exited with code 2", selfWait, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage?.EndsWith("\nnote to self", StringComparison.Ordinal) == true);
    }

    /// <summary>The report as the architect's model receives it, not the coder's own prompt that asks for it.</summary>
    private static bool IsReport(string? userMessage) =>
        userMessage is not null && userMessage.Contains("coder: tests pass", StringComparison.Ordinal) && !userMessage.Contains("RUN_SANDBOXED", StringComparison.Ordinal);

    /// <summary>
    /// Starts the app-server of a Codex home whose commands find this build's <c>baton</c> on their PATH and talk to
    /// <paramref name="baton"/>'s daemon, and a person's sessions <c>architect</c> and <c>coder</c> in it.
    /// </summary>
    /// <returns>The coder's thread id.</returns>
    private static async Task<string> StartArchitectAndCoderAsync(CodexTestEnvironment codex, BatonTestHome baton, bool allowBatonInject)
    {
        var binDirectory = Path.GetDirectoryName(RepositoryLayout.BatonExecutable)!;
        await File.AppendAllTextAsync(
            Path.Combine(codex.Home.Path, "config.toml"),
            $"\n[shell_environment_policy]\nset = {{ PATH = \"{binDirectory}:/usr/local/bin:/usr/bin:/bin\", BATON_HOME = \"{baton.Path}\" }}\n",
            Token);
        if (allowBatonInject)
        {
            Directory.CreateDirectory(Path.Combine(codex.Home.Path, "rules"));
            await File.WriteAllTextAsync(Path.Combine(codex.Home.Path, "rules", "default.rules"), Rule + "\n", Token);
        }

        await codex.StartAppServerAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("architect", codex.WorkDirectory, Token);
        return await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
    }

    /// <summary>Has the model of session <c>coder</c> run <paramref name="command"/>, sandboxed; returns what Codex gave the model back.</summary>
    private static async Task<string> RunInCoderAsync(CodexTestEnvironment codex, BatonTestHome baton, string command)
    {
        var result = await baton.RunAsync(Token, "inject", "coder", "--text", $"RUN_SANDBOXED={command}", "--wait", "--timeout", "60s", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return ToolOutput(codex);
    }

    /// <summary>What Codex gave the model back as the output of the last command it ran.</summary>
    private static string ToolOutput(CodexTestEnvironment codex)
    {
        var request = codex.Model.Requests.Last(r => r.Body.Contains("\"function_call_output\"", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        var output = body.RootElement.GetProperty("input").EnumerateArray()
            .Last(item => item.TryGetProperty("type", out var type) && type.GetString() == "function_call_output")
            .GetProperty("output").ToString();
        TestContext.Current.TestOutputHelper?.WriteLine($"The command's output, as Codex gave it to the model:\n{output}");
        return output;
    }
}
