using Baton.Cli.Errors;

namespace Baton.Cli.Tests.Errors;

public sealed class SandboxAdviceTests
{
    [Fact(Timeout = 30000)]
    public void For_InsideCodexsSandbox_GivesTheRuleForThatCodexHome()
    {
        var environment = new Dictionary<string, string> { ["CODEX_SANDBOX_NETWORK_DISABLED"] = "1", ["CODEX_HOME"] = "/home/ada/.codex-work" };

        var advice = SandboxAdvice.For(environment.GetValueOrDefault);

        Assert.Contains($"add this line to /home/ada/.codex-work/rules/default.rules:\n  {SandboxAdvice.CodexRule}\nthen restart Codex", advice, StringComparison.Ordinal);
        Assert.Contains("'network_access = true' under [sandbox_workspace_write] in /home/ada/.codex-work/config.toml", advice, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public void For_CodexCommandWithoutCodexHome_NamesTheDefaultHome()
    {
        var environment = new Dictionary<string, string> { ["CODEX_THREAD_ID"] = "019a0000-0000-7000-8000-000000000000" };

        Assert.Contains("~/.codex/rules/default.rules", SandboxAdvice.For(environment.GetValueOrDefault), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public void For_AnotherSandbox_SaysToRunBatonOutsideIt()
    {
        var advice = SandboxAdvice.For(_ => null);

        Assert.Equal("Run baton outside the sandbox, or let it connect to the daemon's socket.", advice);
    }
}
