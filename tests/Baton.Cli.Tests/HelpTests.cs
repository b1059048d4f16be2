using Baton.Cli.Tests.Infrastructure;

namespace Baton.Cli.Tests;

public sealed class HelpTests
{
    [Fact(Timeout = 30000)]
    public async Task Root_Help_ListsCommandsAndExitCodes()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in new[] { "inject", "sessions", "show", "message", "daemon" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("124", run.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_Help_ListsEveryContractFlag()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        string[] flags =
        [
            "--text", "--text-file", "--text_file", "--mode", "--queue", "--steer", "--interrupt", "--resume",
            "--create-if-missing", "--if-running", "--hold", "--wait", "--timeout", "--json", "--idempotency-key",
            "--hook-name", "--dry-run", "--agent", "--cwd",
        ];
        foreach (var flag in flags)
        {
            Assert.Contains(flag, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 30000)]
    public async Task Run_NoCommand_ExitsTwoPointingAtHelp()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync();

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("baton --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("frobnicate", "coder");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("--help")]
    public async Task Help_AnyAliasOnASubcommandWithABadFlag_ShowsThatCommandsHelp(string alias)
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("message", "--bogus", alias);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("baton message <messageId> [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact(Timeout = 30000)]
    public async Task Version_PrintsTheCliVersion()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\n$", run.Stdout);
        Assert.Contains("--version", (await cli.RunAsync("--help")).Stdout, StringComparison.Ordinal);
    }
}
