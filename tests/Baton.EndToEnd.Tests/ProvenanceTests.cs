using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>Injected text is never mistaken for the user's own typing: the agent sees who sent it, unless turned off.</summary>
public sealed class ProvenanceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Default_AgentSeesInjectedLineNamingTheHook()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path, markInjected: null);

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "triage test_login", "--hook-name", "ci-triage", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ci-triage", JsonOutput.Single(result.StdOut).Str("hookName"));
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "[Injected by Baton, hook \"ci-triage\"]\ntriage test_login");
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task ConfigFileTurnsMarkingOff_AgentSeesTheTextAlone()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path, markInjected: null);
        await File.WriteAllTextAsync(Path.Combine(baton.Path, "config.json"), """{ "markInjectedMessages": false }""", Token);

        var result = await baton.RunAsync(Token, "inject", "coder", "--text", "plain please", "--hook-name", "ci-triage", "--wait");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "plain please");
    }
}
