using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>The limits in <c>BATON_HOME/config.json</c> take effect, and a bad one stops the daemon with its name.</summary>
public sealed class LimitsConfigTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task RateLimit_PastTheBurst_429ThatNamesTheLimit_CliExit5_StatusStillAnswers()
    {
        using var baton = await StartAsync("""{ "limits": { "rateLimitPerSecond": 0.01, "rateLimitBurst": 3 } }""");
        var lookup = RawHttp.Request("GET", "/v1/messages/msg_nope");

        // One token per 100 s: none comes back while the test runs, however slow the machine.
        var first = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await RawHttp.SendAsync(baton.SocketPath, lookup, Token)).Status);
        }

        var limited = await RawHttp.SendAsync(baton.SocketPath, lookup, Token);
        var cli = await baton.RunAsync(Token, "message", "msg_nope");
        var status = await RawHttp.SendAsync(baton.SocketPath, RawHttp.Request("GET", "/v1/status"), Token);

        Assert.All(first, s => Assert.Equal(404, s));
        Assert.Equal(429, limited.Status);
        var (code, detail) = limited.Problem();
        Assert.Equal("rate_limited", code);
        Assert.Contains("rateLimitPerSecond", detail, StringComparison.Ordinal);
        Assert.True(limited.Headers.ContainsKey("retry-after"), limited.ToString());
        Assert.True(cli.ExitCode == 5, cli.ToString());
        Assert.Contains("Too many requests", cli.StdErr, StringComparison.Ordinal);
        Assert.Equal(200, status.Status);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task MaxMessageBytes_FromConfig_RefusesOneByteOver_AndNamesTheConfiguredLimit()
    {
        using var baton = await StartAsync("""{ "limits": { "maxMessageBytes": 1000 } }""");

        var response = await RawHttp.SendAsync(baton.SocketPath, RawHttp.Json("POST", "/v1/sessions/coder/messages", $$"""{"text":"{{new string('a', 1001)}}"}"""), Token);
        var cli = await baton.RunAsync(Token, "inject", "coder", "--text", new string('a', 1001));

        Assert.Equal(413, response.Status);
        var (code, detail) = response.Problem();
        Assert.Equal("limit_exceeded", code);
        Assert.Contains("1001 bytes of UTF-8; the message size limit is 1000 bytes", detail, StringComparison.Ordinal);
        Assert.Contains("maxMessageBytes", detail, StringComparison.Ordinal);
        Assert.True(cli.ExitCode == 5, cli.ToString());
        Assert.Contains("limit is 1000 bytes", cli.StdErr, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task BadLimitInConfig_DaemonDoesNotStart_AndSaysWhichKey()
    {
        using var baton = new BatonTestHome();
        await File.WriteAllTextAsync(Path.Combine(baton.Path, "config.json"), """{ "limits": { "maxMessageBytes": "big" } }""", Token);

        var start = await baton.RunAsync(Token, "daemon", "start");

        Assert.NotEqual(0, start.ExitCode);
        var log = Path.Combine(baton.Path, "logs", "daemon.log");
        var said = start.StdErr + (File.Exists(log) ? await File.ReadAllTextAsync(log, Token) : string.Empty);
        Assert.Contains("limits.maxMessageBytes", said, StringComparison.Ordinal);
        Assert.Null(baton.DaemonPid());
    }

    private static async Task<BatonTestHome> StartAsync(string config)
    {
        var baton = new BatonTestHome();
        await File.WriteAllTextAsync(Path.Combine(baton.Path, "config.json"), config, Token);
        var start = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(start.ExitCode == 0, start.ToString());
        return baton;
    }
}
