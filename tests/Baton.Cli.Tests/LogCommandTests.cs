using System.Globalization;
using System.Web;
using Baton.Cli.Input;
using Baton.Cli.Tests.Infrastructure;
using Baton.Protocol;

namespace Baton.Cli.Tests;

public sealed class LogCommandTests
{
    private static readonly AuditLogEntry Accepted = new()
    {
        Id = 2,
        At = new DateTimeOffset(2025, 1, 31, 9, 0, 1, TimeSpan.Zero),
        Action = "inject",
        CallerUid = 1000,
        CallerPid = 4242,
        Session = "coder",
        SessionId = "019a0000-0000-7000-8000-000000000001",
        Mode = "queue",
        HookName = "ci-triage",
        MessageId = "msg_0001",
        Outcome = "delivered",
    };

    private static readonly AuditLogEntry Refused = new()
    {
        Id = 1,
        At = new DateTimeOffset(2025, 1, 31, 9, 0, 0, TimeSpan.Zero),
        Action = "inject",
        CallerUid = 65534,
        CallerPid = 77,
        Session = "coder",
        Mode = "queue",
        Outcome = "refused",
        ErrorCode = "refused",
        ErrorMessage = "uid 65534 may not inject into session 'coder'.",
    };

    private static async Task<StandInDaemon> DaemonAnsweringAsync(CliHarness cli, params AuditLogEntry[] entries)
    {
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            if (request.Path != ApiRoutes.Audit)
            {
                return false;
            }

            await StandInDaemon.RespondAsync(context, new AuditEntryList(entries), BatonJsonContext.Default.AuditEntryList);
            return true;
        };
        return daemon;
    }

    [Fact(Timeout = 30000)]
    public async Task Log_NoFilters_AsksForEverythingAndPrintsTableNewestFirst()
    {
        await using var cli = new CliHarness();
        var daemon = await DaemonAnsweringAsync(cli, Accepted, Refused);

        var run = await cli.RunAsync("log");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("", Assert.Single(daemon.CallsExceptStatus).Query);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["TIME", "ACTION", "CALLER", "HOOK", "SESSION", "MODE", "OUTCOME", "MESSAGE"], lines[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("uid 1000 pid 4242", lines[1], StringComparison.Ordinal);
        Assert.Contains("ci-triage", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"delivered +msg_0001$", lines[1]);
        Assert.Contains("uid 65534 pid 77", lines[2], StringComparison.Ordinal);
        Assert.Matches(@"refused +-$", lines[2]);
    }

    [Fact(Timeout = 30000)]
    public async Task Log_AllFilters_SendsThemAsQuery()
    {
        await using var cli = new CliHarness();
        var daemon = await DaemonAnsweringAsync(cli);

        var run = await cli.RunAsync("log", "--session", "my coder", "--hook-name", "ci-triage", "--since", "2025-01-31T09:00:00+02:00", "--limit", "5");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var query = HttpUtility.ParseQueryString(Assert.Single(daemon.CallsExceptStatus).Query);
        Assert.Equal("my coder", query["session"]);
        Assert.Equal("ci-triage", query["hookName"]);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 7, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(query["since"]!, CultureInfo.InvariantCulture));
        Assert.Equal("5", query["limit"]);
        Assert.Contains("no audit entries match", run.Stderr, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData("10m", 10)]
    [InlineData("2h", 120)]
    [InlineData("7d", 7 * 24 * 60)]
    public async Task Log_SinceDuration_SendsTheTimeThatFarBack(string since, int minutesBack)
    {
        await using var cli = new CliHarness();
        var daemon = await DaemonAnsweringAsync(cli);
        var before = DateTimeOffset.UtcNow;

        var run = await cli.RunAsync("log", "--since", since);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var sent = DateTimeOffset.Parse(HttpUtility.ParseQueryString(Assert.Single(daemon.CallsExceptStatus).Query)["since"]!, CultureInfo.InvariantCulture);
        var expected = before - TimeSpan.FromMinutes(minutesBack);
        Assert.InRange(sent, expected.AddMinutes(-1), expected.AddMinutes(1));
    }

    [Fact(Timeout = 30000)]
    public async Task Log_Json_PrintsOneObjectWithEntries()
    {
        await using var cli = new CliHarness();
        await DaemonAnsweringAsync(cli, Accepted, Refused);

        var run = await cli.RunAsync("log", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var root = InjectOutputTests.AssertSingleJsonObject(run.Stdout);
        var entries = root.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal("ci-triage", entries[0].GetProperty("hookName").GetString());
        Assert.Equal(4242, entries[0].GetProperty("callerPid").GetInt32());
        Assert.Equal("refused", entries[1].GetProperty("outcome").GetString());
        Assert.Equal(65534, entries[1].GetProperty("callerUid").GetInt32());
        Assert.Equal("uid 65534 may not inject into session 'coder'.", entries[1].GetProperty("errorMessage").GetString());
    }

    [Theory(Timeout = 30000)]
    [InlineData("--since", "yesterday", "Invalid --since value 'yesterday'")]
    [InlineData("--since", "5 minutes", "Invalid --since value '5 minutes'")]
    [InlineData("--since", "2025-13-45", "Invalid --since value '2025-13-45'")]
    [InlineData("--limit", "0", "Invalid --limit value '0'")]
    [InlineData("--limit", "ten", "Invalid --limit value 'ten'")]
    [InlineData("--limit", "10001", "Invalid --limit value '10001'")]
    public async Task Log_BadValue_ExitsTwoNamingItAndSendsNothing(string option, string value, string expected)
    {
        await using var cli = new CliHarness();
        var daemon = await DaemonAnsweringAsync(cli);

        var run = await cli.RunAsync("log", option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("baton log --help", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(daemon.CallsExceptStatus);
    }

    [Fact(Timeout = 30000)]
    public async Task Log_DaemonRefuses_ExitsFiveWithTheReason()
    {
        await using var cli = new CliHarness();
        var daemon = await cli.StartDaemonAsync();
        daemon.Handler = async (context, request) =>
        {
            await StandInDaemon.RespondProblemAsync(context, new ApiProblem
            {
                Title = "Refused",
                Status = 403,
                Detail = "uid 65534 may not read the audit log: only the user the daemon runs as may.",
                Code = ErrorCodes.Refused,
            });
            return true;
        };

        var run = await cli.RunAsync("log");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("may not read the audit log", run.Stderr, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30000)]
    [InlineData("2025-01-31", true)]
    [InlineData("2025-01-31T09:00:00Z", true)]
    [InlineData("90s", true)]
    [InlineData("1.5d", true)]
    [InlineData("0d", false)]
    [InlineData("", false)]
    [InlineData("d", false)]
    public void SinceParser_Forms(string text, bool valid)
    {
        var now = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(valid, SinceParser.TryParse(text, now, out var since));
        if (text == "1.5d")
        {
            Assert.Equal(now.AddHours(-36), since);
        }
    }
}
