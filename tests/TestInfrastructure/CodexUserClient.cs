using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Baton.Agents.Codex;
using Baton.Agents.Codex.Rpc;

namespace Baton.Tests.Infrastructure;

/// <summary>
/// Plays the user's own Codex client (what the TUI does): creates and names threads over the app-server socket and
/// keeps its connection open, so the threads it opened stay live for the test.
/// </summary>
public sealed class CodexUserClient : IAsyncDisposable
{
    private readonly JsonRpcConnection _connection;
    private readonly Channel<(string Method, JsonElement Id, JsonElement Parameters)> _questions;

    private CodexUserClient(JsonRpcConnection connection, Channel<(string, JsonElement, JsonElement)> questions)
    {
        _connection = connection;
        _questions = questions;
    }

    public static async Task<CodexUserClient> ConnectAsync(CodexHome home, CancellationToken cancellationToken)
    {
        // What the app-server asks this client (approvals, as the TUI is asked), kept until the test reads them.
        var questions = Channel.CreateUnbounded<(string, JsonElement, JsonElement)>();
        var connection = await JsonRpcConnection.OpenAsync(
            home.SocketPath, (_, _) => { }, (method, id, parameters) => questions.Writer.TryWrite((method, id, parameters)), cancellationToken);
        await connection.RequestAsync(
            "initialize",
            new JsonObject
            {
                ["clientInfo"] = new JsonObject { ["name"] = "baton-test-user", ["title"] = null, ["version"] = "0" },
                ["capabilities"] = new JsonObject { ["experimentalApi"] = true },
            },
            cancellationToken);
        await connection.NotifyAsync("initialized", null, cancellationToken);
        return new CodexUserClient(connection, questions);
    }

    /// <summary>Starts a new thread in <paramref name="cwd"/> and names it; returns the thread id.</summary>
    public async Task<string> CreateThreadAsync(string? name, string cwd, CancellationToken cancellationToken)
    {
        var started = await _connection.RequestAsync("thread/start", new JsonObject { ["cwd"] = cwd }, cancellationToken);
        var id = started.GetProperty("thread").GetProperty("id").GetString()!;
        if (name is not null)
        {
            await _connection.RequestAsync("thread/name/set", new JsonObject { ["threadId"] = id, ["name"] = name }, cancellationToken);
        }

        return id;
    }

    /// <summary>Renames the thread, as <c>/rename</c> in the TUI does.</summary>
    public Task RenameThreadAsync(string threadId, string name, CancellationToken cancellationToken) =>
        _connection.RequestAsync("thread/name/set", new JsonObject { ["threadId"] = threadId, ["name"] = name }, cancellationToken);

    /// <summary>Starts a turn as the user would by typing, and returns its id.</summary>
    public async Task<string> StartTurnAsync(string threadId, string text, CancellationToken cancellationToken)
    {
        var result = await _connection.RequestAsync(
            "turn/start",
            new JsonObject
            {
                ["threadId"] = threadId,
                ["input"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text, ["text_elements"] = new JsonArray() }),
            },
            cancellationToken);
        return result.GetProperty("turn").GetProperty("id").GetString()!;
    }

    /// <summary>Loads (or rejoins) a thread, as opening it in the TUI does.</summary>
    public Task<JsonElement> ResumeThreadAsync(string threadId, CancellationToken cancellationToken) =>
        _connection.RequestAsync("thread/resume", new JsonObject { ["threadId"] = threadId, ["excludeTurns"] = true }, cancellationToken);

    /// <summary>Every turn of the thread with its items, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListTurnsAsync(string threadId, CancellationToken cancellationToken)
    {
        var page = await _connection.RequestAsync(
            "thread/turns/list",
            new JsonObject { ["threadId"] = threadId, ["limit"] = 100, ["sortDirection"] = "asc", ["itemsView"] = "full" },
            cancellationToken);
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    /// <summary>The next request the app-server sent this client, such as <c>item/commandExecution/requestApproval</c>.</summary>
    public async Task<(string Method, JsonElement Id, JsonElement Parameters)> NextQuestionAsync(CancellationToken cancellationToken) =>
        await _questions.Reader.ReadAsync(cancellationToken);

    /// <summary>Answers an approval request as a person in the TUI would: <c>accept</c> or <c>decline</c>.</summary>
    public Task AnswerApprovalAsync(JsonElement requestId, string decision, CancellationToken cancellationToken) =>
        _connection.RespondAsync(requestId, new JsonObject { ["decision"] = decision }, cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
