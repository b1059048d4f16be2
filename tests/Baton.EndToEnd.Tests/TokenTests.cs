using System.Text;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary><c>baton token create|list|revoke</c> by the owner over the socket: shown once, stored as a hash only.</summary>
public sealed class TokenTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task TokenCreate_PrintsTokenOnce_ListAndDatabaseNeverHoldIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        var threadId = await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var created = await baton.RunAsync(Token, "token", "create", "--session", "coder", "--scope", "read", "--ttl", "1h", "--name", "ci-job");

        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.StdOut.Trim();
        Assert.Matches("^baton_tok_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", token);
        var id = token.Substring("baton_".Length, "tok_".Length + 16);
        var secret = token[("baton_".Length + id.Length + 1)..];
        Assert.Contains(id, created.StdErr, StringComparison.Ordinal);
        Assert.Contains(threadId, created.StdErr, StringComparison.Ordinal);
        Assert.Contains("shown only now", created.StdErr, StringComparison.Ordinal);

        var list = await baton.RunAsync(Token, "token", "list");
        var listJson = await baton.RunAsync(Token, "token", "list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.StdOut, StringComparison.Ordinal);
        Assert.Contains("ci-job", list.StdOut, StringComparison.Ordinal);
        Assert.Contains("read", list.StdOut, StringComparison.Ordinal);
        Assert.Contains("active", list.StdOut, StringComparison.Ordinal);
        var entry = Assert.Single(JsonOutput.Single(listJson.StdOut).GetProperty("tokens").EnumerateArray());
        Assert.Equal(id, entry.Str("id"));
        Assert.Equal(threadId, entry.Str("sessionId"));
        Assert.Equal("coder", entry.Str("sessionName"));
        Assert.NotEqual(string.Empty, entry.Str("expiresAt"));
        foreach (var output in new[] { list.StdOut, list.StdErr, listJson.StdOut, listJson.StdErr })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        // The store (database and its WAL, as the daemon left them) knows the token's id but never its secret.
        var stored = StoredBytes(baton);
        Assert.Contains(id, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.Contains(Encoding.Latin1.GetString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task TokenCreateAndRevoke_UnknownSessionOrId_Exit3NamingIt()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        using var baton = new BatonTestHome(codex.Home.Path);

        var noSession = await baton.RunAsync(Token, "token", "create", "--session", "no-such-session");
        var noToken = await baton.RunAsync(Token, "token", "revoke", "tok_0123456789abcdef");
        var badScope = await baton.RunAsync(Token, "token", "create", "--session", "x", "--scope", "admin");

        Assert.True(noSession.ExitCode == 3, noSession.ToString());
        Assert.Contains("no-such-session", noSession.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, noSession.StdOut);
        Assert.True(noToken.ExitCode == 3, noToken.ToString());
        Assert.Contains("tok_0123456789abcdef", noToken.StdErr, StringComparison.Ordinal);
        Assert.True(badScope.ExitCode == 2, badScope.ToString());
    }

    [Fact(Timeout = TestTimeouts.Codex)]
    public async Task TokenRevoke_ListShowsRevoked_AndTokenOnSocketIsRefused()
    {
        await using var codex = await CodexTestEnvironment.StartAsync(Token);
        await using var user = await codex.ConnectUserAsync(Token);
        await user.CreateThreadAsync("coder", codex.WorkDirectory, Token);
        using var baton = new BatonTestHome(codex.Home.Path);
        var (token, id) = await TlsListener.CreateTokenAsync(baton, Token, "--session", "coder");

        var revoke = await baton.RunAsync(Token, "token", "revoke", id);
        var list = await baton.RunAsync(Token, "token", "list", "--json");
        var withRevoked = await baton.RunAsync(
            ["sessions", "--token-env", "MY_TOKEN"], Token, environment: new Dictionary<string, string> { ["MY_TOKEN"] = token });

        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Contains(id, revoke.StdOut, StringComparison.Ordinal);
        var entry = Assert.Single(JsonOutput.Single(list.StdOut).GetProperty("tokens").EnumerateArray());
        Assert.Equal("revoked", entry.Str("state"));
        Assert.NotEqual(string.Empty, entry.Str("revokedAt"));

        // A token that is presented must be good, even on the socket: a script learns its token was revoked.
        Assert.True(withRevoked.ExitCode == 5, withRevoked.ToString());
        Assert.Contains($"Token {id} was revoked", withRevoked.StdErr, StringComparison.Ordinal);
    }

    private static string StoredBytes(BatonTestHome baton)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(baton.Path, "baton.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }

        return text.ToString();
    }
}
