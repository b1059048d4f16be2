using System.Diagnostics;
using System.Runtime.Versioning;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// Another OS user on the same machine cannot use the owner's daemon, even when file permissions would let it
/// connect: the daemon asks the kernel who is calling (SO_PEERCRED) and refuses anyone but its own uid.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SecondUserTests
{
    private const int Nobody = 65534;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Nobody_InjectReadAndStop_RefusedExitFiveAuditedAndNothingDelivered()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        using var binCopy = new TempDirectory("bn");
        var start = await baton.RunAsync(Token, "daemon", "start");
        Assert.True(start.ExitCode == 0, start.ToString());
        var daemonPid = baton.DaemonPid();
        Assert.NotNull(daemonPid);

        // Simulates a misconfigured BATON_HOME: the folder traversable (0711) and the socket world-writable (0666)
        // instead of 0700/0600, so `nobody` can connect and the peer-credential check is what has to say no.
        File.SetUnixFileMode(baton.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var cli = await ExecutableForNobodyAsync(binCopy);

        // With the socket still the owner's alone (0600), connecting is denied by its permissions, and baton says so
        // (not that a sandbox is to blame, as when permissions allow it and the connection is denied anyway).
        File.SetUnixFileMode(baton.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var denied = await baton.RunAsUserAsync(Nobody, cli, ["inject", "coder", "--text", "let me in"], Token);
        Assert.True(denied.ExitCode == 8, denied.ToString());
        Assert.Contains("permission denied; the socket belongs to another user.", denied.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox", denied.StdErr, StringComparison.Ordinal);

        File.SetUnixFileMode(baton.SocketPath, (UnixFileMode)0b110_110_110);

        var inject = await baton.RunAsUserAsync(Nobody, cli, ["inject", "coder", "--text", "let me in", "--hook-name", "intruder", "--json"], Token);
        var show = await baton.RunAsUserAsync(Nobody, cli, ["show", "coder"], Token);
        var log = await baton.RunAsUserAsync(Nobody, cli, ["log"], Token);
        var stop = await baton.RunAsUserAsync(Nobody, cli, ["daemon", "stop"], Token);

        Assert.True(inject.ExitCode == 5, inject.ToString());
        Assert.Contains("uid 65534 may not inject into session 'coder'", inject.StdErr, StringComparison.Ordinal);
        Assert.Equal("refused", JsonOutput.Single(inject.StdOut).GetProperty("error").Str("code"));
        Assert.True(show.ExitCode == 5, show.ToString());
        Assert.Contains("uid 65534 may not read session 'coder'", show.StdErr, StringComparison.Ordinal);
        Assert.True(log.ExitCode == 5, log.ToString());
        Assert.Contains("may not read the audit log", log.StdErr, StringComparison.Ordinal);
        Assert.True(stop.ExitCode == 5, stop.ToString());
        Assert.Contains("may not stop the daemon", stop.StdErr, StringComparison.Ordinal);
        Assert.True(ProcessState.IsAlive(daemonPid.Value), "nobody's 'daemon stop' stopped the daemon");

        // The owner's own inject goes through after the refused one; the refused text never reached the model.
        var owner = await baton.RunAsync(Token, "inject", "coder", "--text", "owner here", "--wait");
        Assert.True(owner.ExitCode == 0, owner.ToString());
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "owner here");
        Assert.DoesNotContain(codex.Model.Requests, r => r.Body.Contains("let me in", StringComparison.Ordinal));

        var entries = AuditLogTests.Entries((await baton.RunAsync(Token, "log", "--json")).StdOut);
        var refusedInject = Assert.Single(entries, e => e.Str("action") == "inject" && e.Str("outcome") == "refused");
        Assert.Equal(Nobody, refusedInject.GetProperty("callerUid").GetInt32());
        Assert.Equal(inject.Pid, refusedInject.GetProperty("callerPid").GetInt32());
        Assert.Equal("intruder", refusedInject.Str("hookName"));
        Assert.Equal("coder", refusedInject.Str("session"));
        Assert.Contains("uid 65534", refusedInject.Str("errorMessage"), StringComparison.Ordinal);
        Assert.Contains(entries, e => e.Str("action") == "session.show" && e.Str("outcome") == "refused" && e.GetProperty("callerUid").GetInt32() == Nobody);
        Assert.Contains(entries, e => e.Str("action") == "audit.read" && e.Str("outcome") == "refused");
        Assert.Contains(entries, e => e.Str("action") == "daemon.shutdown" && e.Str("outcome") == "refused");
        Assert.Contains(entries, e => e.Str("action") == "inject" && e.Str("outcome") == "completed" && e.GetProperty("callerUid").GetInt32() == AuditLogTests.CurrentUid());
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Nobody_WithTokenForTheSession_InjectsThere_AndNotIntoAnotherSession()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        await user.CreateThreadAsync("other", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        using var binCopy = new TempDirectory("bn");
        var created = await baton.RunAsync(Token, "token", "create", "--session", "coder", "--scope", "inject", "--name", "ci", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var grant = JsonOutput.Single(created.StdOut);
        var secret = grant.Str("token");
        var tokenId = grant.GetProperty("info").Str("id");

        // Same misconfigured permissions as above, so the socket is reachable and only identity decides.
        File.SetUnixFileMode(baton.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(baton.SocketPath, (UnixFileMode)0b110_110_110);
        var cli = await ExecutableForNobodyAsync(binCopy);
        var withToken = new Dictionary<string, string> { ["CI_TOKEN"] = secret };

        var allowed = await baton.RunAsUserAsync(Nobody, cli, ["inject", "coder", "--text", "from nobody with a token", "--wait", "--token-env", "CI_TOKEN"], Token, withToken);
        var elsewhere = await baton.RunAsUserAsync(Nobody, cli, ["inject", "other", "--text", "nobody elsewhere", "--token-env", "CI_TOKEN"], Token, withToken);

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("from nobody with a token", allowed.StdOut, StringComparison.Ordinal);
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage?.Contains("from nobody with a token", StringComparison.Ordinal) == true);
        Assert.True(elsewhere.ExitCode == 5, elsewhere.ToString());
        Assert.Contains(tokenId, elsewhere.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Model.Requests, r => r.Body.Contains("nobody elsewhere", StringComparison.Ordinal));

        // The audit log names the token by its id, never the secret.
        var log = await baton.RunAsync(Token, "log", "--json");
        Assert.DoesNotContain(secret, log.StdOut, StringComparison.Ordinal);
        var entries = AuditLogTests.Entries(log.StdOut);
        Assert.Contains(entries, e => e.Str("action") == "inject" && e.Str("outcome") == "completed" && e.Str("tokenId") == tokenId && e.GetProperty("callerUid").GetInt32() == Nobody);
        Assert.Contains(entries, e => e.Str("action") == "inject" && e.Str("outcome") == "refused" && e.Str("tokenId") == tokenId && e.Str("session") == "other");
    }

    /// <summary>
    /// The published CLI, as a path <c>nobody</c> may execute: artifacts/bin itself when every folder above it lets
    /// others through, else a copy of that folder in a world-readable temp folder.
    /// </summary>
    private static async Task<string> ExecutableForNobodyAsync(TempDirectory copyFolder)
    {
        var original = RepositoryLayout.BatonExecutable;
        if (await NobodyCanExecuteAsync(original))
        {
            return original;
        }

        foreach (var file in Directory.EnumerateFiles(RepositoryLayout.BinDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copyFolder.Path, Path.GetRelativePath(RepositoryLayout.BinDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var copy = Path.Combine(copyFolder.Path, "baton");
        Assert.True(await NobodyCanExecuteAsync(copy), $"nobody cannot execute {copy} either");
        return copy;
    }

    private static async Task<bool> NobodyCanExecuteAsync(string path)
    {
        using var test = Process.Start(new ProcessStartInfo("setpriv", [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "test", "-x", path]))!;
        await test.WaitForExitAsync(Token);
        return test.ExitCode == 0;
    }
}
