using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Baton.ScriptedModel;

/// <summary>
/// Writes one assistant message as the Responses API streams it: <c>response.created</c>,
/// <c>response.output_item.added</c>, text deltas, <c>response.output_item.done</c>, <c>response.completed</c>.
/// </summary>
internal sealed class ResponsesEventStream(HttpResponse response, string responseId, string itemId)
{
    private const int DeltaCount = 10;

    public async Task WriteAsync(string text, TimeSpan duration, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        await SendAsync("response.created", new JsonObject { ["response"] = Response("in_progress", new JsonArray()) }, cancellationToken);
        await SendAsync("response.output_item.added", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = new JsonObject { ["id"] = itemId, ["type"] = "message", ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() },
        }, cancellationToken);

        var pieces = Split(text, DeltaCount);
        var pause = duration / Math.Max(1, pieces.Count);
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

        var item = new JsonObject
        {
            ["id"] = itemId,
            ["type"] = "message",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
        };
        await SendAsync("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = item }, cancellationToken);
        var completed = Response("completed", new JsonArray(item.DeepClone()));
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

    private async Task SendAsync(string type, JsonObject data, CancellationToken cancellationToken)
    {
        data["type"] = type;
        await response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static List<string> Split(string text, int count)
    {
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)count));
        var pieces = new List<string>();
        for (var i = 0; i < text.Length; i += size)
        {
            // Never split a surrogate pair: a lone half is not valid UTF-8 on the wire.
            var length = Math.Min(size, text.Length - i);
            if (i + length < text.Length && char.IsHighSurrogate(text[i + length - 1]))
            {
                length++;
            }

            pieces.Add(text.Substring(i, length));
            i += length - size;
        }

        return pieces;
    }
}
