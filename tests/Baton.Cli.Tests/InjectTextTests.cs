using System.Text;
using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class InjectTextTests
{
    private const string Tricky = "line one\r\nzweite Zeile: grüße 🎉 日本語\n\ttabbed  \n\n  trailing spaces  ";

    [Fact(Timeout = 30000)]
    public async Task Inject_TextFile_SendsContentByteExact()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));
        var file = cli.Home.Combine("prompt.txt");
        await File.WriteAllBytesAsync(file, new UTF8Encoding(false).GetBytes(Tricky), TestContext.Current.CancellationToken);

        var run = await cli.RunAsync("inject", "coder", "--text-file", "prompt.txt");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(Tricky, daemon.SingleInject().Text);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextFileAlias_ReadsFile()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));
        var file = cli.Home.Combine("prompt.txt");
        await File.WriteAllTextAsync(file, "from the alias\n", TestContext.Current.CancellationToken);

        var run = await cli.RunAsync("inject", "coder", "--text_file", file);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("from the alias\n", daemon.SingleInject().Text);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextFileWithByteOrderMark_DropsOnlyTheMark()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));
        var file = cli.Home.Combine("bom.txt");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("é\n")], TestContext.Current.CancellationToken);

        var run = await cli.RunAsync("inject", "coder", "--text-file", file);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("é\n", daemon.SingleInject().Text);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextDash_ReadsStandardInputToEnd()
    {
        await using var cli = new CliHarness { StandardInput = Tricky };
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));

        var run = await cli.RunAsync("inject", "coder", "--text", "-");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(Tricky, daemon.SingleInject().Text);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextArgument_SentUntrimmed()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.AnswerInjectWith(Receipts.Make(MessageStatus.Queued));

        var run = await cli.RunAsync("inject", "coder", "--text", Tricky);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(Tricky, daemon.SingleInject().Text);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_NoTextSource_ExitsTwo()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--text", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextAndTextFile_ExitsTwo()
    {
        await using var cli = new CliHarness();
        var file = cli.Home.Combine("prompt.txt");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var run = await cli.RunAsync("inject", "coder", "--text", "a", "--text-file", file);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("cannot be used together", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextTwice_ExitsTwo()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder", "--text", "a", "--text", "b");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Theory(Timeout = 30000)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \n\t\r\n ")]
    public async Task Inject_EmptyOrWhitespaceText_ExitsTwoWithoutContactingDaemon(string text)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();

        var run = await cli.RunAsync("inject", "coder", "--text", text);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Nothing to send", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(daemon.Requests);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_EmptyStandardInput_ExitsTwoWithoutStartingDaemon()
    {
        await using var cli = new CliHarness { StandardInput = "\n" };

        var run = await cli.RunAsync("inject", "coder", "--text", "-");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("standard input", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
        Assert.False(File.Exists(cli.SocketPath));
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_MissingTextFile_ExitsTwoNamingPath()
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("inject", "coder", "--text-file", "nope.txt");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(cli.Home.Combine("nope.txt"), run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, cli.Launcher.DetachedStarts);
    }

    [Fact(Timeout = 30000)]
    public async Task Inject_TextFileNotUtf8_ExitsTwo()
    {
        await using var cli = new CliHarness();
        var file = cli.Home.Combine("latin1.txt");
        await File.WriteAllBytesAsync(file, [0x67, 0x72, 0xFC, 0xDF, 0x65], TestContext.Current.CancellationToken);

        var run = await cli.RunAsync("inject", "coder", "--text-file", file);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("UTF-8", run.Stderr, StringComparison.Ordinal);
    }
}
