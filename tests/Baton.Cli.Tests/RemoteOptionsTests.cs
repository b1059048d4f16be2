using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;

namespace Baton.Cli.Tests;

/// <summary>
/// The global options <c>--remote</c>, <c>--token-env</c>, <c>--fingerprint</c>, <c>--ca-cert</c>, and the
/// <c>token</c> and <c>daemon --listen</c> arguments: parsed before anything is sent, bad ones are exit 2.
/// </summary>
public sealed class RemoteOptionsTests
{
    [Fact(Timeout = 30000)]
    public async Task TokenEnv_SendsTokenFromNamedVariableAsBearer_NeverFromArgv()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        cli.Environment["CI_TOKEN"] = "baton_tok_0123456789abcdef_secret";

        var run = await cli.RunAsync("sessions", "--token-env", "CI_TOKEN");

        Assert.All(daemon.Requests, r => Assert.Equal("Bearer baton_tok_0123456789abcdef_secret", r.Authorization));
        Assert.NotEmpty(daemon.Requests);
        Assert.DoesNotContain("secret", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task BatonTokenVariable_IsTheDefault_AndNoTokenSendsNoHeader()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();

        await cli.RunAsync("sessions");
        Assert.All(daemon.Requests, r => Assert.Null(r.Authorization));

        daemon.Requests.Clear();
        cli.Environment["BATON_TOKEN"] = "baton_tok_0123456789abcdef_x";
        await cli.RunAsync("sessions");
        Assert.All(daemon.Requests, r => Assert.Equal("Bearer baton_tok_0123456789abcdef_x", r.Authorization));
    }

    [Theory(Timeout = 30000)]
    [InlineData("baton_tok_0123\nX-Injected: 1")]
    [InlineData("baton_tok_0123 456")]
    [InlineData("baton_tok_0123é")]
    public async Task TokenWithLineBreakSpaceOrNonAscii_Exit2NamingTheVariable_NothingSent(string token)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        cli.Environment["BATON_TOKEN"] = token;

        var run = await cli.RunAsync("sessions");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("The token in BATON_TOKEN holds", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(daemon.Requests);
    }

    [Theory(Timeout = 30000)]
    [InlineData("--token-env", "UNSET_VAR", "UNSET_VAR")]
    [InlineData("--remote", "http://127.0.0.1:8443", "https://")]
    [InlineData("--remote", "https://127.0.0.1:8443/v1", "no path")]
    [InlineData("--fingerprint", "AB:CD", "--remote")]
    public async Task BadGlobalOption_Exit2NamingIt_NothingSent(string option, string value, string expected)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        cli.Environment["T"] = "baton_tok_0123456789abcdef_x";

        string[] token = option == "--token-env" ? [] : ["--token-env", "T"];
        var run = await cli.RunAsync(["sessions", option, value, .. token]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(daemon.Requests);
        Assert.Empty(cli.Launcher.Launches);
    }

    [Theory(Timeout = 30000)]
    [InlineData("not-hex", "SHA-256 fingerprint")]
    [InlineData("SHA256:AB:CD", "SHA-256 fingerprint")]
    public async Task Remote_BadFingerprint_Exit2(string fingerprint, string expected)
    {
        await using var cli = new CliHarness();
        cli.Environment["T"] = "baton_tok_0123456789abcdef_x";

        var run = await cli.RunAsync("sessions", "--remote", "https://127.0.0.1:1", "--token-env", "T", "--fingerprint", fingerprint);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30000)]
    public async Task Remote_WithoutToken_Exit2_AndDaemonStartStopRunRefused()
    {
        await using var cli = new CliHarness();
        cli.Environment["T"] = "baton_tok_0123456789abcdef_x";

        var noToken = await cli.RunAsync("sessions", "--remote", "https://127.0.0.1:1");
        var start = await cli.RunAsync("daemon", "start", "--remote", "https://127.0.0.1:1", "--token-env", "T");
        var stop = await cli.RunAsync("daemon", "stop", "--remote", "https://127.0.0.1:1", "--token-env", "T");
        var run = await cli.RunAsync("daemon", "run", "--remote", "https://127.0.0.1:1", "--token-env", "T");

        Assert.Equal(ExitCodes.Usage, noToken.ExitCode);
        Assert.Contains("--token-env", noToken.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, start.ExitCode);
        Assert.Equal(ExitCodes.Usage, stop.ExitCode);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(cli.Launcher.Launches);
    }

    [Fact(Timeout = 30000)]
    public async Task Remote_NothingListening_Exit8_NeverStartsADaemon()
    {
        await using var cli = new CliHarness();
        cli.Environment["T"] = "baton_tok_0123456789abcdef_x";

        var run = await cli.RunAsync("sessions", "--remote", "https://127.0.0.1:1", "--token-env", "T");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("https://127.0.0.1:1", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Launcher.Launches);
    }

    [Theory(Timeout = 30000)]
    [InlineData("127.0.0.1:8443")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://127.0.0.1:70000")]
    [InlineData("tcp://example.com:8443")]
    public async Task DaemonStart_BadListen_Exit2(string listen)
    {
        await using var cli = new CliHarness();

        var run = await cli.RunAsync("daemon", "start", "--listen", listen);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--listen", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Launcher.Launches);
    }

    [Theory(Timeout = 30000)]
    [InlineData("90m", 5400.0)]
    [InlineData("7d", 604800.0)]
    public async Task TokenCreate_SendsSessionScopeTtlName_PrintsOnlyTokenOnStdout(string ttl, double ttlSeconds)
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Path != ApiRoutes.Tokens)
            {
                return false;
            }

            var created = new TokenCreated
            {
                Token = "baton_tok_0123456789abcdef_s3cret",
                Info = new TokenInfo
                {
                    Id = "tok_0123456789abcdef", Agent = "codex", SessionId = "019a", SessionName = "coder", Scope = "read",
                    CreatedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(90), State = "active",
                },
            };
            await StandInDaemon.RespondAsync(context, created, BatonJsonContext.Default.TokenCreated, StatusCodes.Status201Created);
            return true;
        };

        var run = await cli.RunAsync("token", "create", "--session", "coder", "--scope", "read", "--ttl", ttl, "--name", "ci");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("baton_tok_0123456789abcdef_s3cret\n", run.Stdout);
        Assert.Contains("tok_0123456789abcdef", run.Stderr, StringComparison.Ordinal);
        var sent = System.Text.Json.JsonSerializer.Deserialize(Assert.Single(daemon.CallsExceptStatus).Body, BatonJsonContext.Default.TokenCreateRequest)!;
        Assert.Equal(("coder", "read", ttlSeconds, "ci"), (sent.Session, sent.Scope, sent.TtlSeconds, sent.Name));
    }

    [Theory(Timeout = 30000)]
    [InlineData("SHA256:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89")]
    [InlineData("SHA256:q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=")]
    [InlineData("q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k")]
    public void Fingerprint_CommonFormats_ParseToTheSameBytes(string text)
    {
        Assert.True(CertificateFingerprint.TryParse(text, out var parsed));
        Assert.Equal("SHA256:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", parsed.ToString());
    }
}
