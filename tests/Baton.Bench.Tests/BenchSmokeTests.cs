using System.Text.Json;
using Baton.Bench.CommandLine;
using Baton.Tests.Infrastructure;

namespace Baton.Bench.Tests;

/// <summary>
/// CI runs every benchmark once in smoke mode (tiny numbers, real Codex, real daemon) so the benchmarks keep
/// working. These tests check that each one runs to the end and reports its figures; they never judge the figures.
/// </summary>
public sealed class BenchSmokeTests
{
    private const int Timeout = 240_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // The second argument: parts of figure names the report must hold, '|' between them.
    [Theory(Timeout = Timeout)]
    [InlineData("cli", "baton --help|stand-in daemon|busy session|no daemon running")]
    [InlineData("compare", "ratio of medians|npm's codex")]
    [InlineData("latency", "turn/started")]
    [InlineData("throughput", "accepted injects")]
    [InlineData("scale", "live subscriptions")]
    [InlineData("soak", "RSS slope")]
    public async Task Smoke_Json_ExitsZeroAndReportsFigures(string benchmark, string expectedFigures)
    {
        var (exit, stdout, stderr) = await RunAsync(benchmark, "--smoke", "--json");

        Assert.True(exit == 0, $"exit {exit}\nstderr:\n{stderr}\nstdout:\n{stdout}");
        using var report = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = report.RootElement;
        Assert.Equal(benchmark, root.GetProperty("benchmark").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("summary").GetString()));
        var figures = root.GetProperty("figures").EnumerateArray().ToList();
        foreach (var name in expectedFigures.Split('|'))
        {
            Assert.Contains(figures, f => f.GetProperty("name").GetString()!.Contains(name, StringComparison.Ordinal));
        }

        foreach (var f in figures.Where(f => f.TryGetProperty("median", out _)))
        {
            Assert.True(f.GetProperty("count").GetInt32() > 0);
            Assert.True(f.GetProperty("min").GetDouble() <= f.GetProperty("median").GetDouble());
            Assert.True(f.GetProperty("median").GetDouble() <= f.GetProperty("max").GetDouble());
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task Smoke_Text_PrintsSpreadAndSummary()
    {
        var (exit, stdout, stderr) = await RunAsync("latency", "--smoke");

        Assert.True(exit == 0, $"exit {exit}\nstderr:\n{stderr}\nstdout:\n{stdout}");
        Assert.Contains("median ", stdout, StringComparison.Ordinal);
        Assert.Contains(" p90 ", stdout, StringComparison.Ordinal);
        Assert.Contains(" p99 ", stdout, StringComparison.Ordinal);
        Assert.Contains(" min ", stdout, StringComparison.Ordinal);
        Assert.Contains(" max ", stdout, StringComparison.Ordinal);
        Assert.Contains("\nsummary: ", stdout, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Short)]
    [InlineData("throughput --clients 1,x", "'x' is not one")]
    [InlineData("compare --runs 0", "--runs must be a positive whole number")]
    [InlineData("soak --rate -1", "--rate must be a positive number")]
    [InlineData("nosuch", "nosuch")]
    public async Task BadUsage_Exits2AndSaysWhatWasWrong(string args, string message)
    {
        var (exit, _, stderr) = await RunAsync(args.Split(' '));

        Assert.Equal(BenchCommandLine.Usage, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("baton-bench --help", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BenchCommandLine.RunAsync(args, stdout, stderr, Token);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
