using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.Codex.Rpc;

/// <summary>
/// One JSON-RPC 2.0 conversation with a Codex app-server over a WebSocket: one message per text frame.
/// Requests are matched to answers by id; notifications go to the handler given at open, on the receive loop,
/// in the order the server sent them (handlers must be quick and must not block).
/// </summary>
/// <remarks>
/// Codex omits the <c>"jsonrpc"</c> field and accepts integer or string ids. The server does not answer a
/// Close frame with its own, so closing only sends ours and drops the connection.
/// </remarks>
internal sealed class JsonRpcConnection : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Action<string, JsonElement> _onNotification;
    private readonly Action<string, JsonElement, JsonElement> _onServerRequest;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private long _nextId;

    private JsonRpcConnection(
        WebSocket socket,
        Action<string, JsonElement> onNotification,
        Action<string, JsonElement, JsonElement> onServerRequest)
    {
        _socket = socket;
        _onNotification = onNotification;
        _onServerRequest = onServerRequest;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Completes when the connection is gone, for whatever reason.</summary>
    public Task Completion => _receiveLoop;

    public bool IsOpen => !_receiveLoop.IsCompleted;

    public static async Task<JsonRpcConnection> OpenAsync(
        string socketPath,
        Action<string, JsonElement> onNotification,
        Action<string, JsonElement, JsonElement> onServerRequest,
        CancellationToken cancellationToken)
    {
        var socket = await UnixWebSocketConnector.ConnectAsync(socketPath, cancellationToken);
        return new JsonRpcConnection(socket, onNotification, onServerRequest);
    }

    public async Task<JsonElement> RequestAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingRequest(method);
        _pending[id] = pending;
        try
        {
            var message = new JsonObject { ["id"] = id, ["method"] = method };
            if (parameters is not null)
            {
                message["params"] = parameters;
            }

            await SendAsync(message, cancellationToken);
            if (!IsOpen)
            {
                // The loop may have failed every pending request before ours was registered.
                pending.Fail(new JsonRpcConnectionLostException($"The connection to the Codex app-server closed before '{method}' was answered."));
            }

            return await pending.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return SendAsync(message, cancellationToken);
    }

    /// <summary>Answers a request the server sent (<c>onServerRequest</c>) with <paramref name="result"/>.</summary>
    public Task RespondAsync(JsonElement id, JsonObject result, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject { ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result }, cancellationToken);

    public Task RespondErrorAsync(JsonElement id, int code, string text, CancellationToken cancellationToken) =>
        SendAsync(
            new JsonObject
            {
                ["id"] = JsonNode.Parse(id.GetRawText()),
                ["error"] = new JsonObject { ["code"] = code, ["message"] = text },
            },
            cancellationToken);

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            throw new JsonRpcConnectionLostException("The connection to the Codex app-server is closed.", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        Exception? failure = null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _stopping.Token);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Dispatch(buffer.WrittenMemory);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        var lost = new JsonRpcConnectionLostException(
            "The connection to the Codex app-server was lost." + (failure is null || _stopping.IsCancellationRequested ? string.Empty : $" ({failure.Message})"),
            failure);
        foreach (var pending in _pending.Values)
        {
            pending.Fail(lost);
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        var hasId = root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
        var hasMethod = root.TryGetProperty("method", out var methodElement);
        var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;

        if (hasMethod && hasId)
        {
            _onServerRequest(methodElement.GetString() ?? string.Empty, id.Clone(), parameters);
            return;
        }

        if (hasMethod)
        {
            _onNotification(methodElement.GetString() ?? string.Empty, parameters);
            return;
        }

        if (!hasId || id.ValueKind != JsonValueKind.Number || !_pending.TryGetValue(id.GetInt64(), out var pending))
        {
            return;
        }

        if (root.TryGetProperty("error", out var error))
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
            var text = error.TryGetProperty("message", out var m) ? m.GetString() ?? "unknown error" : "unknown error";
            pending.Fail(new JsonRpcErrorException(pending.Method, code, text));
        }
        else
        {
            pending.Complete(root.TryGetProperty("result", out var r) ? r.Clone() : default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", quick.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server drops the connection instead of answering our Close frame; that is the normal end.
        }

        _socket.Abort();
        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _sendLock.Dispose();
    }

    private sealed class PendingRequest(string method)
    {
        private readonly TaskCompletionSource<JsonElement> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Method { get; } = method;

        public Task<JsonElement> Task => _completion.Task;

        public void Complete(JsonElement result) => _completion.TrySetResult(result);

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
