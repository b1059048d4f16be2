using Baton.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// One real Codex app-server with a live session <c>coder</c>, and one Baton daemon on it, shared by every hostile
/// input so the corpus also proves the same daemon keeps serving through all of them. Its config.json shortens
/// the header timeout (so the trickle case is quick) and lowers the connection cap below 1,000.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    public const int MaxConnections = 200;
    public const int HeadersTimeoutSeconds = 2;

    private CodexTestEnvironment? _codex;
    private CodexUserClient? _user;
    private BatonTestHome? _baton;

    public CodexTestEnvironment Codex => _codex ?? throw new InvalidOperationException("not started");

    public BatonTestHome Baton => _baton ?? throw new InvalidOperationException("not started");

    public string SocketPath => Baton.SocketPath;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Codex);
        _codex = await CodexTestEnvironment.StartAsync(timeout.Token);
        _user = await _codex.ConnectUserAsync(timeout.Token);
        await _user.CreateThreadAsync("coder", _codex.WorkDirectory, timeout.Token);
        _baton = new BatonTestHome(_codex.Home.Path);
        await File.WriteAllTextAsync(
            Path.Combine(_baton.Path, "config.json"),
            $$"""{ "limits": { "maxConcurrentConnections": {{MaxConnections}}, "requestHeadersTimeoutSeconds": {{HeadersTimeoutSeconds}} } }""",
            timeout.Token);
        var start = await _baton.RunAsync(timeout.Token, "daemon", "start");
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("baton daemon start failed: " + start);
        }
    }

    /// <summary>Rows in the messages and idempotency-key tables, read straight from the SQLite file.</summary>
    public (long Messages, long Keys) CountRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Baton.Path, "baton.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return (Scalar(connection, "SELECT count(*) FROM messages"), Scalar(connection, "SELECT count(*) FROM idempotency_keys"));
    }

    /// <summary>Every message text in the store, to prove no hostile text was kept, whole or in part.</summary>
    public List<string> StoredTexts()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Baton.Path, "baton.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM messages";
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>The daemon still answers a plain request.</summary>
    public async Task AssertServingAsync(CancellationToken cancellationToken)
    {
        var status = await RawHttp.SendAsync(SocketPath, RawHttp.Request("GET", "/v1/status"), cancellationToken);
        Assert.True(status.Status == 200, "the daemon stopped serving: " + status);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        _baton?.Dispose();
        if (_user is not null)
        {
            await _user.DisposeAsync();
        }

        if (_codex is not null)
        {
            await _codex.DisposeAsync();
        }
    }
}
