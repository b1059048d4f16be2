using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.ScriptedModel;

/// <summary>
/// Writes one assistant message (or one tool call) as the Responses API streams it: <c>response.created</c>,
/// <c>response.output_item.added</c>, text deltas, <c>response.output_item.done</c>, <c>response.completed</c>.
/// </summary>
/// <remarks>
/// Codex 0.169.0 dispatches on the JSON <c>type</c> field, not on the SSE <c>event:</c> line (sent anyway, as the
/// real API does). The turn's answer comes from <c>output_item.done</c>; the deltas only feed live UIs.
/// <c>response.completed</c> must carry <c>response.id</c>, and its <c>usage</c>, when present, needs
/// <c>input_tokens</c>, <c>output_tokens</c> and <c>total_tokens</c>, or Codex reports the stream as failed.
/// Codex treats the turn as done only when the stream ends after <c>response.completed</c>.
/// </remarks>
internal sealed class ResponsesEventStream(HttpResponse response, string responseId, string itemId)
{
    private const int DeltaCount = 10;
    private int _sequenceNumber;

    public async Task WriteAsync(string text, TimeSpan duration, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        await SendAsync("response.output_item.added", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = Message("in_progress", []),
        }, cancellationToken);

        var pieces = Split(text, DeltaCount);
        var pause = duration / pieces.Count;
        foreach (var piece in pieces)
        {
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }

            await SendAsync("response.output_text.delta", new JsonObject
            {
                ["item_id"] = itemId,
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = piece,
            }, cancellationToken);
        }

        var item = Message("completed", [new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }]);
        await CompleteAsync(item, cancellationToken);
    }

    /// <summary>
    /// Asks Codex to run <paramref name="command"/> with its <c>exec_command</c> tool (the one Codex 0.169.0 offers
    /// this model): inside the sandbox when <paramref name="sandboxed"/> (in a shell that is not a login shell), else
    /// outside it, for which, unless the approval policy is <c>never</c>, Codex asks a person first.
    /// </summary>
    public async Task WriteCommandCallAsync(string command, bool sandboxed, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var arguments = new JsonObject { ["cmd"] = command };
        if (sandboxed)
        {
            // Not a login shell, whose profile would reset the PATH that the Codex home's configuration sets.
            arguments["login"] = false;
        }
        else
        {
            arguments["sandbox_permissions"] = "require_escalated";
            arguments["justification"] = "The scripted model was told to run this command.";
        }

        var call = new JsonObject
        {
            ["id"] = itemId,
            ["type"] = "function_call",
            ["call_id"] = "call_" + itemId,
            ["name"] = "exec_command",
            ["arguments"] = arguments.ToJsonString(),
        };
        var started = (JsonObject)call.DeepClone();
        started["status"] = "in_progress";
        await SendAsync("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = started }, cancellationToken);
        call["status"] = "completed";
        await CompleteAsync(call, cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await SendAsync("response.created", new JsonObject { ["response"] = Response("in_progress", []) }, cancellationToken);
    }

    /// <summary>The item's <c>output_item.done</c>, then <c>response.completed</c> carrying it.</summary>
    private async Task CompleteAsync(JsonObject item, CancellationToken cancellationToken)
    {
        await SendAsync("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = item }, cancellationToken);

        var completed = Response("completed", [item.DeepClone()]);
        completed["usage"] = new JsonObject
        {
            ["input_tokens"] = 10,
            ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["output_tokens"] = 5,
            ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
            ["total_tokens"] = 15,
        };
        await SendAsync("response.completed", new JsonObject { ["response"] = completed }, cancellationToken);
    }

    private JsonObject Response(string status, JsonArray output) => new()
    {
        ["id"] = responseId,
        ["object"] = "response",
        ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["status"] = status,
        ["model"] = "fake-model",
        ["output"] = output,
    };

    private JsonObject Message(string status, JsonArray content) => new()
    {
        ["id"] = itemId,
        ["type"] = "message",
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = content,
    };

    private async Task SendAsync(string type, JsonObject data, CancellationToken cancellationToken)
    {
        data["type"] = type;
        data["sequence_number"] = _sequenceNumber++;
        await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"event: {type}\ndata: {data.ToJsonString()}\n\n"), cancellationToken);

        // Each event must leave at once: with SLOW= the client watches the deltas arrive over time.
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Splits <paramref name="text"/> into at most <paramref name="count"/> pieces; always at least one.</summary>
    internal static List<string> Split(string text, int count)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)count));
        var pieces = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(size, text.Length - start);

            // Never split a surrogate pair: a lone half is not valid UTF-8 on the wire.
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length++;
            }

            pieces.Add(text.Substring(start, length));
            start += length;
        }

        if (pieces.Count == 0)
        {
            pieces.Add(string.Empty);
        }

        return pieces;
    }
}
