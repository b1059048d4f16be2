using System.Net;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The TLS listener (<c>daemon start --listen</c>) and the CLI's remote mode (<c>--remote --token-env
/// --fingerprint</c>): TLS only, a valid token on every request, and a token opens its one session only.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RemoteListenerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Remote_PinnedFingerprintAndToken_InjectReachesModel_WrongPinFailsNamingBoth()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var listener = await TlsListener.StartAsync(baton, Token);
        var (token, id) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "coder");
        var wrongPin = "SHA256:" + string.Join(':', Enumerable.Repeat("AB", 32));

        var pinnedWrong = await baton.RunAsync(
            ["inject", "coder", "--text", "must not arrive", "--remote", listener.Url, "--fingerprint", wrongPin, "--token-env", "T"],
            Token, environment: new Dictionary<string, string> { ["T"] = token });
        var untrusted = await baton.RunAsync(
            ["sessions", "--remote", listener.Url, "--token-env", "T"], Token, environment: new Dictionary<string, string> { ["T"] = token });
        var injected = await listener.RunRemoteAsync(baton, token, Token, "inject", "coder", "--text", "over TLS with a token", "--wait", "--json");
        var sessions = await listener.RunRemoteAsync(baton, token, Token, "sessions", "--json");

        Assert.True(pinnedWrong.ExitCode == 8, pinnedWrong.ToString());
        Assert.Contains(listener.Fingerprint, pinnedWrong.StdErr, StringComparison.Ordinal);
        Assert.Contains(wrongPin, pinnedWrong.StdErr, StringComparison.Ordinal);
        Assert.True(untrusted.ExitCode == 8, untrusted.ToString());
        Assert.Contains("not trusted", untrusted.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage == "must not arrive");

        Assert.True(injected.ExitCode == 0, injected.ToString());
        var receipt = JsonOutput.Single(injected.StdOut);
        Assert.Equal("completed", receipt.Str("status"));
        Assert.Equal(threadId, receipt.GetProperty("session").Str("id"));
        Assert.Contains("last='over TLS with a token'", receipt.Str("reply"), StringComparison.Ordinal);
        Assert.Contains(codex.Model.Requests, r => r.LastUserMessage == "over TLS with a token");
        Assert.True(sessions.ExitCode == 0, sessions.ToString());
        Assert.Equal(threadId, Assert.Single(JsonOutput.Single(sessions.StdOut).GetProperty("sessions").EnumerateArray()).Str("id"));

        // The fingerprint is also accepted as plain lower-case hex without colons.
        var plainHex = listener.Fingerprint["SHA256:".Length..].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        var status = await baton.RunAsync(
            ["daemon", "status", "--remote", listener.Url, "--fingerprint", plainHex, "--token-env", "T"], Token,
            environment: new Dictionary<string, string> { ["T"] = token });
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(id, (await baton.RunAsync(Token, "token", "list")).StdOut, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Remote_NoWrongExpiredOrRevokedToken_401AndExit5_PlainHttpGetsNothing()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var listener = await TlsListener.StartAsync(baton, Token);
        var (good, _) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "coder");
        var (shortLived, shortId) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "coder", "--ttl", "1s");
        var (revoked, revokedId) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "coder");
        Assert.Equal(0, (await baton.RunAsync(Token, "token", "revoke", revokedId)).ExitCode);
        var goodId = good.Substring("baton_".Length, 20);
        var wrongSecret = $"baton_{goodId}_{new string('A', 43)}";

        // Raw HTTP: every request on TCP needs a valid token, even the status probe.
        using (var anonymous = listener.RawClient(token: null))
        {
            using var response = await anonymous.GetAsync("v1/status", Token);
            var problem = await TlsListener.ProblemAsync(response, Token);
            Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized"), (problem.Status, problem.Code));
            Assert.Contains("bearer token", problem.Detail, StringComparison.Ordinal);
        }

        using (var wrong = listener.RawClient(wrongSecret))
        {
            using var response = await wrong.GetAsync("v1/sessions", Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await TlsListener.ProblemAsync(response, Token)).Status);
        }

        using (var ok = listener.RawClient(good))
        {
            using var response = await ok.GetAsync("v1/sessions", Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Plain HTTP to the TLS port: no HTTP answer at all.
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(listener.Url.Replace("https://", "http://", StringComparison.Ordinal) + "/v1/status", Token));
        }

        // Past the 1 s lifetime (the daemon compares with its own clock).
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        var noToken = await baton.RunAsync(Token, "sessions", "--remote", listener.Url, "--fingerprint", listener.Fingerprint);
        var wrongResult = await listener.RunRemoteAsync(baton, wrongSecret, Token, "sessions");
        var expired = await listener.RunRemoteAsync(baton, shortLived, Token, "inject", "coder", "--text", "expired token");
        var revokedResult = await listener.RunRemoteAsync(baton, revoked, Token, "inject", "coder", "--text", "revoked token");

        Assert.True(noToken.ExitCode == 2, noToken.ToString());
        Assert.Contains("--token-env", noToken.StdErr, StringComparison.Ordinal);
        Assert.True(wrongResult.ExitCode == 5, wrongResult.ToString());
        Assert.Contains($"Unknown token {goodId}", wrongResult.StdErr, StringComparison.Ordinal);
        Assert.True(expired.ExitCode == 5, expired.ToString());
        Assert.Contains($"Token {shortId} expired at", expired.StdErr, StringComparison.Ordinal);
        Assert.True(revokedResult.ExitCode == 5, revokedResult.ToString());
        Assert.Contains($"Token {revokedId} was revoked", revokedResult.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage is "expired token" or "revoked token");

        // Every refusal is in the owner's audit log: what was asked, from where, which token; never a secret.
        var log = await baton.RunAsync(Token, "log", "--json");
        Assert.True(log.ExitCode == 0, log.ToString());
        var refusals = AuditLogTests.Entries(log.StdOut).Where(e => e.Str("action") == "authenticate").ToList();
        Assert.All(refusals, e => Assert.Equal(("refused", "unauthorized"), (e.Str("outcome"), e.Str("errorCode"))));
        Assert.Equal(5, refusals.Count);
        Assert.All(refusals, e => Assert.False(e.TryGetProperty("callerUid", out _), "a TCP caller has no uid"));
        var messages = refusals.Select(e => e.Str("errorMessage")).ToList();
        Assert.Contains(messages, m => m.StartsWith("GET /v1/status from 127.0.0.1:", StringComparison.Ordinal) && m.Contains("bearer token", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("GET /v1/sessions from 127.0.0.1:", StringComparison.Ordinal) && m.Contains($"Unknown token {goodId}", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("POST /v1/sessions/coder/messages from ", StringComparison.Ordinal) && m.Contains($"Token {shortId} expired at", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("POST /v1/sessions/coder/messages from ", StringComparison.Ordinal) && m.Contains($"Token {revokedId} was revoked", StringComparison.Ordinal));
        // The secret is everything after "baton_", the 20-character id and its "_"; it may hold "_" itself (base64url).
        foreach (var secret in new[] { wrongSecret, good, shortLived, revoked }.Select(t => t[("baton_".Length + 20 + 1)..]))
        {
            Assert.Equal(43, secret.Length);
            Assert.DoesNotContain(secret, log.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Remote_TokenForOneSession_CannotInjectIntoAnother_ReadScopeCannotInject_NoTokenManagement()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var alpha = await user.CreateThreadAsync("alpha", codex.WorkDirectory, Token);
        var beta = await user.CreateThreadAsync("beta", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var listener = await TlsListener.StartAsync(baton, Token);
        var (forAlpha, _) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "alpha");
        var (readAlpha, readId) = await TlsListener.CreateTokenAsync(baton, Token, "--session", alpha, "--scope", "read");

        var intoBeta = await listener.RunRemoteAsync(baton, forAlpha, Token, "inject", "beta", "--text", "not for beta");
        var intoBetaById = await listener.RunRemoteAsync(baton, forAlpha, Token, "inject", beta, "--text", "not for beta either");
        var showBeta = await listener.RunRemoteAsync(baton, forAlpha, Token, "show", "beta");
        var readOnly = await listener.RunRemoteAsync(baton, readAlpha, Token, "inject", "alpha", "--text", "read scope");
        var readShow = await listener.RunRemoteAsync(baton, readAlpha, Token, "show", "alpha", "--json");
        var mint = await listener.RunRemoteAsync(baton, forAlpha, Token, "token", "create", "--session", "alpha");
        var list = await listener.RunRemoteAsync(baton, forAlpha, Token, "token", "list");
        var stop = await listener.RunRemoteAsync(baton, forAlpha, Token, "daemon", "stop");
        using var raw = listener.RawClient(forAlpha);
        using var rawInject = await raw.PostAsync(
            $"v1/sessions/beta/messages", new StringContent("""{"text":"raw into beta"}""", System.Text.Encoding.UTF8, "application/json"), Token);
        using var rawShutdown = await raw.PostAsync("v1/shutdown", content: null, Token);

        Assert.True(intoBeta.ExitCode == 5, intoBeta.ToString());
        Assert.Contains("may not inject into session 'beta'", intoBeta.StdErr, StringComparison.Ordinal);
        Assert.True(intoBetaById.ExitCode == 5, intoBetaById.ToString());
        Assert.True(showBeta.ExitCode == 5, showBeta.ToString());
        Assert.True(readOnly.ExitCode == 5, readOnly.ToString());
        Assert.Contains(readId, readOnly.StdErr, StringComparison.Ordinal);
        Assert.True(readShow.ExitCode == 0, readShow.ToString());
        Assert.True(mint.ExitCode == 5, mint.ToString());
        Assert.Contains("may not create tokens", mint.StdErr, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 5, list.ToString());
        Assert.True(stop.ExitCode == 2, stop.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, rawInject.StatusCode);
        Assert.Equal("refused", (await TlsListener.ProblemAsync(rawInject, Token)).Code);
        Assert.Equal(HttpStatusCode.Forbidden, rawShutdown.StatusCode);
        Assert.NotNull(baton.DaemonPid());
        Assert.DoesNotContain(codex.Model.Requests, r => r.LastUserMessage is "not for beta" or "not for beta either" or "read scope" or "raw into beta");
    }

    // Four daemon starts and stops: the Codex budget, not the short one, so a loaded CI machine does not time it out.
    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task Listener_RestartKeepsSelfSignedCertificate_KeyIsOwnerOnly_NonLoopbackRefused()
    {
        using var baton = new BatonTestHome();
        var first = await TlsListener.StartAsync(baton, Token);
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "stop")).ExitCode);
        var second = await TlsListener.StartAsync(baton, Token);
        Assert.Equal(0, (await baton.RunAsync(Token, "daemon", "stop")).ExitCode);

        var anyAddress = await baton.RunAsync(Token, "daemon", "run", "--listen", "tcp://0.0.0.0:8443");
        var notAnAddress = await baton.RunAsync(Token, "daemon", "start", "--listen", "http://127.0.0.1:8443");

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.NotEqual(first.Url, second.Url);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(baton.Path, "tls", "listener.key")));
        Assert.NotEqual(0, anyAddress.ExitCode);
        Assert.Contains("not a loopback address", anyAddress.StdErr + anyAddress.StdOut, StringComparison.Ordinal);
        Assert.True(notAnAddress.ExitCode == 2, notAnAddress.ToString());
        Assert.Contains("tcp://127.0.0.1:PORT", notAnAddress.StdErr, StringComparison.Ordinal);
        Assert.Null(baton.DaemonPid());
    }
}
